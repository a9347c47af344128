/** Construction-time checks of {@link IstioMeshProps}, reported together. */
import { Validator } from "../validation";
import type { GatewayRateLimit } from "./istio-mesh-manifests";
import type { IstioMeshProps, TracingEndpoint } from "./istio-mesh-props";
import { DNS_LABEL, DNS_SUBDOMAIN, isIntIn } from "./k8s-checks";
import { resourcesCheck } from "./observability-common";

/** A Gateway host: `*`, a DNS name or a wildcard one, optionally prefixed by `<namespace>/`. */
const GATEWAY_HOST =
  /^([a-z0-9-]+\/)?(\*|(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$/;

/** The resolved settings the checks run on (defaults applied). */
interface Resolved {
  readonly version: string;
  readonly revision: string;
  readonly meshId: string;
  readonly gatewayNamespace: string;
  readonly tracingEndpoint: TracingEndpoint;
  readonly samplingPercent: number;
  readonly istiodReplicas: number;
  readonly gatewayReplicas: { readonly min: number; readonly max: number };
  readonly rateLimit: GatewayRateLimit;
  readonly hosts: readonly string[];
}

export function validateIstioMesh(construct: string, r: Resolved, props: IstioMeshProps): void {
  const { min, max } = r.gatewayReplicas;
  const rl = r.rateLimit;
  const v = new Validator(construct)
    .check(
      /^1\.30\.\d+$/.test(r.version),
      "version",
      r.version,
      "a 1.30.x chart version",
      "the values in istio-values.ts are spelt for the 1.30 charts; review them before moving to another minor",
    )
    .check(
      r.revision === "" || DNS_LABEL.test(r.revision),
      "revision",
      r.revision,
      "empty or a DNS label",
      "use a label such as 1-30-5",
    )
    .check(
      DNS_SUBDOMAIN.test(r.meshId),
      "meshId",
      r.meshId,
      "a non-empty DNS subdomain",
      "name the mesh, e.g. platform-prod",
    )
    .check(
      DNS_SUBDOMAIN.test(r.tracingEndpoint.service),
      "tracingEndpoint.service",
      r.tracingEndpoint.service,
      "a service host name",
      "use <service>.<namespace>.svc.cluster.local",
    )
    .check(
      isIntIn(r.tracingEndpoint.port, 1, 65535),
      "tracingEndpoint.port",
      r.tracingEndpoint.port,
      "an integer port 1..65535",
      "Jaeger's OTLP/gRPC port is 4317",
    )
    .check(
      Number.isFinite(r.samplingPercent) && r.samplingPercent >= 0 && r.samplingPercent <= 100,
      "samplingPercent",
      r.samplingPercent,
      "a number from 0 to 100",
      "10 traces one request in ten",
    )
    .check(
      isIntIn(r.istiodReplicas, 1),
      "istiodReplicas",
      r.istiodReplicas,
      "an integer >= 1",
      "use 2 or more where availability matters",
    )
    .check(
      isIntIn(min, 1),
      "gatewayReplicas.min",
      min,
      "an integer >= 1",
      "use 2 or more where availability matters",
    )
    .check(
      isIntIn(max, Math.max(min, 1)),
      "gatewayReplicas.max",
      max,
      "an integer >= gatewayReplicas.min",
      "raise max or lower min",
    )
    .check(
      isIntIn(rl.maxTokens, 1),
      "rateLimit.maxTokens",
      rl.maxTokens,
      "an integer >= 1",
      "the bucket size is the largest burst one gateway pod admits",
    )
    .check(
      isIntIn(rl.tokensPerFill, 1, Math.max(rl.maxTokens, 1)),
      "rateLimit.tokensPerFill",
      rl.tokensPerFill,
      "an integer from 1 to rateLimit.maxTokens",
      "refill at most a full bucket at a time",
    )
    .check(
      Number.isFinite(rl.fillIntervalSeconds) && rl.fillIntervalSeconds >= 0.05,
      "rateLimit.fillIntervalSeconds",
      rl.fillIntervalSeconds,
      "at least 0.05",
      "Envoy rejects fill intervals under 50ms",
    )
    .check(
      r.hosts.length > 0 && r.hosts.every((h) => GATEWAY_HOST.test(h)),
      "hosts",
      r.hosts,
      "one or more hosts: *, a DNS name or *.domain",
      'use ["*"] to accept every host',
    )
    .check(
      DNS_LABEL.test(r.gatewayNamespace) && r.gatewayNamespace !== "istio-system",
      "gatewayNamespace",
      r.gatewayNamespace,
      "a DNS label other than istio-system",
      "keep the gateway (and its TLS secrets) apart from istiod, e.g. istio-ingress",
    )
    .check(
      props.tlsCredentialName === undefined || DNS_SUBDOMAIN.test(props.tlsCredentialName),
      "tlsCredentialName",
      props.tlsCredentialName,
      "the name of a kubernetes.io/tls secret",
      "omit it for an HTTP-only gateway",
    );
  for (const [field, res] of [
    ["istiodResources", props.istiodResources],
    ["gatewayResources", props.gatewayResources],
  ] as const)
    v.check(...resourcesCheck(field, res));
  v.throwIfAny();
}
