import { createHash } from "node:crypto";
/**
 * Service annotations for the Istio ingress gateway on AKS, the counterpart of the NLB annotations in
 * constructs/k8s/istio-values.ts. The Azure cloud provider creates the load balancer itself (no
 * controller to install); the annotations point each listener's health probe at Envoy's readiness
 * endpoint on the status port, 15021, instead of the listener: without a certificate nothing answers
 * on 443, and a probe there would mark every backend down. Annotation names: AKS "Use a public
 * Standard Load Balancer", customize the health probe (port-specific annotations).
 */

/** Envoy's readiness endpoint on the gateway's status port. */
export const ISTIO_READINESS = { port: 15021, path: "/healthz/ready" } as const;

export interface GatewayAnnotationOptions {
  /**
   * Service ports of the gateway whose probes go to the status port.
   * @default [80, 443]
   */
  readonly ports?: readonly number[];
  /**
   * An internal load balancer in the node subnet instead of a public one.
   * @default false
   */
  readonly internal?: boolean;
}

/** The annotations for a gateway `Service` of type `LoadBalancer` on AKS. */
export function gatewayServiceAnnotations(options: GatewayAnnotationOptions = {}): Record<string, string> {
  const ports = options.ports ?? [80, 443];
  const bad = ports.filter((p) => !Number.isInteger(p) || p < 1 || p > 65535);
  if (bad.length > 0)
    throw new Error(`gatewayServiceAnnotations: ports ${JSON.stringify(bad)} are not 1..65535`);
  const annotations: Record<string, string> = {
    "service.beta.kubernetes.io/azure-load-balancer-health-probe-request-path": ISTIO_READINESS.path,
  };
  for (const port of ports) {
    const prefix = `service.beta.kubernetes.io/port_${port}_health-probe`;
    annotations[`${prefix}_protocol`] = "http";
    annotations[`${prefix}_port`] = String(ISTIO_READINESS.port);
    annotations[`${prefix}_request-path`] = ISTIO_READINESS.path;
  }
  if (options.internal) annotations["service.beta.kubernetes.io/azure-load-balancer-internal"] = "true";
  return annotations;
}

/** The public gateway on 80 and 443. */
export const AKS_GATEWAY_SERVICE_ANNOTATIONS: Readonly<Record<string, string>> = gatewayServiceAnnotations();

/** The annotation that gives a LoadBalancer Service's public IP a DNS label in its region. */
export const AZURE_DNS_LABEL_ANNOTATION = "service.beta.kubernetes.io/azure-dns-label-name";

/** `<label>.<location>.cloudapp.azure.com`: the public name Azure gives a labelled IP. */
export function azureGatewayHostname(label: string, location: string): string {
  return `${label}.${location}.cloudapp.azure.com`;
}

/**
 * A gateway DNS label unique to the subscription: `<cluster>-<6 hex of the subscription and
 * cluster>`. Labels are unique per region across all of Azure, so the bare cluster name (`prod-blue`)
 * is likely taken. Deterministic, so the edge computes the same origin from the environment file.
 */
export function gatewayDnsLabel(cluster: string, subscriptionId: string): string {
  const hash = createHash("sha256").update(`${subscriptionId}/${cluster}`).digest("hex").slice(0, 6);
  return `${cluster}-${hash}`;
}
