/**
 * The props of {@link AppNamespace} and the resource shapes they use, apart from the construct so that
 * its validation (`app-namespace-validation.ts`) reads them without importing the construct back.
 */
import type { TerraformResource } from "../core";
import type { ChartRelease } from "./chart-release";

/** CPU and memory as Kubernetes quantities, e.g. `{ cpu: "250m", memory: "256Mi" }`. */
export interface ComputeResources {
  readonly cpu: string;
  readonly memory: string;
}

/** What a namespace may consume in total. */
export interface NamespaceQuota extends ComputeResources {
  /** Most pods the namespace may run (sidecars do not count; canary surges do). */
  readonly pods: number;
  /**
   * Total CPU limits; `cpu` caps total requests.
   * @default - twice `cpu`: limits may overcommit requests 2:1
   */
  readonly limitsCpu?: string;
  /**
   * Total memory limits; `memory` caps total requests.
   * @default - twice `memory`
   */
  readonly limitsMemory?: string;
}

export interface AppNamespaceProps {
  /** Namespace name, a DNS label of at most 47 characters (the policy release adds `-authz`). */
  readonly name: string;
  /** Caps on total requests, limits and pods. */
  readonly quota: NamespaceQuota;
  /** Request given to a container that sets none. */
  readonly defaultRequest: ComputeResources;
  /** Limit given to a container that sets none; at least `defaultRequest`. */
  readonly defaultLimit: ComputeResources;
  /** SPIFFE principals of the ingress gateway, e.g. `cluster.local/ns/istio-ingress/sa/istio-ingress`. */
  readonly ingressPrincipals: readonly string[];
  /**
   * Principals allowed to `GET` the metrics path through the mesh (Prometheus running with a sidecar).
   * @default - no monitoring policy: scrapes of the sidecar's merged metrics port bypass authorization
   */
  readonly monitoringPrincipals?: readonly string[];
  /**
   * Path the monitoring principals may read.
   * @default "/metrics"
   */
  readonly metricsPath?: string;
  /** The release that installs Istio's CRDs; the AuthorizationPolicies are applied after it. */
  readonly istioCrdRelease: ChartRelease<object> | TerraformResource;
  /**
   * Istio control-plane revision that injects sidecars: sets `istio.io/rev` instead of
   * `istio-injection: enabled` (Istio ignores the revision label when both are set).
   * @default - the default revision (`istio-injection: enabled`)
   */
  readonly istioRevision?: string;
  /**
   * Pod Security Standards version the labels pin (`latest` follows the cluster's version).
   * @default "latest"
   */
  readonly podSecurityVersion?: string;
}
