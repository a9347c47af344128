/**
 * The Istio custom resources {@link IstioMesh} delivers through RawManifests, typed with
 * `@kubernetes-models/istio` (type-only imports; see manifest.ts).
 */

import type { IGateway } from "@kubernetes-models/istio/networking.istio.io/v1/Gateway";
import type { IEnvoyFilter } from "@kubernetes-models/istio/networking.istio.io/v1alpha3/EnvoyFilter";
import type { IPeerAuthentication } from "@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication";
import type { ITelemetry } from "@kubernetes-models/istio/telemetry.istio.io/v1/Telemetry";

/** Envoy's local (per-pod) token bucket, applied to every HTTP request the gateway receives. */
export interface GatewayRateLimit {
  /** Bucket size: the largest burst one gateway pod admits. */
  readonly maxTokens: number;
  /** Tokens added at each fill. */
  readonly tokensPerFill: number;
  /** Seconds between fills; Envoy requires at least 0.05. */
  readonly fillIntervalSeconds: number;
}

/** Mesh-wide mutual TLS: sidecars accept only mTLS traffic. */
export function strictPeerAuthentication(istioNamespace: string): IPeerAuthentication {
  return {
    apiVersion: "security.istio.io/v1",
    kind: "PeerAuthentication",
    metadata: { name: "default", namespace: istioNamespace },
    spec: { mtls: { mode: "STRICT" } },
  };
}

/** Mesh-wide tracing through the named extension provider, at `samplingPercent` percent of requests. */
export function meshTelemetry(istioNamespace: string, provider: string, samplingPercent: number): ITelemetry {
  return {
    apiVersion: "telemetry.istio.io/v1",
    kind: "Telemetry",
    metadata: { name: "mesh-default", namespace: istioNamespace },
    spec: { tracing: [{ providers: [{ name: provider }], randomSamplingPercentage: samplingPercent }] },
  };
}

export interface IngressGatewayOptions {
  readonly name: string;
  readonly namespace: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly hosts: readonly string[];
  /** Secret (in the gateway namespace) holding the certificate; without it the gateway serves HTTP only. */
  readonly credentialName?: string;
}

/** HTTPS on 443 with an HTTP-to-HTTPS redirect on 80, or plain HTTP on 80 when no certificate is given. */
export function ingressGateway(o: IngressGatewayOptions): IGateway {
  const hosts = [...o.hosts];
  const servers: NonNullable<IGateway["spec"]>["servers"] = o.credentialName
    ? [
        {
          port: { number: 443, name: "https", protocol: "HTTPS" },
          hosts,
          tls: { mode: "SIMPLE", credentialName: o.credentialName, minProtocolVersion: "TLSV1_2" },
        },
        { port: { number: 80, name: "http", protocol: "HTTP" }, hosts, tls: { httpsRedirect: true } },
      ]
    : [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts }];
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "Gateway",
    metadata: { name: o.name, namespace: o.namespace },
    spec: { selector: { ...o.selector }, servers },
  };
}

/** Inserts `envoy.filters.http.local_ratelimit` before the router on the gateway's HTTP listeners. */
export function gatewayRateLimit(
  namespace: string,
  selector: Readonly<Record<string, string>>,
  limit: GatewayRateLimit,
): IEnvoyFilter {
  const always = { numerator: 100, denominator: "HUNDRED" };
  return {
    apiVersion: "networking.istio.io/v1alpha3",
    kind: "EnvoyFilter",
    metadata: { name: "ingress-local-ratelimit", namespace },
    spec: {
      workloadSelector: { labels: { ...selector } },
      configPatches: [
        {
          applyTo: "HTTP_FILTER",
          match: {
            context: "GATEWAY",
            listener: {
              filterChain: {
                filter: {
                  name: "envoy.filters.network.http_connection_manager",
                  subFilter: { name: "envoy.filters.http.router" },
                },
              },
            },
          },
          patch: {
            operation: "INSERT_BEFORE",
            value: {
              name: "envoy.filters.http.local_ratelimit",
              typed_config: {
                "@type":
                  "type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit",
                stat_prefix: "http_local_rate_limiter",
                token_bucket: {
                  max_tokens: limit.maxTokens,
                  tokens_per_fill: limit.tokensPerFill,
                  fill_interval: `${limit.fillIntervalSeconds}s`,
                },
                filter_enabled: { runtime_key: "local_rate_limit_enabled", default_value: always },
                filter_enforced: { runtime_key: "local_rate_limit_enforced", default_value: always },
                response_headers_to_add: [
                  {
                    append_action: "OVERWRITE_IF_EXISTS_OR_ADD",
                    header: { key: "x-local-rate-limit", value: "true" },
                  },
                ],
              },
            },
          },
        },
      ],
    },
  };
}
