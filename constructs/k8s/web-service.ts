import { HorizontalPodAutoscalerV2 } from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import type { IRollout } from "@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout";
import type { IDestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1/DestinationRule";
import type { IVirtualService } from "@kubernetes-models/istio/networking.istio.io/v1/VirtualService";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import { Construct, dependOn } from "../core";
import { toManifest } from "./manifest";
import { CIRCUIT_BREAKER_DEFAULTS, destinationRule, virtualService } from "./mesh-routing";
import { podMonitor } from "./pod-monitor";
import { type KubernetesObject, RawManifests } from "./raw-manifests";
import {
  type CanaryStepSpec,
  canaryRollout,
  DEFAULT_CANARY_STEPS,
  rollingDeployment,
} from "./rollout-delivery";
import { thresholdAnalysisTemplates } from "./threshold-analysis-templates";
import { verticalPodAutoscaler } from "./vertical-pod-autoscaling";
import type { DeliveryStrategy, WebServiceProps } from "./web-service-props";
import { validateWebService } from "./web-service-validation";
import { type PodDesign, type SpreadRule, toPodTemplate } from "./workload-spec";

export { thresholdAnalysisTemplates } from "./threshold-analysis-templates";
export type { DeliveryStrategy, WebServiceProps } from "./web-service-props";

/**
 * A stateless HTTP service behind the Istio gateway: hardened pods, Service, HPA, PDB, zone and host
 * spreading, a VirtualService and a DestinationRule with circuit breaking, delivered either as a
 * rolling Deployment or as an Argo Rollouts canary guarded by background analysis.
 */
export class WebService extends Construct {
  public readonly serviceName: string;
  public readonly strategy: DeliveryStrategy;
  public readonly port: number;
  public readonly podLabels: Readonly<Record<string, string>>;
  public readonly selector: Readonly<Record<string, string>>;
  public readonly canarySteps: readonly CanaryStepSpec[];
  public readonly virtualServiceName: string;
  public readonly destinationRuleName: string;
  public readonly serviceAccount: ServiceAccountV1;
  public readonly service: ServiceV1;
  /** `<name>-canary` and `<name>-stable`, whose selectors Argo Rollouts manages (canary only). */
  public readonly canaryServices?: { readonly canary: ServiceV1; readonly stable: ServiceV1 };
  public readonly deployment?: IDeployment;
  public readonly rollout?: IRollout;
  public readonly virtualService: IVirtualService;
  public readonly destinationRule: IDestinationRule;
  public readonly analysisTemplates: readonly KubernetesObject[];
  public readonly analysisTemplateNames: readonly string[];
  public readonly autoscaler: HorizontalPodAutoscalerV2;
  public readonly disruptionBudget: PodDisruptionBudgetV1;
  /** The Deployment or the Rollout with its AnalysisTemplates, and the PodMonitor. */
  public readonly manifests: RawManifests;
  /** The VirtualService and DestinationRule, in a release of their own. */
  public readonly routing: RawManifests;

  constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id);
    this.port = props.port ?? 8080;
    validateWebService(this.node.path, props, this.port);
    const { name } = props;
    const namespace = props.namespace.namespaceName;
    const canary = (props.strategy ?? "rolling") === "canary";
    this.serviceName = name;
    this.strategy = canary ? "canary" : "rolling";
    this.canarySteps = props.canarySteps ?? DEFAULT_CANARY_STEPS;
    this.virtualServiceName = name;
    this.destinationRuleName = name;
    this.selector = { "app.kubernetes.io/name": name };
    this.podLabels = { ...this.selector, app: name };
    const labels = { ...this.selector };
    const dependsOn = [...props.namespace.ready];
    const metadata = (objectName: string) => ({ name: objectName, namespace, labels });

    this.serviceAccount = new ServiceAccountV1(this, "ServiceAccount", {
      metadata: {
        ...metadata(name),
        annotations: props.serviceAccountAnnotations && { ...props.serviceAccountAnnotations },
      },
      automountServiceAccountToken: false,
    });
    dependOn(this.serviceAccount, dependsOn);
    const service = (svcId: string, svcName: string) => {
      const s = new ServiceV1(this, svcId, {
        metadata: metadata(svcName),
        spec: {
          type: "ClusterIP",
          selector: { ...this.selector },
          // The port name and appProtocol tell Istio the protocol is HTTP.
          port: [{ name: "http", appProtocol: "http", port: this.port, targetPort: "http", protocol: "TCP" }],
        },
      });
      dependOn(s, dependsOn);
      return s;
    };
    this.service = service("Service", name);
    if (canary) {
      const managed = (s: ServiceV1) => {
        // Argo Rollouts adds the pod-template hash to the selector and a managed-by annotation.
        s.lifecycle = { ignoreChanges: ["spec[0].selector", "metadata[0].annotations"] };
        return s;
      };
      this.canaryServices = {
        canary: managed(service("CanaryService", `${name}-canary`)),
        stable: managed(service("StableService", `${name}-stable`)),
      };
    }

    const design = this.podDesign(props, canary);
    const serviceHost = `${name}.${namespace}.svc.cluster.local`;
    const routing = {
      name,
      namespace,
      serviceHost,
      port: this.port,
      hosts: props.hosts,
      gateway: props.gateway,
      canary,
      subsetLabels: this.selector,
      circuitBreaker: { ...CIRCUIT_BREAKER_DEFAULTS, ...props.circuitBreaker },
    };
    this.virtualService = virtualService(routing);
    this.destinationRule = destinationRule(routing);

    const given = props.analysisTemplates;
    const named = props.analysis?.templateNames ?? [];
    this.analysisTemplates = !canary
      ? []
      : (given ??
        (named.length > 0 ? [] : thresholdAnalysisTemplates({ service: name, namespace }).map(toManifest)));
    this.analysisTemplateNames = canary
      ? [...this.analysisTemplates.map((t) => t.metadata.name), ...named]
      : [];

    const workload = { name, namespace, labels, selector: this.selector, template: toPodTemplate(design) };
    const workloads: KubernetesObject[] = [];
    if (canary) {
      this.rollout = canaryRollout({
        ...workload,
        canaryService: `${name}-canary`,
        stableService: `${name}-stable`,
        virtualServiceName: this.virtualServiceName,
        destinationRuleName: this.destinationRuleName,
        steps: this.canarySteps,
        analysisTemplateNames: this.analysisTemplateNames,
        analysisStartingStep: props.analysis?.startingStep,
      });
      workloads.push(toManifest(this.rollout), ...this.analysisTemplates);
    } else {
      this.deployment = rollingDeployment(workload);
      workloads.push(toManifest(this.deployment));
    }

    const services = [
      this.service,
      ...(this.canaryServices ? [this.canaryServices.canary, this.canaryServices.stable] : []),
    ];
    // Routing gets its own release. Argo Rollouts writes the VirtualService weights and the
    // DestinationRule subset labels, and Helm's three-way merge re-applies every declared field on each
    // upgrade of a release; kept apart, a new image (a delivery upgrade) never resets a canary's weights.
    this.routing = new RawManifests(this, "Routing", {
      releaseName: `${name}-routing`,
      namespace,
      manifests: [toManifest(this.virtualService), toManifest(this.destinationRule)],
      dependsOn: [...new Set([props.istioCrdRelease, ...dependsOn, ...services])],
    });
    // The workload goes through Helm like the Rollout: an atomic release waits for the new pods to
    // become ready and rolls back when they do not.
    this.manifests = new RawManifests(this, "Delivery", {
      releaseName: `${name}-delivery`,
      namespace,
      manifests: [
        ...(props.migration ? [props.migration.job] : []),
        ...workloads,
        ...(props.monitoringCrdRelease
          ? [toManifest(podMonitor({ name, namespace, selector: this.selector }))]
          : []),
        ...(props.verticalPodAutoscalingRelease
          ? [
              toManifest(
                verticalPodAutoscaler({
                  name,
                  namespace,
                  kind: canary ? "Rollout" : "Deployment",
                  container: { name, requests: props.requests, limits: props.limits },
                  // The HPA below scales on the container's CPU.
                  hpaResources: ["cpu"],
                  labels,
                }),
              ),
            ]
          : []),
      ],
      dependsOn: [
        ...new Set([
          this.routing.chart,
          ...(props.monitoringCrdRelease ? [props.monitoringCrdRelease] : []),
          ...(canary && props.rolloutsRelease ? [props.rolloutsRelease] : []),
          ...dependsOn,
          this.serviceAccount,
          ...services,
          ...(props.databaseUrlSecret?.createdBy ? [props.databaseUrlSecret.createdBy] : []),
          ...(props.config?.createdBy ? [props.config.createdBy] : []),
          ...(props.migration?.prerequisites ?? []),
          ...(props.prerequisites ?? []),
          ...(props.verticalPodAutoscalingRelease ? [props.verticalPodAutoscalingRelease] : []),
        ]),
      ],
    });

    this.autoscaler = new HorizontalPodAutoscalerV2(this, "Autoscaler", {
      metadata: metadata(name),
      spec: {
        minReplicas: props.replicas,
        maxReplicas: props.maxReplicas,
        scaleTargetRef: canary
          ? { apiVersion: "argoproj.io/v1alpha1", kind: "Rollout", name }
          : { apiVersion: "apps/v1", kind: "Deployment", name },
        metric: [
          {
            // ContainerResource: the sidecar's CPU does not dilute the service's utilization.
            type: "ContainerResource",
            containerResource: {
              name: "cpu",
              container: name,
              target: { type: "Utilization", averageUtilization: props.targetCpuUtilizationPercent ?? 70 },
            },
          },
        ],
      },
    });
    dependOn(this.autoscaler, dependsOn);
    this.disruptionBudget = new PodDisruptionBudgetV1(this, "DisruptionBudget", {
      metadata: metadata(name),
      spec: {
        // One replica may always go (a single replica must not block node drains); 25% from 3 up.
        maxUnavailable: props.replicas < 3 ? "1" : "25%",
        selector: { matchLabels: { ...this.selector } },
      },
    });
    dependOn(this.disruptionBudget, dependsOn);
  }

  private podDesign(props: WebServiceProps, canary: boolean): PodDesign {
    const sidecar = props.sidecarResources ?? {
      requests: { cpu: "100m", memory: "128Mi" },
      limits: { cpu: "500m", memory: "256Mi" },
    };
    const spread: SpreadRule[] = [
      {
        topologyKey: props.topologyKey ?? "topology.kubernetes.io/zone",
        whenUnsatisfiable: props.highAvailability ? "DoNotSchedule" : "ScheduleAnyway",
      },
      { topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway" },
    ];
    return {
      containerName: props.name,
      image: props.image,
      port: this.port,
      labels: { ...this.podLabels, ...props.extraPodLabels },
      selector: this.selector,
      annotations: {
        "sidecar.istio.io/proxyCPU": sidecar.requests.cpu,
        "sidecar.istio.io/proxyMemory": sidecar.requests.memory,
        "sidecar.istio.io/proxyCPULimit": sidecar.limits.cpu,
        "sidecar.istio.io/proxyMemoryLimit": sidecar.limits.memory,
        // The app's first outbound call (e.g. to the database) must not race the proxy's start.
        "proxy.istio.io/config": JSON.stringify({ holdApplicationUntilProxyStarts: true }),
        // Read by the sidecar injector: the agent scrapes the app here and merges the result into
        // :15020/stats/prometheus. Without them it merges nothing, and every SLO sees no data.
        "prometheus.io/scrape": "true",
        "prometheus.io/port": String(this.port),
        "prometheus.io/path": props.metricsPath ?? "/metrics",
        ...(props.config ? { "checksum/config": props.config.checksum } : {}),
      },
      serviceAccountName: props.name,
      env: props.env ?? {},
      configMapName: props.config?.configMapName,
      secretEnv: props.databaseUrlSecret
        ? [
            {
              name: "DATABASE_URL",
              secretName: props.databaseUrlSecret.name,
              key: props.databaseUrlSecret.key,
            },
          ]
        : [],
      requests: props.requests,
      limits: props.limits,
      nodeSelector: props.nodeSelector ?? { "node-role": "application" },
      tolerations: props.tolerations,
      spread,
      revisionLabel: canary ? "rollouts-pod-template-hash" : "pod-template-hash",
      tmpSizeLimit: props.tmpSizeLimit ?? "128Mi",
    };
  }
}
