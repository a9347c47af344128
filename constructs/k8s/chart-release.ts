import { Release } from "@cdktf/provider-helm/lib/release";
import { Construct, dependOn, escapeTemplateSequences, type TerraformResource } from "../core";
import { Validator } from "../validation";
import type { SystemPods } from "./system-pods";

/**
 * A port on a chart's pods that the Kubernetes API server itself calls: an admission webhook or an
 * aggregated API. The cluster must let its control plane reach the nodes on it, or the API server
 * times out calling it (and refuses every matching request where the webhook's policy is `Fail`).
 */
export interface ControlPlaneTarget {
  /** Container port the API server connects to (not the Service port). */
  readonly port: number;
  /** What is served there, e.g. `istiod sidecar injector`. */
  readonly what: string;
}

/** A chart pinned to an exact version in a repository. */
export interface ChartRef {
  /** Repository URL (https:// or oci://). */
  readonly repository: string;
  readonly chart: string;
  /** Exact chart version; ranges are rejected. */
  readonly version: string;
  /**
   * Webhooks and aggregated APIs the chart registers with the values this repo sets, as recorded in
   * `chart-facts/<chart>.json` (a test keeps the two equal).
   * @default [] (the chart registers none)
   */
  readonly controlPlaneTargets?: readonly ControlPlaneTarget[];
}

export interface ChartReleaseProps<TValues extends object> {
  /** Helm release name. */
  readonly releaseName: string;
  readonly namespace: string;
  readonly chart: ChartRef;
  /** Typed values, serialized by {@link helmValues} (never string templates). */
  readonly values: TValues;
  /**
   * Create the namespace if it does not exist.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * Releases that must be installed first, e.g. the one that installs this release's CRDs.
   * @default - none
   */
  readonly dependsOn?: readonly (ChartRelease<object> | TerraformResource)[];
  /**
   * Seconds Helm waits for resources to become ready.
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /**
   * Pods the release places on system nodes, at most: the ones its values pin there and its
   * DaemonSets that tolerate the system taint. The cluster checks that its system node group holds
   * them (a test checks that every release whose values name the system nodes declares them).
   * @default - none
   */
  readonly systemPods?: SystemPods;
}

/**
 * Serializes typed values for Helm as JSON with sorted keys, two-space indented so plan diffs stay
 * line by line. JSON is YAML, and unlike YAML text it cannot be misread by Helm's YAML 1.1 parser:
 * every string is quoted, so `on`, `yes`, `0755` or `1:30` stay strings. It is also about 15 times
 * faster to produce than YAML, which matters because every synth serializes ~330 kB of values.
 * Repeated objects are written out in full (no anchors); a cycle throws. Literal `${` and `%{` are
 * escaped for Terraform, so only references to other resources are interpolated at apply time.
 */
export function helmValues(values: object): string {
  return escapeTemplateSequences(JSON.stringify(sortKeys(values, [], new Set()), null, 2));
}

/**
 * A copy with every object's keys sorted; throws on a cycle, naming where it closes. `path` holds
 * the keys down to `value`, joined only for that message.
 */
function sortKeys(value: unknown, path: (string | number)[], ancestors: Set<object>): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return value; // e.g. Date
  if (ancestors.has(value)) {
    const where = path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("");
    throw new Error(`values${where}: values contain a cycle; Helm values must be a tree`);
  }
  ancestors.add(value);
  if (Array.isArray(value)) {
    const out = value.map((item, i) => {
      path.push(i);
      const sorted = sortKeys(item, path, ancestors);
      path.pop();
      return sorted;
    });
    ancestors.delete(value);
    return out;
  }
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    path.push(key);
    sorted[key] = sortKeys((value as Record<string, unknown>)[key], path, ancestors);
    path.pop();
  }
  ancestors.delete(value);
  return sorted;
}

/**
 * A `helm_release` of a pinned chart with typed values. Atomic installs roll back on failure, and
 * `cleanup_on_fail` removes half-created resources.
 */
export class ChartRelease<TValues extends object> extends Construct {
  public readonly release: Release;
  public readonly chart: ChartRef;
  public readonly values: TValues;
  public readonly namespace: string;
  public readonly systemPods: SystemPods;

  constructor(scope: Construct, id: string, props: ChartReleaseProps<TValues>) {
    super(scope, id);
    new Validator(`ChartRelease ${this.node.path}`)
      .check(
        /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(props.chart.version),
        "chart.version",
        props.chart.version,
        "an exact semantic version",
        "pin the chart, e.g. 1.30.2",
      )
      .check(
        /^(https|oci):\/\/|^\.?\.?\//.test(props.chart.repository) || props.chart.repository === "",
        "chart.repository",
        props.chart.repository,
        "an https:// or oci:// URL",
        "use the chart's published repository",
      )
      .check(
        /^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/.test(props.releaseName),
        "releaseName",
        props.releaseName,
        "a DNS label of at most 53 characters",
        "Helm release names are DNS labels",
      )
      .throwIfAny();
    this.values = props.values;
    this.namespace = props.namespace;
    this.chart = props.chart;
    this.systemPods = props.systemPods ?? {};
    this.release = new Release(this, "Release", {
      name: props.releaseName,
      namespace: props.namespace,
      repository: props.chart.repository || undefined,
      chart: props.chart.chart,
      version: props.chart.version,
      createNamespace: props.createNamespace ?? true,
      atomic: true,
      cleanupOnFail: true,
      maxHistory: 10,
      timeout: props.timeoutSeconds ?? 600,
      values: [helmValues(props.values)],
    });
    dependOn(
      this.release,
      (props.dependsOn ?? []).map((d) => (d instanceof ChartRelease ? d.release : d)),
    );
  }
}

/** Every control-plane target of the charts released anywhere under `scope`, in tree order. */
export function controlPlaneTargetsOf(scope: Construct): ControlPlaneTarget[] {
  return scope.node
    .findAll()
    .filter((c): c is ChartRelease<object> => c instanceof ChartRelease)
    .flatMap((r) => r.chart.controlPlaneTargets ?? []);
}
