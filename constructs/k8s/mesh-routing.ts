/**
 * The Istio VirtualService and DestinationRule in front of a web service. The route is named
 * `primary`; for a canary it has a `stable` and a `canary` destination whose weights Argo Rollouts
 * manages, and the DestinationRule has the matching subsets.
 */
import type { IDestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1/DestinationRule";
import type { IVirtualService } from "@kubernetes-models/istio/networking.istio.io/v1/VirtualService";

/** Name of the HTTP route Argo Rollouts shifts weight on. */
export const PRIMARY_ROUTE = "primary";
export const STABLE_SUBSET = "stable";
export const CANARY_SUBSET = "canary";

/** Connection-pool limits and outlier detection applied by every client sidecar. */
export interface CircuitBreaker {
  /**
   * Most TCP connections to the service from one client proxy.
   * @default 100
   */
  readonly maxConnections?: number;
  /**
   * Most requests waiting for an HTTP/1.1 connection.
   * @default 100
   */
  readonly http1MaxPendingRequests?: number;
  /**
   * Most concurrent HTTP/2 requests.
   * @default 1000
   */
  readonly http2MaxRequests?: number;
  /**
   * Requests per connection before it is recycled (0 = unlimited).
   * @default 100
   */
  readonly maxRequestsPerConnection?: number;
  /**
   * Consecutive 5xx responses that eject an endpoint.
   * @default 5
   */
  readonly consecutive5xxErrors?: number;
  /**
   * How often endpoints are analysed for ejection.
   * @default "10s"
   */
  readonly interval?: string;
  /**
   * Minimum ejection time (grows with each ejection).
   * @default "30s"
   */
  readonly baseEjectionTime?: string;
  /**
   * Most endpoints ejected at once, in percent.
   * @default 50
   */
  readonly maxEjectionPercent?: number;
}

export const CIRCUIT_BREAKER_DEFAULTS: Required<CircuitBreaker> = {
  maxConnections: 100,
  http1MaxPendingRequests: 100,
  http2MaxRequests: 1000,
  maxRequestsPerConnection: 100,
  consecutive5xxErrors: 5,
  interval: "10s",
  baseEjectionTime: "30s",
  maxEjectionPercent: 50,
};

export interface MeshRoutingOptions {
  readonly name: string;
  readonly namespace: string;
  /** Cluster-local FQDN of the service (the destination host, and the in-mesh host). */
  readonly serviceHost: string;
  readonly port: number;
  /** External hosts served through the gateway. */
  readonly hosts: readonly string[];
  /** `<namespace>/<name>` of the Istio Gateway. */
  readonly gateway: string;
  /** With subsets, the route splits between `stable` and `canary`. */
  readonly canary: boolean;
  readonly subsetLabels: Readonly<Record<string, string>>;
  readonly circuitBreaker: Required<CircuitBreaker>;
}

/** The VirtualService: external hosts via the gateway, and in-mesh callers via `mesh`. */
export function virtualService(o: MeshRoutingOptions): IVirtualService {
  const destination = (subset?: string) => ({
    host: o.serviceHost,
    port: { number: o.port },
    ...(subset ? { subset } : {}),
  });
  const route = o.canary
    ? [
        { destination: destination(STABLE_SUBSET), weight: 100 },
        { destination: destination(CANARY_SUBSET), weight: 0 },
      ]
    : [{ destination: destination() }];
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "VirtualService",
    metadata: { name: o.name, namespace: o.namespace },
    spec: {
      hosts: [...o.hosts, o.serviceHost],
      gateways: [o.gateway, "mesh"],
      http: [{ name: PRIMARY_ROUTE, route }],
    },
  };
}

/** The DestinationRule: mTLS, connection-pool limits, outlier detection, and canary subsets. */
export function destinationRule(o: MeshRoutingOptions): IDestinationRule {
  const cb = o.circuitBreaker;
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "DestinationRule",
    metadata: { name: o.name, namespace: o.namespace },
    spec: {
      host: o.serviceHost,
      trafficPolicy: {
        tls: { mode: "ISTIO_MUTUAL" },
        connectionPool: {
          tcp: { maxConnections: cb.maxConnections },
          http: {
            http1MaxPendingRequests: cb.http1MaxPendingRequests,
            http2MaxRequests: cb.http2MaxRequests,
            maxRequestsPerConnection: cb.maxRequestsPerConnection,
          },
        },
        outlierDetection: {
          consecutive5xxErrors: cb.consecutive5xxErrors,
          interval: cb.interval,
          baseEjectionTime: cb.baseEjectionTime,
          maxEjectionPercent: cb.maxEjectionPercent,
        },
      },
      // Argo Rollouts adds `rollouts-pod-template-hash` to each subset's labels during an update.
      ...(o.canary
        ? {
            subsets: [
              { name: STABLE_SUBSET, labels: { ...o.subsetLabels } },
              { name: CANARY_SUBSET, labels: { ...o.subsetLabels } },
            ],
          }
        : {}),
    },
  };
}
