import { Construct } from "../core";
import { Validator } from "../validation";
import { ChartRelease } from "./chart-release";
import { ARGO_HELM_REPOSITORY } from "./gitops-values";
import { DNS_LABEL, isIntIn, SEMVER } from "./k8s-checks";
import {
  RESTRICTED_CONTAINER,
  type ResourceRequirements,
  resourcesCheck,
  SYSTEM_NODE_SELECTOR,
  SYSTEM_TOLERATIONS,
  type Toleration,
} from "./observability-common";

const DASHBOARD_RESOURCES = {
  requests: { cpu: "50m", memory: "64Mi" },
  limits: { cpu: "200m", memory: "256Mi" },
} as const;

/** argo-rollouts chart 2.41.0 (Argo Rollouts 1.9.0); versions and values keys in `chart-facts/argo-rollouts.json`. */
export const ARGO_ROLLOUTS_CHART_VERSION = "2.41.0";

interface PodPlacement {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
  readonly resources: ResourceRequirements;
}

export interface ArgoRolloutsValues {
  readonly installCRDs: boolean;
  readonly keepCRDs: boolean;
  readonly controller: PodPlacement & {
    readonly replicas: number;
    readonly pdb: { readonly enabled: boolean; readonly maxUnavailable: number };
    readonly metrics: {
      readonly enabled: boolean;
      readonly serviceMonitor: {
        readonly enabled: boolean;
        readonly additionalLabels: Readonly<Record<string, string>>;
      };
    };
  };
  readonly dashboard:
    | { readonly enabled: false }
    | (PodPlacement & {
        readonly enabled: true;
        readonly readonly: boolean;
        readonly containerSecurityContext: typeof RESTRICTED_CONTAINER;
      });
  readonly podSecurityContext: {
    readonly runAsNonRoot: true;
    readonly seccompProfile: { readonly type: "RuntimeDefault" };
  };
  readonly containerSecurityContext: typeof RESTRICTED_CONTAINER;
}

export interface ArgoRolloutsProps {
  /** @default ARGO_ROLLOUTS_CHART_VERSION (2.41.0) */
  readonly version?: string;
  /**
   * Controller replicas (leader-elected); a PodDisruptionBudget lets one go at a time.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Scrape the controller with a Prometheus Operator ServiceMonitor (the CRD must already exist).
   * @default false
   */
  readonly prometheusOperator?: boolean;
  /**
   * Labels for the ServiceMonitor, to match the Prometheus `serviceMonitorSelector`.
   * @default {}
   */
  readonly serviceMonitorLabels?: Readonly<Record<string, string>>;
  /**
   * Deploy the read-only dashboard (ClusterIP only; reach it with `kubectl port-forward`).
   * @default false
   */
  readonly dashboard?: boolean;
  /** @default "argo-rollouts" */
  readonly namespace?: string;
  /** @default - requests 100m/128Mi, limits 1 CPU/512Mi */
  readonly resources?: ResourceRequirements;
}

/**
 * The Argo Rollouts controller (and its CRDs) on the system nodes. Rollout and AnalysisTemplate
 * resources depend on {@link release}, which installs their CRDs.
 */
export class ArgoRollouts extends Construct {
  public readonly release: ChartRelease<ArgoRolloutsValues>;
  public readonly namespace: string;
  public readonly version: string;
  public readonly replicas: number;
  public readonly serviceMonitorEnabled: boolean;
  public readonly dashboardEnabled: boolean;

  constructor(scope: Construct, id: string, props: ArgoRolloutsProps = {}) {
    super(scope, id);
    this.namespace = props.namespace ?? "argo-rollouts";
    this.version = props.version ?? ARGO_ROLLOUTS_CHART_VERSION;
    this.replicas = props.replicas ?? 2;
    this.serviceMonitorEnabled = props.prometheusOperator ?? false;
    this.dashboardEnabled = props.dashboard ?? false;
    new Validator(`ArgoRollouts ${this.node.path}`)
      .check(
        SEMVER.test(this.version),
        "version",
        this.version,
        "an exact chart version",
        "pin the chart, e.g. 2.41.0",
      )
      .check(
        isIntIn(this.replicas, 1),
        "replicas",
        this.replicas,
        "an integer >= 1",
        "use 2 so a node drain keeps a controller",
      )
      .check(DNS_LABEL.test(this.namespace), "namespace", this.namespace, "a DNS label", "use argo-rollouts")
      .check(
        props.serviceMonitorLabels === undefined || this.serviceMonitorEnabled,
        "serviceMonitorLabels",
        props.serviceMonitorLabels,
        "only with prometheusOperator: true",
        "enable prometheusOperator or drop the labels",
      )
      .check(...resourcesCheck("resources", props.resources))
      .throwIfAny();

    const resources = props.resources ?? {
      requests: { cpu: "100m", memory: "128Mi" },
      limits: { cpu: "1", memory: "512Mi" },
    };
    const placement = { nodeSelector: SYSTEM_NODE_SELECTOR, tolerations: SYSTEM_TOLERATIONS };
    this.release = new ChartRelease<ArgoRolloutsValues>(this, "ArgoRollouts", {
      releaseName: "argo-rollouts",
      namespace: this.namespace,
      chart: { repository: ARGO_HELM_REPOSITORY, chart: "argo-rollouts", version: this.version },
      systemPods: {
        pinned: [
          { what: "argo-rollouts controller", pods: this.replicas, requests: resources.requests },
          ...(this.dashboardEnabled
            ? [{ what: "argo-rollouts dashboard", pods: 1, requests: DASHBOARD_RESOURCES.requests }]
            : []),
        ],
      },
      values: {
        installCRDs: true,
        keepCRDs: true,
        controller: {
          ...placement,
          replicas: this.replicas,
          resources,
          pdb: { enabled: true, maxUnavailable: 1 },
          metrics: {
            enabled: this.serviceMonitorEnabled,
            serviceMonitor: {
              enabled: this.serviceMonitorEnabled,
              additionalLabels: props.serviceMonitorLabels ?? {},
            },
          },
        },
        dashboard: this.dashboardEnabled
          ? {
              ...placement,
              enabled: true,
              readonly: true,
              resources: DASHBOARD_RESOURCES,
              containerSecurityContext: RESTRICTED_CONTAINER,
            }
          : { enabled: false },
        podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        containerSecurityContext: RESTRICTED_CONTAINER,
      } satisfies ArgoRolloutsValues,
    });
  }
}
