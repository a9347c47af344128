/**
 * The props of {@link WebService}, apart from the construct so that its validation
 * (`web-service-validation.ts`) reads them without importing the construct back.
 */
import type { TerraformResource } from "../core";
import type { ComputeResources, IAppNamespace } from "./app-namespace";
import type { ChartRelease } from "./chart-release";
import type { CircuitBreaker } from "./mesh-routing";
import type { KubernetesObject } from "./raw-manifests";
import type { CanaryStepSpec } from "./rollout-delivery";
import type { PodToleration } from "./workload-spec";

/** How a new version replaces the old one. */
export type DeliveryStrategy = "rolling" | "canary";

export interface WebServiceProps {
  /** Service name, used for every object it creates; a DNS label of at most 44 characters. */
  readonly name: string;
  /** The namespace (an {@link AppNamespace}); workloads wait for it, its quota and limit range. */
  readonly namespace: IAppNamespace;
  /** Container image pinned to a tag (not `latest`) or a digest. */
  readonly image: string;
  /**
   * Port the container serves HTTP on; also the Service port.
   * @default 8080
   */
  readonly port?: number;
  /** Replicas at rest: the HPA's minimum. */
  readonly replicas: number;
  /** The HPA's maximum. */
  readonly maxReplicas: number;
  readonly requests: ComputeResources;
  readonly limits: ComputeResources;
  /**
   * Plain environment variables, e.g. `{ LOG_LEVEL: "info", DEBUG: "false" }`.
   * @default {}
   */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * The service's ConfigMap of non-secret settings, read as environment variables (`envFrom`); its
   * checksum goes on the pod template, so that a changed setting rolls the pods.
   * @default - no ConfigMap
   */
  readonly config?: {
    readonly configMapName: string;
    readonly checksum: string;
    readonly createdBy?: TerraformResource;
  };
  /**
   * What the delivery release waits for besides the service's own objects, e.g. the Job that
   * creates its database roles.
   * @default []
   */
  readonly prerequisites?: readonly TerraformResource[];
  /**
   * The service's schema migration: a Helm pre-upgrade hook Job in the delivery release (see
   * {@link DatabaseMigration}), and what the release must wait for.
   * @default - no migration
   */
  readonly migration?: {
    readonly job: KubernetesObject;
    readonly prerequisites: readonly TerraformResource[];
  };
  /**
   * Secret key holding DATABASE_URL, read through `valueFrom.secretKeyRef`. When the Secret is created
   * in the same stack, `createdBy` names that resource, and the workload is applied after it instead
   * of starting pods that wait in `CreateContainerConfigError`.
   * @default - no DATABASE_URL
   */
  readonly databaseUrlSecret?: {
    readonly name: string;
    readonly key: string;
    readonly createdBy?: TerraformResource;
  };
  /**
   * Path where the app serves Prometheus metrics on `port`. The pods carry the
   * `prometheus.io/scrape|port|path` annotations, from which the Istio agent merges the app's metrics
   * into its own endpoint (15020), the one the PodMonitor scrapes.
   * @default "/metrics"
   */
  readonly metricsPath?: string;
  /**
   * Annotations of the service account, e.g. the cloud identity it assumes
   * (`eks.amazonaws.com/role-arn`).
   * @default {}
   */
  readonly serviceAccountAnnotations?: Readonly<Record<string, string>>;
  /**
   * `rolling`: a Deployment. `canary`: an Argo Rollout shifting traffic through Istio, with analysis.
   * @default "rolling"
   */
  readonly strategy?: DeliveryStrategy;
  /**
   * Canary steps; weights strictly increase within 1-100.
   * @default DEFAULT_CANARY_STEPS (5% for 10 min, 25% for 20 min, then 100%)
   */
  readonly canarySteps?: readonly CanaryStepSpec[];
  /**
   * AnalysisTemplates that exist already (e.g. the SLO compiler's), and the step the analysis starts at.
   * @default - only `analysisTemplates`, from the first step
   */
  readonly analysis?: { readonly templateNames?: readonly string[]; readonly startingStep?: number };
  /**
   * AnalysisTemplates to deliver with the Rollout and run in the background (canary only).
   * @default - thresholdAnalysisTemplates() with its defaults, unless analysis.templateNames is given
   */
  readonly analysisTemplates?: readonly KubernetesObject[];
  /** External host names the gateway routes to this service. */
  readonly hosts: readonly string[];
  /** The Istio Gateway, `<namespace>/<name>`. */
  readonly gateway: string;
  /** The release installing Istio's CRDs (VirtualService, DestinationRule). */
  readonly istioCrdRelease: ChartRelease<object> | TerraformResource;
  /**
   * The release installing Argo Rollouts' CRDs.
   * @default - none; required when strategy is canary
   */
  readonly rolloutsRelease?: ChartRelease<object> | TerraformResource;
  /**
   * Node label pods spread across (skew at most 1).
   * @default "topology.kubernetes.io/zone"
   */
  readonly topologyKey?: string;
  /**
   * Refuse to schedule a pod that would unbalance zones (DoNotSchedule) instead of preferring balance.
   * @default false
   */
  readonly highAvailability?: boolean;
  /**
   * Average CPU utilization of the service container the HPA keeps, in percent of its request.
   * @default 70
   */
  readonly targetCpuUtilizationPercent?: number;
  /**
   * Connection-pool limits and outlier detection.
   * @default CIRCUIT_BREAKER_DEFAULTS
   */
  readonly circuitBreaker?: CircuitBreaker;
  /**
   * Nodes the pods may run on.
   * @default { "node-role": "application" }
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the pods tolerate, e.g. the cluster's spot pool (`IKubernetesCluster.workloadTolerations`).
   * @default []
   */
  readonly tolerations?: readonly PodToleration[];
  /**
   * Extra pod labels, e.g. what the cloud identity needs injected (`azure.workload.identity/use`);
   * never part of the selector.
   * @default {}
   */
  readonly extraPodLabels?: Readonly<Record<string, string>>;
  /**
   * Resources of the injected Istio sidecar, counted against the namespace quota.
   * @default - requests 100m/128Mi, limits 500m/256Mi
   */
  readonly sidecarResources?: { readonly requests: ComputeResources; readonly limits: ComputeResources };
  /**
   * The release that installs the prometheus-operator CRDs. When given, a PodMonitor scrapes the pods
   * through the Istio agent, with the labels the SLO rules and the canary analysis select on.
   * @default - no PodMonitor
   */
  readonly monitoringCrdRelease?: ChartRelease<object> | TerraformResource;
  /**
   * The release installing the VerticalPodAutoscaler CRD. When given, a VPA watches the workload: in
   * recommendation mode (`Off`), since the HPA already scales it on CPU and the two would fight.
   * @default - no VPA
   */
  readonly verticalPodAutoscalingRelease?: ChartRelease<object> | TerraformResource;
  /**
   * Size cap of the writable `/tmp` volume.
   * @default "128Mi"
   */
  readonly tmpSizeLimit?: string;
}
