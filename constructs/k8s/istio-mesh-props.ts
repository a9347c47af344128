/**
 * The props of {@link IstioMesh}, apart from the construct so that its validation
 * (`istio-mesh-validation.ts`) reads them without importing the construct back.
 */
import type { TerraformResource } from "../core";
import type { ChartRelease } from "./chart-release";
import type { GatewayRateLimit } from "./istio-mesh-manifests";
import type { ResourceRequirements } from "./observability-common";

/** Where the mesh sends spans: an OTLP/gRPC endpoint (a Kubernetes service and port). */
export interface TracingEndpoint {
  /** Fully qualified service name, e.g. `jaeger-collector.observability.svc.cluster.local`. */
  readonly service: string;
  readonly port: number;
}

export interface IstioMeshProps {
  /** Mesh identifier (`global.meshID`); clusters that should federate share it. */
  readonly meshId: string;
  /**
   * Chart version of `base`, `istiod` and `gateway`, which always move together.
   * @default ISTIO_VERSION (1.30.5)
   */
  readonly version?: string;
  /**
   * Control-plane revision, for canary upgrades (`istio.io/rev=<revision>` on namespaces).
   * @default - the default revision (`""`)
   */
  readonly revision?: string;
  /**
   * OTLP/gRPC endpoint that receives the mesh's spans.
   * @default { service: "jaeger-collector.observability.svc.cluster.local", port: 4317 }
   */
  readonly tracingEndpoint?: TracingEndpoint;
  /**
   * Percentage (0 to 100) of requests traced when no upstream sampling decision exists.
   * @default 10
   */
  readonly samplingPercent?: number;
  /**
   * istiod replicas: the HPA's minimum (its maximum is at least 5).
   * @default 2
   */
  readonly istiodReplicas?: number;
  /**
   * Ingress gateway HPA bounds; a PodDisruptionBudget lets one pod go at a time.
   * @default { min: 2, max: 5 }
   */
  readonly gatewayReplicas?: { readonly min: number; readonly max: number };
  /**
   * Per-pod local rate limit at the ingress gateway.
   * @default { maxTokens: 1000, tokensPerFill: 500, fillIntervalSeconds: 1 }
   */
  readonly rateLimit?: GatewayRateLimit;
  /**
   * TLS secret (type `kubernetes.io/tls`, in the gateway namespace) for HTTPS on 443; port 80 then
   * redirects to HTTPS.
   * @default - no certificate: the gateway serves plain HTTP on 80 (development only)
   */
  readonly tlsCredentialName?: string;
  /**
   * Hosts the ingress Gateway accepts.
   * @default ["*"]
   */
  readonly hosts?: readonly string[];
  /**
   * Namespace of the ingress gateway, kept apart from istiod to limit access to its TLS secrets.
   * @default "istio-ingress"
   */
  readonly gatewayNamespace?: string;
  /** @default - requests 500m/1Gi, limits 2 CPU/2Gi */
  readonly istiodResources?: ResourceRequirements;
  /** @default - requests 250m/256Mi, limits 2 CPU/1Gi */
  readonly gatewayResources?: ResourceRequirements;
  /**
   * More annotations on the gateway's LoadBalancer Service, e.g. the name ExternalDNS publishes.
   * @default - the NLB annotations only
   */
  readonly gatewayServiceAnnotations?: Readonly<Record<string, string>>;
  /**
   * Releases the ingress gateway waits for, e.g. the AWS Load Balancer Controller so that it (not the
   * in-tree provider) creates the NLB.
   * @default - none
   */
  readonly dependsOn?: readonly (ChartRelease<object> | TerraformResource)[];
}
