import { Construct } from "../core";
import { ChartRelease, type ControlPlaneTarget } from "./chart-release";
import {
  type GatewayRateLimit,
  gatewayRateLimit,
  ingressGateway,
  meshTelemetry,
  strictPeerAuthentication,
} from "./istio-mesh-manifests";
import type { IstioMeshProps, TracingEndpoint } from "./istio-mesh-props";
import { validateIstioMesh } from "./istio-mesh-validation";
import {
  ISTIO_REPOSITORY,
  ISTIO_VERSION,
  type IstioBaseValues,
  type IstioCniValues,
  type IstiodValues,
  type IstioGatewayValues,
  NLB_SERVICE_ANNOTATIONS,
} from "./istio-values";
import { toManifest } from "./manifest";
import {
  APPLICATION_NODE_SELECTOR,
  type ResourceRequirements,
  SYSTEM_NODE_SELECTOR,
  SYSTEM_TOLERATIONS,
} from "./observability-common";
import { RawManifests } from "./raw-manifests";

export type { IstioMeshProps, TracingEndpoint } from "./istio-mesh-props";

/**
 * Webhooks per Istio chart, all served by istiod on 15017: the sidecar injector (`failurePolicy:
 * Fail`, so without a path every injected pod is refused) and the config validators.
 */
const ISTIO_CONTROL_PLANE_TARGETS: Readonly<Record<string, readonly ControlPlaneTarget[]>> = {
  base: [{ port: 15017, what: "istiod default validator" }],
  istiod: [{ port: 15017, what: "istiod sidecar injector and validator" }],
};

export const ISTIO_NAMESPACE = "istio-system";
/** Helm release name of the gateway; the chart derives the workload, service account and labels from it. */
const GATEWAY_RELEASE = "istio-ingressgateway";
const TRACING_PROVIDER = "jaeger";

/**
 * Istio in sidecar mode from the upstream charts: `base` (CRDs), `istiod` (control plane, on the
 * system nodes) and an ingress `gateway` behind an internet-facing NLB, plus mesh-wide STRICT mTLS,
 * tracing to Jaeger over OTLP, the ingress Gateway and a local rate limit at the gateway.
 */
export class IstioMesh extends Construct {
  public readonly baseRelease: ChartRelease<IstioBaseValues>;
  public readonly cniRelease: ChartRelease<IstioCniValues>;
  public readonly istiodRelease: ChartRelease<IstiodValues>;
  public readonly gatewayRelease: ChartRelease<IstioGatewayValues>;
  /** PeerAuthentication and Telemetry in istio-system. */
  public readonly meshPolicies: RawManifests;
  /** The ingress Gateway and its rate-limit EnvoyFilter. */
  public readonly ingressConfig: RawManifests;
  public readonly version: string;
  public readonly revision: string;
  public readonly meshId: string;
  public readonly istioNamespace: string = ISTIO_NAMESPACE;
  public readonly gatewayNamespace: string;
  /** Name of the Istio `Gateway` resource that VirtualServices bind to. */
  public readonly gatewayName: string = "public-gateway";
  /** `<namespace>/<name>`, as VirtualService `spec.gateways` spells it. */
  public readonly gatewayRef: string;
  /** Pod labels of the ingress gateway workload (the Gateway's and EnvoyFilter's selector). */
  public readonly gatewaySelector: Readonly<Record<string, string>> = {
    app: GATEWAY_RELEASE,
    istio: "ingressgateway",
  };
  public readonly gatewayServiceAccount: string = GATEWAY_RELEASE;
  /** SPIFFE principal of the gateway, for workloads' AuthorizationPolicy `from.source.principals`. */
  public readonly gatewayPrincipal: string;
  public readonly tracingEndpoint: TracingEndpoint;
  public readonly tracingProvider: string = TRACING_PROVIDER;
  public readonly samplingPercent: number;
  public readonly istiodReplicas: number;
  public readonly gatewayReplicas: { readonly min: number; readonly max: number };
  public readonly rateLimit: GatewayRateLimit;
  public readonly hosts: readonly string[];
  /** True when the gateway terminates TLS on 443 (a credential name was given). */
  public readonly tlsEnabled: boolean;

