/**
 * The kube-prometheus-stack values that {@link Monitoring} sets, spelt as in the chart's values.yaml
 * (prometheus-community/helm-charts charts/kube-prometheus-stack/values.yaml) and, under `grafana`,
 * the grafana subchart's values.yaml (grafana/helm-charts charts/grafana/values.yaml).
 */
import type { RenderedAlertmanagerConfig } from "./alertmanager-config";
import type { ResourceRequirements, Toleration } from "./observability-common";

/** A PersistentVolumeClaim template as the operator's `storageSpec`/`storage` expects it. */
export interface VolumeClaimStorage {
  readonly volumeClaimTemplate: {
    readonly spec: {
      readonly storageClassName: string;
      readonly accessModes: readonly string[];
      readonly resources: { readonly requests: { readonly storage: string } };
    };
  };
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
}

interface PodSecurity {
  readonly runAsNonRoot: boolean;
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly fsGroup: number;
  readonly seccompProfile: { readonly type: string };
}

interface ContainerSecurity {
  readonly allowPrivilegeEscalation: boolean;
  readonly readOnlyRootFilesystem?: boolean;
  readonly capabilities: { readonly drop: readonly string[] };
  readonly seccompProfile?: { readonly type: string };
}

/**
 * `defaultRules.rules` groups of components that a managed control plane (EKS, AKS) does not expose:
 * their targets never come up, so their `absent()` alerts would page forever.
 */
export const MANAGED_CONTROL_PLANE_RULE_GROUPS = [
  "etcd",
  "kubeControllerManager",
  "kubeSchedulerAlerting",
  "kubeSchedulerRecording",
  "kubeProxy",
] as const;
export type ManagedControlPlaneRuleGroup = (typeof MANAGED_CONTROL_PLANE_RULE_GROUPS)[number];

export interface KubePrometheusStackValues {
  readonly crds: { readonly enabled: boolean };
  readonly defaultRules: {
    readonly create: boolean;
    readonly labels: Readonly<Record<string, string>>;
    /** Rule groups per component; the managed control plane's are off. */
    readonly rules: Readonly<Partial<Record<ManagedControlPlaneRuleGroup, boolean>>>;
  };
  /** Scrape jobs of control-plane components (and their `absent()` alerts). */
  readonly kubeControllerManager: { readonly enabled: boolean };
  readonly kubeScheduler: { readonly enabled: boolean };
  readonly kubeEtcd: { readonly enabled: boolean };
  readonly kubeProxy: { readonly enabled: boolean };
  readonly prometheusOperator: {
    readonly resources: ResourceRequirements;
    readonly nodeSelector: Readonly<Record<string, string>>;
    readonly tolerations: readonly Toleration[];
    readonly securityContext: PodSecurity;
    readonly containerSecurityContext: ContainerSecurity;
    readonly prometheusConfigReloader: { readonly resources: ResourceRequirements };
  };
  /** The kube-state-metrics subchart (prometheus-community charts/kube-state-metrics). */
  readonly "kube-state-metrics": {
    readonly resources: ResourceRequirements;
    readonly nodeSelector: Readonly<Record<string, string>>;
    readonly tolerations: readonly Toleration[];
  };
  /** The node exporter subchart (prometheus-community charts/prometheus-node-exporter), a DaemonSet. */
  readonly "prometheus-node-exporter": {
    readonly resources: ResourceRequirements;
    readonly tolerations: readonly Toleration[];
  };
  readonly prometheus: {
    readonly podDisruptionBudget: { readonly enabled: boolean; readonly minAvailable: number };
    readonly prometheusSpec: {
      readonly retention: string;
      readonly replicas: number;
      readonly resources: ResourceRequirements;
      readonly storageSpec: VolumeClaimStorage;
      readonly nodeSelector: Readonly<Record<string, string>>;
      readonly securityContext: PodSecurity;
      readonly podAntiAffinity: "soft" | "hard" | "";
      readonly ruleSelectorNilUsesHelmValues: boolean;
      readonly ruleSelector: LabelSelector;
      readonly ruleNamespaceSelector: LabelSelector;
      readonly serviceMonitorSelectorNilUsesHelmValues: boolean;
      readonly serviceMonitorSelector: LabelSelector;
      readonly serviceMonitorNamespaceSelector: LabelSelector;
      readonly podMonitorSelectorNilUsesHelmValues: boolean;
      readonly podMonitorSelector: LabelSelector;
      readonly podMonitorNamespaceSelector: LabelSelector;
    };
  };
  readonly alertmanager: {
    readonly config: RenderedAlertmanagerConfig;
    readonly podDisruptionBudget: { readonly enabled: boolean; readonly minAvailable: number };
    readonly alertmanagerSpec: {
      readonly replicas: number;
      readonly secrets: readonly string[];
      readonly storage: VolumeClaimStorage;
      readonly resources: ResourceRequirements;
      readonly nodeSelector: Readonly<Record<string, string>>;
      readonly securityContext: PodSecurity;
      readonly podAntiAffinity: "soft" | "hard" | "";
    };
  };
  readonly grafana: {
    readonly admin: {
      readonly existingSecret: string;
      readonly userKey: string;
      readonly passwordKey: string;
    };
    readonly resources: ResourceRequirements;
    readonly nodeSelector: Readonly<Record<string, string>>;
    readonly securityContext: PodSecurity;
    readonly containerSecurityContext: ContainerSecurity;
    readonly persistence: {
      readonly enabled: boolean;
      readonly type?: "pvc";
      readonly storageClassName?: string;
      readonly size?: string;
    };
    readonly sidecar: {
      readonly resources: ResourceRequirements;
      readonly dashboards: {
        readonly enabled: boolean;
        readonly label: string;
        readonly labelValue: string;
        readonly searchNamespace: "ALL";
      };
    };
  };
}
