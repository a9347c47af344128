import { Release } from "@cdktf/provider-helm/lib/release";
import { Gateway } from "@kubernetes-models/istio/networking.istio.io/v1/Gateway";
import { EnvoyFilter } from "@kubernetes-models/istio/networking.istio.io/v1alpha3/EnvoyFilter";
import { PeerAuthentication } from "@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication";
import { Telemetry } from "@kubernetes-models/istio/telemetry.istio.io/v1/Telemetry";
import { describe, expect, it } from "vitest";
import { LoadBalancerController } from "../../../constructs/aws/load-balancer-controller";
import { Testing } from "../../../constructs/core";
import { IstioMesh, type IstioMeshProps } from "../../../constructs/k8s/istio-mesh";
import { helmRelease, manifestsOf, releaseAddress, valuesOf } from "./release-readers";

const props: IstioMeshProps = { meshId: "platform-test" };

function synth(overrides: Partial<IstioMeshProps> = {}): string {
  return Testing.synthScope((scope) => new IstioMesh(scope, "Mesh", { ...props, ...overrides }));
}

describe("IstioMesh", () => {
  const out = synth({ tlsCredentialName: "public-tls", hosts: ["shop.example.com"] });

  it.each([
    ["istio-base", "base", "istio-system"],
    ["istio-cni", "cni", "istio-system"],
    ["istiod", "istiod", "istio-system"],
    ["istio-ingressgateway", "gateway", "istio-ingress"],
  ])("pins %s to chart %s 1.30.5 from the Istio repository in %s", (name, chart, namespace) => {
    expect(out).toHaveResourceWithProperties(Release, {
      name,
      chart,
      namespace,
      version: "1.30.5",
      repository: "https://istio-release.storage.googleapis.com/charts",
    });
  });

  it("installs base, then the CNI agent, then istiod, then the gateway", () => {
    expect(helmRelease(out, "istio-cni").depends_on).toEqual([releaseAddress(out, "istio-base")]);
    expect(helmRelease(out, "istiod").depends_on).toEqual([
      releaseAddress(out, "istio-base"),
      releaseAddress(out, "istio-cni"),
    ]);
    expect(helmRelease(out, "istio-ingressgateway").depends_on).toEqual([releaseAddress(out, "istiod")]);
  });

  it("makes the gateway wait for extra releases such as the load balancer controller", () => {
    const withLbc = Testing.synthScope((scope) => {
      const lbc = new LoadBalancerController(scope, "Lbc", {
        clusterName: "prod-blue",
        region: "eu-west-1",
        vpcId: "vpc-0a1b2c3d",
        roleArn: "arn:aws:iam::123456789012:role/lbc",
      });
      new IstioMesh(scope, "Mesh", { ...props, dependsOn: [lbc.release] });
    });
    expect(helmRelease(withLbc, "istio-ingressgateway").depends_on).toEqual([
      releaseAddress(withLbc, "istiod"),
      releaseAddress(withLbc, "aws-load-balancer-controller"),
    ]);
    expect(helmRelease(withLbc, "istiod").depends_on).toEqual([
      releaseAddress(withLbc, "istio-base"),
      releaseAddress(withLbc, "istio-cni"),
    ]);
  });

  it("sends traces to Jaeger over OTLP and sets the mesh ID", () => {
    const istiod = valuesOf(out, "istiod");
    expect(istiod.meshConfig).toEqual({
      enableTracing: true,
      extensionProviders: [
        {
          name: "jaeger",
          opentelemetry: { service: "jaeger-collector.observability.svc.cluster.local", port: 4317 },
        },
      ],
    });
    expect(istiod.global).toMatchObject({ meshID: "platform-test", istioNamespace: "istio-system" });
    expect(istiod).not.toHaveProperty("pilot");
    // No istio-init (NET_ADMIN, NET_RAW) in restricted namespaces: the CNI agent redirects traffic.
    expect(istiod.cni).toEqual({ enabled: true });
  });

  it("runs istiod on the system nodes with two replicas, a PDB and bounded resources", () => {
    const istiod = valuesOf(out, "istiod");
    expect(istiod).toMatchObject({
      autoscaleEnabled: true,
      autoscaleMin: 2,
      autoscaleMax: 5,
      nodeSelector: { "node-role": "system" },
      tolerations: [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }],
      resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "2", memory: "2Gi" } },
      global: { defaultPodDisruptionBudget: { enabled: true } },
    });
  });

  it("puts the gateway behind an internet-facing NLB made by the AWS Load Balancer Controller, checking Envoy readiness", () => {
    const gw = valuesOf(out, "istio-ingressgateway");
    expect(gw.service).toEqual({
      type: "LoadBalancer",
      annotations: {
        "service.beta.kubernetes.io/aws-load-balancer-type": "external",
        "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
        "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
        "service.beta.kubernetes.io/aws-load-balancer-healthcheck-port": "15021",
        "service.beta.kubernetes.io/aws-load-balancer-healthcheck-protocol": "http",
        "service.beta.kubernetes.io/aws-load-balancer-healthcheck-path": "/healthz/ready",
      },
    });
  });

  it("autoscales the gateway from two pods, spreads it over zones and hardens its container", () => {
    const gw = valuesOf(out, "istio-ingressgateway");
    expect(gw.autoscaling).toEqual({
      enabled: true,
      minReplicas: 2,
      maxReplicas: 5,
      targetCPUUtilizationPercentage: 80,
    });
    expect(gw.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    expect(gw.nodeSelector).toEqual({ "node-role": "application" });
    expect(gw.topologySpreadConstraints).toEqual([
      expect.objectContaining({
        topologyKey: "topology.kubernetes.io/zone",
        labelSelector: { matchLabels: { app: "istio-ingressgateway", istio: "ingressgateway" } },
      }),
    ]);
    expect(gw.containerSecurityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ["ALL"] },
    });
    expect(gw.resources).toEqual({
      requests: { cpu: "250m", memory: "256Mi" },
      limits: { cpu: "2", memory: "1Gi" },
    });
  });

  it("delivers STRICT mTLS and mesh tracing after base and istiod, and they validate", () => {
    const [pa, telemetry] = manifestsOf(out, "istio-mesh-policies");
    expect(pa).toEqual({
      apiVersion: "security.istio.io/v1",
      kind: "PeerAuthentication",
      metadata: { name: "default", namespace: "istio-system" },
      spec: { mtls: { mode: "STRICT" } },
    });
    expect(telemetry).toMatchObject({
      kind: "Telemetry",
      metadata: { name: "mesh-default", namespace: "istio-system" },
      spec: { tracing: [{ providers: [{ name: "jaeger" }], randomSamplingPercentage: 10 }] },
    });
    new PeerAuthentication(pa as never).validate();
    new Telemetry(telemetry as never).validate();
    expect(helmRelease(out, "istio-mesh-policies").depends_on).toEqual([
      releaseAddress(out, "istio-base"),
      releaseAddress(out, "istiod"),
    ]);
  });

  it("serves HTTPS with the given certificate and redirects HTTP", () => {
    const [gateway] = manifestsOf(out, "istio-ingress-config");
    expect(gateway).toMatchObject({
      apiVersion: "networking.istio.io/v1",
      kind: "Gateway",
      metadata: { name: "public-gateway", namespace: "istio-ingress" },
      spec: {
        selector: { app: "istio-ingressgateway", istio: "ingressgateway" },
        servers: [
          {
            port: { number: 443, name: "https", protocol: "HTTPS" },
            hosts: ["shop.example.com"],
            tls: { mode: "SIMPLE", credentialName: "public-tls", minProtocolVersion: "TLSV1_2" },
          },
          {
            port: { number: 80, name: "http", protocol: "HTTP" },
            hosts: ["shop.example.com"],
            tls: { httpsRedirect: true },
          },
        ],
      },
    });
    new Gateway(gateway as never).validate();
  });

  it("serves plain HTTP on 80 when no certificate is given", () => {
    const [gateway] = manifestsOf(synth(), "istio-ingress-config");
    expect((gateway.spec as { servers: unknown[] }).servers).toEqual([
      { port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["*"] },
    ]);
    new Gateway(gateway as never).validate();
  });

  it("rate-limits the gateway with Envoy's local token bucket, after the gateway exists", () => {
    const [, filter] = manifestsOf(
      synth({ rateLimit: { maxTokens: 200, tokensPerFill: 100, fillIntervalSeconds: 0.5 } }),
      "istio-ingress-config",
    );
    expect(filter).toMatchObject({
      apiVersion: "networking.istio.io/v1alpha3",
      kind: "EnvoyFilter",
      metadata: { namespace: "istio-ingress" },
      spec: {
        workloadSelector: { labels: { istio: "ingressgateway" } },
        configPatches: [
          {
            applyTo: "HTTP_FILTER",
            match: { context: "GATEWAY" },
            patch: {
              operation: "INSERT_BEFORE",
              value: {
                name: "envoy.filters.http.local_ratelimit",
                typed_config: {
                  token_bucket: { max_tokens: 200, tokens_per_fill: 100, fill_interval: "0.5s" },
                },
              },
            },
          },
        ],
      },
    });
    new EnvoyFilter(filter as never).validate();
    expect(helmRelease(out, "istio-ingress-config").depends_on).toEqual([
      releaseAddress(out, "istio-base"),
      releaseAddress(out, "istiod"),
      releaseAddress(out, "istio-ingressgateway"),
    ]);
  });

  it("honours the tracing endpoint, sampling, replicas and revision props", () => {
    const custom = synth({
      tracingEndpoint: { service: "otel-collector.tracing.svc.cluster.local", port: 4318 },
      samplingPercent: 1.5,
      istiodReplicas: 3,
      gatewayReplicas: { min: 3, max: 12 },
      revision: "1-30-5",
    });
    expect(valuesOf(custom, "istiod")).toMatchObject({
      revision: "1-30-5",
      autoscaleMin: 3,
      meshConfig: {
        extensionProviders: [
          { opentelemetry: { service: "otel-collector.tracing.svc.cluster.local", port: 4318 } },
        ],
      },
    });
    expect(valuesOf(custom, "istio-base")).toEqual({
      defaultRevision: "1-30-5",
      global: { istioNamespace: "istio-system" },
    });
    expect(valuesOf(custom, "istio-ingressgateway")).toMatchObject({
      revision: "1-30-5",
      autoscaling: { minReplicas: 3, maxReplicas: 12 },
    });
    const [, telemetry] = manifestsOf(custom, "istio-mesh-policies");
    expect(telemetry).toMatchObject({ spec: { tracing: [{ randomSamplingPercentage: 1.5 }] } });
  });

  it("exposes what workloads and VirtualServices need", () => {
    Testing.synthScope((scope) => {
      const mesh = new IstioMesh(scope, "Mesh", props);
      expect(mesh.gatewayNamespace).toBe("istio-ingress");
      expect(mesh.gatewayName).toBe("public-gateway");
      expect(mesh.gatewayRef).toBe("istio-ingress/public-gateway");
      expect(mesh.gatewaySelector).toEqual({ app: "istio-ingressgateway", istio: "ingressgateway" });
      expect(mesh.gatewayPrincipal).toBe("cluster.local/ns/istio-ingress/sa/istio-ingressgateway");
      expect(mesh.tlsEnabled).toBe(false);
      expect(mesh.version).toBe("1.30.5");
      expect(mesh.samplingPercent).toBe(10);
      expect(mesh.rateLimit).toEqual({ maxTokens: 1000, tokensPerFill: 500, fillIntervalSeconds: 1 });
    });
  });

  it.each<[string, Partial<IstioMeshProps>, RegExp]>([
    ["version", { version: "1.29.3" }, /version: got "1\.29\.3"; allowed: a 1\.30\.x chart version/],
    ["revision", { revision: "Canary_1" }, /revision: got "Canary_1"; allowed: empty or a DNS label/],
    ["meshId", { meshId: "" }, /meshId: got ""; allowed: a non-empty DNS subdomain/],
    [
      "tracing service",
      { tracingEndpoint: { service: "Jaeger:4317", port: 4317 } },
      /tracingEndpoint\.service: got "Jaeger:4317"/,
    ],
    [
      "tracing port",
      { tracingEndpoint: { service: "jaeger", port: 0 } },
      /tracingEndpoint\.port: got 0; allowed: an integer port 1\.\.65535/,
    ],
    ["sampling", { samplingPercent: 101 }, /samplingPercent: got 101; allowed: a number from 0 to 100/],
    ["istiod replicas", { istiodReplicas: 0 }, /istiodReplicas: got 0; allowed: an integer >= 1/],
    ["gateway min", { gatewayReplicas: { min: 0, max: 2 } }, /gatewayReplicas\.min: got 0/],
    [
      "gateway max",
      { gatewayReplicas: { min: 3, max: 2 } },
      /gatewayReplicas\.max: got 2; allowed: an integer >= gatewayReplicas\.min/,
    ],
    [
      "max tokens",
      { rateLimit: { maxTokens: 0, tokensPerFill: 1, fillIntervalSeconds: 1 } },
      /rateLimit\.maxTokens: got 0/,
    ],
    [
      "tokens per fill",
      { rateLimit: { maxTokens: 10, tokensPerFill: 20, fillIntervalSeconds: 1 } },
      /rateLimit\.tokensPerFill: got 20; allowed: an integer from 1 to rateLimit\.maxTokens/,
    ],
    [
      "fill interval",
      { rateLimit: { maxTokens: 10, tokensPerFill: 10, fillIntervalSeconds: 0.01 } },
      /rateLimit\.fillIntervalSeconds: got 0\.01; allowed: at least 0\.05/,
    ],
    ["hosts", { hosts: [] }, /hosts: got \[\]; allowed: one or more hosts/],
    ["bad host", { hosts: ["https://shop.example.com"] }, /hosts: got \["https:\/\/shop\.example\.com"\]/],
    [
      "gateway namespace",
      { gatewayNamespace: "istio-system" },
      /gatewayNamespace: got "istio-system"; allowed: a DNS label other than istio-system/,
    ],
    ["credential", { tlsCredentialName: "Public TLS" }, /tlsCredentialName: got "Public TLS"/],
    [
      "resources",
      { gatewayResources: { requests: { cpu: "lots", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } } },
      /gatewayResources: got .*allowed: CPU and memory quantities/,
    ],
  ])("rejects a bad %s", (_name, overrides, message) => {
    expect(() => synth(overrides)).toThrowError(message);
  });

  it("reports every problem at once", () => {
    expect(() => synth({ samplingPercent: -1, istiodReplicas: 0, meshId: "" })).toThrowError(
      /3 invalid prop\(s\)/,
    );
  });
});