  constructor(scope: Construct, id: string, props: IstioMeshProps) {
    super(scope, id);
    this.version = props.version ?? ISTIO_VERSION;
    this.revision = props.revision ?? "";
    this.meshId = props.meshId;
    this.gatewayNamespace = props.gatewayNamespace ?? "istio-ingress";
    this.tracingEndpoint = props.tracingEndpoint ?? {
      service: "jaeger-collector.observability.svc.cluster.local",
      port: 4317,
    };
    this.samplingPercent = props.samplingPercent ?? 10;
    this.istiodReplicas = props.istiodReplicas ?? 2;
    this.gatewayReplicas = props.gatewayReplicas ?? { min: 2, max: 5 };
    this.rateLimit = props.rateLimit ?? { maxTokens: 1000, tokensPerFill: 500, fillIntervalSeconds: 1 };
    this.hosts = props.hosts ?? ["*"];
    this.tlsEnabled = props.tlsCredentialName !== undefined;
    validateIstioMesh(`IstioMesh ${this.node.path}`, this, props);
    this.gatewayRef = `${this.gatewayNamespace}/${this.gatewayName}`;
    this.gatewayPrincipal = `cluster.local/ns/${this.gatewayNamespace}/sa/${this.gatewayServiceAccount}`;

    const chart = (name: string) => ({
      repository: ISTIO_REPOSITORY,
      chart: name,
      version: this.version,
      controlPlaneTargets: ISTIO_CONTROL_PLANE_TARGETS[name] ?? [],
    });
    this.baseRelease = new ChartRelease<IstioBaseValues>(this, "Base", {
      releaseName: "istio-base",
      namespace: ISTIO_NAMESPACE,
      chart: chart("base"),
      values: { defaultRevision: this.revision || "default", global: { istioNamespace: ISTIO_NAMESPACE } },
    });
    // The CNI node agent (a privileged DaemonSet in istio-system, which is not a restricted
    // namespace) replaces istio-init, so application namespaces can enforce Pod Security restricted.
    this.cniRelease = new ChartRelease<IstioCniValues>(this, "Cni", {
      releaseName: "istio-cni",
      namespace: ISTIO_NAMESPACE,
      chart: chart("cni"),
      values: { global: { logAsJson: true } },
      // The chart's node agent requests 100m and 100Mi and tolerates every NoSchedule taint.
      systemPods: {
        perNode: [{ what: "istio-cni node agent", pods: 1, requests: { cpu: "100m", memory: "100Mi" } }],
      },
      dependsOn: [this.baseRelease],
    });
    const istiod = this.istiodValues(props.istiodResources);
    this.istiodRelease = new ChartRelease<IstiodValues>(this, "Istiod", {
      releaseName: "istiod",
      namespace: ISTIO_NAMESPACE,
      chart: chart("istiod"),
      values: istiod,
      systemPods: {
        pinned: [
          {
            what: "istiod",
            pods: istiod.autoscaleMin,
            maxPods: istiod.autoscaleMax,
            requests: istiod.resources.requests,
          },
        ],
      },
      dependsOn: [this.baseRelease, this.cniRelease],
    });
    this.gatewayRelease = new ChartRelease<IstioGatewayValues>(this, "Gateway", {
      releaseName: GATEWAY_RELEASE,
      namespace: this.gatewayNamespace,
      chart: chart("gateway"),
      values: this.gatewayValues(props.gatewayResources, props.gatewayServiceAnnotations),
      dependsOn: [this.istiodRelease, ...(props.dependsOn ?? [])],
    });

    this.meshPolicies = new RawManifests(this, "MeshPolicies", {
      releaseName: "istio-mesh-policies",
      namespace: ISTIO_NAMESPACE,
      manifests: [
        toManifest(strictPeerAuthentication(ISTIO_NAMESPACE)),
        toManifest(meshTelemetry(ISTIO_NAMESPACE, TRACING_PROVIDER, this.samplingPercent)),
      ],
      // base installs the CRDs; istiod serves the validating webhook these objects go through.
      dependsOn: [this.baseRelease, this.istiodRelease],
    });
    this.ingressConfig = new RawManifests(this, "IngressConfig", {
      releaseName: "istio-ingress-config",
      namespace: this.gatewayNamespace,
      manifests: [
        toManifest(
          ingressGateway({
            name: this.gatewayName,
            namespace: this.gatewayNamespace,
            selector: this.gatewaySelector,
            hosts: this.hosts,
            credentialName: props.tlsCredentialName,
          }),
        ),
        toManifest(gatewayRateLimit(this.gatewayNamespace, this.gatewaySelector, this.rateLimit)),
      ],
      dependsOn: [this.baseRelease, this.istiodRelease, this.gatewayRelease],
    });
  }

  private istiodValues(resources: ResourceRequirements | undefined): IstiodValues {
    return {
      revision: this.revision,
      cni: { enabled: true },
      autoscaleEnabled: true,
      autoscaleMin: this.istiodReplicas,
      autoscaleMax: Math.max(this.istiodReplicas, 5),
      resources: resources ?? {
        requests: { cpu: "500m", memory: "1Gi" },
        limits: { cpu: "2", memory: "2Gi" },
      },
      nodeSelector: SYSTEM_NODE_SELECTOR,
      tolerations: SYSTEM_TOLERATIONS,
      meshConfig: {
        enableTracing: true,
        extensionProviders: [{ name: TRACING_PROVIDER, opentelemetry: { ...this.tracingEndpoint } }],
      },
      global: {
        meshID: this.meshId,
        istioNamespace: ISTIO_NAMESPACE,
        logAsJson: true,
        defaultPodDisruptionBudget: { enabled: true },
      },
    };
  }

  private gatewayValues(
    resources: ResourceRequirements | undefined,
    annotations: Readonly<Record<string, string>> = {},
  ): IstioGatewayValues {
    return {
      revision: this.revision,
      service: { type: "LoadBalancer", annotations: { ...NLB_SERVICE_ANNOTATIONS, ...annotations } },
      autoscaling: {
        enabled: true,
        minReplicas: this.gatewayReplicas.min,
        maxReplicas: this.gatewayReplicas.max,
        targetCPUUtilizationPercentage: 80,
      },
      // maxUnavailable (not minAvailable) so a single-replica gateway never blocks a node drain.
      podDisruptionBudget: { maxUnavailable: 1 },
      resources: resources ?? {
        requests: { cpu: "250m", memory: "256Mi" },
        limits: { cpu: "2", memory: "1Gi" },
      },
      // Data plane: the gateway carries application traffic, so it scales with the application nodes.
      nodeSelector: APPLICATION_NODE_SELECTOR,
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: "topology.kubernetes.io/zone",
          whenUnsatisfiable: "ScheduleAnyway",
          labelSelector: { matchLabels: this.gatewaySelector },
        },
      ],
      containerSecurityContext: {
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        runAsUser: 1337,
        runAsGroup: 1337,
        capabilities: { drop: ["ALL"] },
      },
    };
  }
}
