import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1";
import type { IAuthorizationPolicy } from "@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy";
import { Construct, type TerraformResource } from "../core";
import type { AppNamespaceProps } from "./app-namespace-props";
import { validateAppNamespace } from "./app-namespace-validation";
import { scaleQuantity } from "./k8s-validation";
import { toManifest } from "./manifest";
import { RawManifests } from "./raw-manifests";

export type { AppNamespaceProps, ComputeResources, NamespaceQuota } from "./app-namespace-props";

/** A namespace workloads can be placed in: its name, and what must exist before anything goes in. */
export interface IAppNamespace {
  readonly namespaceName: string;
  /** The namespace, its quota and its limit range: a workload `dependsOn` these. */
  readonly ready: readonly TerraformResource[];
}

/**
 * An application namespace: Pod Security `restricted` (enforced, audited and warned), Istio sidecar
 * injection, a ResourceQuota and LimitRange, and Istio authorization that denies everything except
 * the ingress gateway (and, optionally, Prometheus).
 */
export class AppNamespace extends Construct implements IAppNamespace {
  public readonly namespaceName: string;
  public readonly namespace: NamespaceV1;
  public readonly quota: ResourceQuotaV1;
  public readonly limitRange: LimitRangeV1;
  public readonly ready: readonly TerraformResource[];
  /** The AuthorizationPolicies, as delivered (`default-deny`, `allow-ingress`, `allow-monitoring`). */
  public readonly authorizationPolicies: readonly IAuthorizationPolicy[];
  public readonly policies: RawManifests;
  public readonly podSecurityVersion: string;
  public readonly limitsCpu: string;
  public readonly limitsMemory: string;
  public readonly metricsPath: string;

  constructor(scope: Construct, id: string, props: AppNamespaceProps) {
    super(scope, id);
    this.namespaceName = props.name;
    this.podSecurityVersion = props.podSecurityVersion ?? "latest";
    this.limitsCpu = props.quota.limitsCpu ?? scaleQuantity(props.quota.cpu, 2);
    this.limitsMemory = props.quota.limitsMemory ?? scaleQuantity(props.quota.memory, 2);
    this.metricsPath = props.metricsPath ?? "/metrics";
    validateAppNamespace(this.node.path, props, this);

    const ps = "pod-security.kubernetes.io";
    this.namespace = new NamespaceV1(this, "Namespace", {
      metadata: {
        name: props.name,
        labels: {
          ...Object.fromEntries(
            ["enforce", "audit", "warn"].flatMap((mode) => [
              [`${ps}/${mode}`, "restricted"],
              [`${ps}/${mode}-version`, this.podSecurityVersion],
            ]),
          ),
          ...(props.istioRevision
            ? { "istio.io/rev": props.istioRevision }
            : { "istio-injection": "enabled" }),
        },
      },
    });
    const metadata = (name: string) => ({ name, namespace: this.namespace.metadata.name });
    this.quota = new ResourceQuotaV1(this, "Quota", {
      metadata: metadata("compute"),
      spec: {
        hard: {
          "requests.cpu": props.quota.cpu,
          "requests.memory": props.quota.memory,
          "limits.cpu": this.limitsCpu,
          "limits.memory": this.limitsMemory,
          pods: String(props.quota.pods),
        },
      },
    });
    this.limitRange = new LimitRangeV1(this, "LimitRange", {
      metadata: metadata("container-defaults"),
      spec: {
        limit: [
          {
            type: "Container",
            defaultRequest: { cpu: props.defaultRequest.cpu, memory: props.defaultRequest.memory },
            default: { cpu: props.defaultLimit.cpu, memory: props.defaultLimit.memory },
          },
        ],
      },
    });
    this.ready = [this.namespace, this.quota, this.limitRange];

    this.authorizationPolicies = this.buildPolicies(props);
    this.policies = new RawManifests(this, "AuthorizationPolicies", {
      releaseName: `${props.name}-authz`,
      namespace: props.name,
      manifests: this.authorizationPolicies.map(toManifest),
      dependsOn: [props.istioCrdRelease, this.namespace],
    });
  }

  private buildPolicies(props: AppNamespaceProps): IAuthorizationPolicy[] {
    const policy = (name: string, spec: IAuthorizationPolicy["spec"]): IAuthorizationPolicy => ({
      apiVersion: "security.istio.io/v1",
      kind: "AuthorizationPolicy",
      metadata: { name, namespace: props.name },
      spec,
    });
    const allowFrom = (
      principals: readonly string[],
      to?: { methods: string[]; paths: string[] },
    ): IAuthorizationPolicy["spec"] => ({
      action: "ALLOW",
      rules: [
        { from: [{ source: { principals: [...principals] } }], ...(to ? { to: [{ operation: to }] } : {}) },
      ],
    });
    return [
      // An ALLOW policy with no rules matches nothing: every request is denied unless another allows it.
      policy("default-deny", {}),
      policy("allow-ingress", allowFrom(props.ingressPrincipals)),
      ...(props.monitoringPrincipals
        ? [
            policy(
              "allow-monitoring",
              allowFrom(props.monitoringPrincipals, { methods: ["GET"], paths: [this.metricsPath] }),
            ),
          ]
        : []),
    ];
  }
}
