/**
 * Typed values for the Istio `base`, `istiod` and `gateway` charts: only the keys {@link IstioMesh}
 * sets, spelt as in the charts' values.yaml. Since 1.24 the istiod chart is flat (`autoscaleMin`,
 * `resources`, `nodeSelector` at the root, not under `pilot:`), and every chart nests its defaults
 * under `_internal_defaults_do_not_set`, which users must not set. Checked against istio/istio
 * manifests/charts/{base,istio-control/istio-discovery,gateway}/values.yaml and the gateway chart's
 * templates/_helpers.tpl (selector labels and service-account name).
 */
import type { ResourceRequirements, Toleration } from "./observability-common";

/** The Istio Helm repository. */
export const ISTIO_REPOSITORY = "https://istio-release.storage.googleapis.com/charts";
/**
 * Istio 1.30.5: the newest 1.30 patch found pinned in public repositories (setup scripts pinning
 * `ISTIO_VERSION=1.30.5`, courses "built and checked on Istio 1.30.5"); nothing newer was found.
 */
export const ISTIO_VERSION = "1.30.5";

export interface IstioBaseValues {
  /** Revision the default validating webhook and `istio.io/rev=default` point at. */
  readonly defaultRevision: string;
  readonly global: { readonly istioNamespace: string };
}

export interface TracingProvider {
  readonly name: string;
  readonly opentelemetry: { readonly service: string; readonly port: number };
}

/** The `cni` chart: the node agent that sets up traffic redirection instead of `istio-init`. */
export interface IstioCniValues {
  readonly global: { readonly logAsJson: boolean };
}

export interface IstiodValues {
  readonly revision: string;
  /**
   * Use the istio-cni node agent: injected pods then get no `istio-init` container with NET_ADMIN
   * and NET_RAW, which Pod Security `restricted` would reject.
   */
  readonly cni: { readonly enabled: boolean };
  readonly autoscaleEnabled: boolean;
  readonly autoscaleMin: number;
  readonly autoscaleMax: number;
  readonly resources: ResourceRequirements;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
  readonly meshConfig: {
    readonly enableTracing: boolean;
    readonly extensionProviders: readonly TracingProvider[];
  };
  readonly global: {
    readonly meshID: string;
    readonly istioNamespace: string;
    readonly logAsJson: boolean;
    readonly defaultPodDisruptionBudget: { readonly enabled: boolean };
  };
}

/** A pod topology spread constraint, spelt as in a pod spec. */
export interface TopologySpread {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
  readonly labelSelector: { readonly matchLabels: Readonly<Record<string, string>> };
}

export interface IstioGatewayValues {
  readonly revision: string;
  readonly service: {
    readonly type: "LoadBalancer";
    readonly annotations: Readonly<Record<string, string>>;
  };
  readonly autoscaling: {
    readonly enabled: boolean;
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly targetCPUUtilizationPercentage: number;
  };
  readonly podDisruptionBudget: { readonly maxUnavailable: number };
  readonly resources: ResourceRequirements;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly topologySpreadConstraints: readonly TopologySpread[];
  /** Same as the chart's built-in default, written out so the hardening is visible and tested. */
  readonly containerSecurityContext: {
    readonly allowPrivilegeEscalation: false;
    readonly privileged: false;
    readonly readOnlyRootFilesystem: true;
    readonly runAsNonRoot: true;
    readonly runAsUser: number;
    readonly runAsGroup: number;
    readonly capabilities: { readonly drop: readonly string[] };
  };
}

/**
 * Annotations that make the AWS Load Balancer Controller (not the in-tree cloud provider) create an
 * internet-facing NLB that targets the gateway pods' IPs directly, and health-check Envoy's readiness
 * endpoint on the status port (15021) rather than each listener's port: without a certificate
 * nothing listens on 443, and a TCP check there would mark every target unhealthy.
 */
export const NLB_SERVICE_ANNOTATIONS: Readonly<Record<string, string>> = {
  "service.beta.kubernetes.io/aws-load-balancer-type": "external",
  "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
  "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
  "service.beta.kubernetes.io/aws-load-balancer-healthcheck-port": "15021",
  "service.beta.kubernetes.io/aws-load-balancer-healthcheck-protocol": "http",
  "service.beta.kubernetes.io/aws-load-balancer-healthcheck-path": "/healthz/ready",
};
