import { createHash } from "node:crypto";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { Construct, dependOn, type TerraformResource, Token } from "../core";
import { Validator } from "../validation";
import { isDnsLabel } from "./k8s-validation";

/** An environment variable name as the pods read it: upper case, digits and underscores. */
const SETTING_KEY = /^[A-Z][A-Z0-9_]*$/;

export interface ServiceConfigProps {
  /** ConfigMap name, a DNS label; by convention `<service>-config`. */
  readonly name: string;
  readonly namespace: string;
  /**
   * The service's non-secret settings, read by the pods as environment variables
   * (`envFrom.configMapRef`). Literal values only: their checksum rolls the pods when one changes.
   */
  readonly settings: Readonly<Record<string, string>>;
  /**
   * Resources the ConfigMap waits for, e.g. the namespace.
   * @default - none
   */
  readonly dependsOn?: readonly TerraformResource[];
}

/**
 * A service's application configuration: its non-secret settings (log level, debug mode, ...) in a
 * ConfigMap, with a checksum for the pod template's `checksum/config` annotation, so that changing a
 * setting rolls the pods (a Deployment's rolling update, a Rollout's canary) instead of leaving them
 * on the old values until they happen to restart. Secrets never go here: they reach the pods through
 * Secrets (DATABASE_URL) or the service's cloud identity.
 */
export class ServiceConfig extends Construct {
  public readonly configMapName: string;
  /** SHA-256 of the settings, in key order. */
  public readonly checksum: string;
  public readonly configMap: ConfigMapV1;

  constructor(scope: Construct, id: string, props: ServiceConfigProps) {
    super(scope, id);
    const v = new Validator(`ServiceConfig ${this.node.path}`).check(
      isDnsLabel(props.name),
      "name",
      props.name,
      "a DNS label",
      "ConfigMap names are DNS labels, e.g. user-service-config",
    );
    const keys = Object.keys(props.settings).sort();
    v.check(
      keys.length > 0,
      "settings",
      props.settings,
      "at least one setting",
      "omit the ConfigMap instead",
    );
    for (const key of keys) {
      const value = props.settings[key]!;
      v.check(
        SETTING_KEY.test(key),
        `settings.${key}`,
        key,
        "an environment variable name (A-Z, 0-9, _; starting with a letter)",
        "the pods read each key as a variable, e.g. LOG_LEVEL",
      ).check(
        !Token.isUnresolved(value),
        `settings.${key}`,
        value,
        "a literal value",
        "a value known only at apply time cannot be checksummed; pass it through a Secret or the pod's identity",
      );
    }
    v.throwIfAny();
    const data = Object.fromEntries(keys.map((k) => [k, props.settings[k]!]));
    this.configMapName = props.name;
    this.checksum = createHash("sha256").update(JSON.stringify(data)).digest("hex");
    this.configMap = new ConfigMapV1(this, "ConfigMap", {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: { "app.kubernetes.io/component": "config" },
      },
      data,
    });
    dependOn(this.configMap, props.dependsOn ?? []);
  }
}
