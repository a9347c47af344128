/**
 * Typed values of the `cluster-autoscaler` and `metrics-server` charts: only the keys
 * {@link ClusterAutoscaling} sets, spelt as in kubernetes/autoscaler charts/cluster-autoscaler
 * (values.yaml, templates/deployment.yaml, templates/priority-expander-configmap.yaml) and
 * kubernetes-sigs/metrics-server charts/metrics-server/values.yaml.
 */

import type { TopologySpread } from "../k8s/istio-values";
import type { RESTRICTED_CONTAINER, ResourceRequirements, Toleration } from "../k8s/observability-common";
import type { EksVersion } from "./eks-cluster";

export const AUTOSCALER_REPOSITORY = "https://kubernetes.github.io/autoscaler";
/**
 * Chart 9.53.0 (appVersion 1.34.2); versions and values keys in `chart-facts/cluster-autoscaler.json`.
 * The image tag is overridden to match the cluster's minor.
 */
export const CLUSTER_AUTOSCALER_CHART_VERSION = "9.53.0";
/**
 * The autoscaler build for each Kubernetes minor (the autoscaler only supports its own minor): the
 * newest tag of each line, cluster-autoscaler-1.35.2 and -1.36.1 (kubernetes/autoscaler, 2026-07-22).
 * No chart release ships them yet (9.59.0 ships 1.35.0), so the tag is overridden.
 */
export const CLUSTER_AUTOSCALER_IMAGE_TAGS: Readonly<Record<EksVersion, string>> = {
  "1.35": "v1.35.2",
  "1.36": "v1.36.1",
};

export const METRICS_SERVER_REPOSITORY = "https://kubernetes-sigs.github.io/metrics-server/";
/** Chart 3.13.0 (metrics-server v0.8.0); versions and values keys in `chart-facts/metrics-server.json`. */
export const METRICS_SERVER_CHART_VERSION = "3.13.0";

/** Pod-level security context of a non-root pod. */
export interface PodSecurity {
  readonly runAsNonRoot: true;
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly seccompProfile: { readonly type: "RuntimeDefault" };
}

export interface ClusterAutoscalerValues {
  readonly cloudProvider: "aws";
  readonly awsRegion: string;
  readonly autoDiscovery: { readonly clusterName: string };
  readonly image: { readonly tag: string };
  readonly rbac: {
    readonly serviceAccount: {
      readonly create: boolean;
      readonly name: string;
      readonly annotations: Readonly<Record<string, string>>;
    };
  };
  readonly extraArgs: {
    readonly "balance-similar-node-groups": boolean;
    readonly "skip-nodes-with-system-pods": boolean;
    readonly expander: string;
  };
  /** Priority expander tiers: higher numbers win; each lists node group name regexes. */
  readonly expanderPriorities?: Readonly<Record<string, readonly string[]>>;
  readonly replicaCount: number;
  readonly podDisruptionBudget: { readonly maxUnavailable: number };
  readonly priorityClassName: string;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
  readonly resources: ResourceRequirements;
  readonly securityContext: PodSecurity;
  readonly containerSecurityContext: typeof RESTRICTED_CONTAINER;
}

export interface MetricsServerValues {
  readonly replicas: number;
  readonly podDisruptionBudget: { readonly enabled: boolean; readonly minAvailable: number };
  readonly priorityClassName: string;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
  readonly topologySpreadConstraints: readonly TopologySpread[];
  readonly resources: ResourceRequirements;
  /** Container-level in this chart (`podSecurityContext` is the pod's). */
  readonly securityContext: typeof RESTRICTED_CONTAINER & {
    readonly runAsNonRoot: true;
    readonly runAsUser: number;
  };
}
