/**
 * Typed values of the `argo-cd` chart: only the keys {@link GitOps} sets, spelt as in
 * argoproj/argo-helm charts/argo-cd/values.yaml (and, for `redis-ha`, DandyDeveloper/charts
 * charts/redis-ha/values.yaml, the subchart it pulls in).
 */
import type { ResourceRequirements, Toleration } from "./observability-common";

export const ARGO_HELM_REPOSITORY = "https://argoproj.github.io/argo-helm";
/** argo-cd chart 10.1.1 (Argo CD 3.4.4); versions and values keys in `chart-facts/argo-cd.json`. */
export const ARGO_CD_CHART_VERSION = "10.1.1";

export interface MetricsValues {
  readonly enabled: boolean;
  readonly serviceMonitor: {
    readonly enabled: boolean;
    readonly additionalLabels: Readonly<Record<string, string>>;
  };
}

export interface PdbValues {
  readonly enabled: boolean;
  readonly maxUnavailable: number;
}

export interface AutoscalingValues {
  readonly enabled: boolean;
  readonly minReplicas: number;
  readonly maxReplicas: number;
}

export interface ArgoCdValues {
  readonly global: {
    readonly domain?: string;
    readonly nodeSelector: Readonly<Record<string, string>>;
    readonly tolerations: readonly Toleration[];
    readonly logging: { readonly format: "json" | "text" };
  };
  readonly crds: { readonly install: boolean; readonly keep: boolean };
  readonly configs: {
    readonly params: { readonly "server.insecure": boolean };
    readonly cm: {
      readonly "exec.enabled": boolean;
      readonly "admin.enabled": boolean;
      readonly "dex.config"?: string;
    };
  };
  readonly dex: { readonly enabled: boolean; readonly resources?: ResourceRequirements };
  readonly notifications: { readonly enabled: boolean };
  readonly controller: {
    readonly replicas: number;
    readonly resources: ResourceRequirements;
    readonly pdb: PdbValues;
    readonly metrics: MetricsValues;
  };
  readonly repoServer: {
    readonly replicas: number;
    readonly autoscaling: AutoscalingValues;
    readonly resources: ResourceRequirements;
    readonly pdb: PdbValues;
    readonly metrics: MetricsValues;
  };
  readonly server: {
    readonly replicas: number;
    readonly autoscaling: AutoscalingValues;
    readonly resources: ResourceRequirements;
    readonly pdb: PdbValues;
    readonly metrics: MetricsValues;
  };
  readonly applicationSet: {
    readonly replicas: number;
    readonly resources: ResourceRequirements;
    readonly pdb: PdbValues;
    readonly metrics: MetricsValues;
  };
  readonly redis: { readonly resources: ResourceRequirements };
  readonly redisSecretInit: { readonly resources: ResourceRequirements };
  readonly "redis-ha": {
    readonly enabled: boolean;
    readonly nodeSelector: Readonly<Record<string, string>>;
    readonly tolerations: readonly Toleration[];
    readonly redis: { readonly resources: ResourceRequirements };
    readonly sentinel: { readonly resources: ResourceRequirements };
    readonly haproxy: {
      readonly tolerations: readonly Toleration[];
      readonly resources: ResourceRequirements;
    };
  };
}

/** Requests and limits of every Argo CD component; override any of them through GitOpsProps.resources. */
export interface ArgoCdResources {
  readonly controller: ResourceRequirements;
  readonly repoServer: ResourceRequirements;
  readonly server: ResourceRequirements;
  readonly applicationSet: ResourceRequirements;
  readonly dex: ResourceRequirements;
  readonly redis: ResourceRequirements;
}

const r = (reqCpu: string, reqMem: string, limCpu: string, limMem: string): ResourceRequirements => ({
  requests: { cpu: reqCpu, memory: reqMem },
  limits: { cpu: limCpu, memory: limMem },
});

export const DEFAULT_ARGO_CD_RESOURCES: ArgoCdResources = {
  controller: r("250m", "512Mi", "1", "2Gi"),
  repoServer: r("100m", "256Mi", "1", "1Gi"),
  server: r("50m", "128Mi", "500m", "256Mi"),
  applicationSet: r("50m", "128Mi", "500m", "256Mi"),
  dex: r("10m", "64Mi", "100m", "128Mi"),
  redis: r("50m", "64Mi", "200m", "256Mi"),
};
