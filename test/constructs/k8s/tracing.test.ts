import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type Construct, Testing } from "../../../constructs/core";
import { Logging } from "../../../constructs/k8s/logging";
import { Tracing, type TracingProps } from "../../../constructs/k8s/tracing";
import { type Attrs, resourcesOf } from "../../helpers";

// biome-ignore lint/suspicious/noExplicitAny: parsed chart values are untyped YAML
type Values = any;

function synth(build: (scope: Construct) => void): string {
  return Testing.synthScope((scope) => build(scope));
}

function jaeger(out: string): { attrs: Attrs; values: Values } {
  const attrs = Object.values(resourcesOf(out, "helm_release")).find((r) => r.name === "jaeger");
  if (!attrs) throw new Error("no jaeger release");
  return { attrs, values: parse((attrs.values as string[])[0] ?? "") };
}

const dev: TracingProps = { storage: "memory", highAvailability: false };

function withLogging(
  overrides: Partial<TracingProps> = {},
  shareCredentialsWith = ["observability"],
): string {
  return synth((scope) => {
    const logging = new Logging(scope, "Logging", {
      retentionDays: 30,
      highAvailability: true,
      shareCredentialsWith,
    });
    new Tracing(scope, "Tracing", {
      storage: "elasticsearch",
      highAvailability: true,
      elasticsearch: logging,
      ...overrides,
    });
  });
}

describe("Tracing", () => {
  const memory = synth((scope) => new Tracing(scope, "Tracing", dev));

  it("installs the pinned Jaeger v2 chart into observability", () => {
    expect(memory).toHaveResourceWithProperties(Release, {
      name: "jaeger",
      repository: "https://jaegertracing.github.io/helm-charts",
      chart: "jaeger",
      version: "4.11.1",
      namespace: "observability",
      create_namespace: false,
    });
    expect(memory).toHaveResourceWithProperties(NamespaceV1, { metadata: { name: "observability" } });
    const { values } = jaeger(memory);
    expect(values.jaeger.enabled).toBe(true);
    expect(values.jaeger.nodeSelector).toEqual({ "node-role": "application" });
    expect(values.jaeger.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    });
    expect(values.jaeger.podSecurityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
    expect(values.jaeger.resources.limits).toEqual({ cpu: "1", memory: "1Gi" });
  });

  it("receives OTLP on 4317 and 4318 and exposes the collector service", () => {
    const { values } = jaeger(memory);
    expect(values.userconfig.receivers.otlp.protocols).toEqual({
      grpc: { endpoint: "0.0.0.0:4317" },
      http: { endpoint: "0.0.0.0:4318" },
    });
    expect(values.userconfig.service.pipelines.traces).toEqual({
      receivers: ["otlp"],
      processors: ["batch"],
      exporters: ["jaeger_storage_exporter"],
    });
    Testing.synthScope((scope) => {
      const t = new Tracing(scope, "Tracing", dev);
      expect(t.collectorService).toEqual({
        host: "jaeger.observability.svc.cluster.local",
        otlpGrpcPort: 4317,
        otlpHttpPort: 4318,
      });
      expect(t.release.release.nameInput).toBe("jaeger");
    });
  });

  it("keeps spans in memory in development, on one replica", () => {
    const { values } = jaeger(memory);
    expect(values.userconfig.extensions.jaeger_storage.backends).toEqual({
      primary_store: { memory: { max_traces: 100000 } },
    });
    expect(values.jaeger.replicas).toBe(1);
    expect(values.jaeger.extraVolumes).toEqual([]);
    const ha = jaeger(
      synth((scope) => new Tracing(scope, "Tracing", { ...dev, highAvailability: true })),
    ).values;
    expect(ha.jaeger.replicas).toBe(1);
  });

  it("stores spans in the Logging Elasticsearch with its credentials and CA in staging and prod", () => {
    const out = withLogging();
    const { attrs, values } = jaeger(out);
    expect(values.userconfig.extensions.jaeger_storage.backends.primary_store).toEqual({
      elasticsearch: {
        server_urls: ["https://elasticsearch-es-http.logging.svc:9200"],
        auth: { basic: { username: "elastic", password_file: "/jaeger/es-user/elastic" } },
        tls: { ca_file: "/jaeger/es-ca/ca.crt" },
        indices: {
          index_prefix: "jaeger",
          spans: { shards: 1, replicas: 1 },
          services: { shards: 1, replicas: 1 },
        },
      },
    });
    expect(values.jaeger.extraVolumes).toEqual([
      { name: "es-user", secret: { secretName: "elasticsearch-es-elastic-user" } },
      { name: "es-ca", secret: { secretName: "elasticsearch-es-http-certs-public" } },
    ]);
    expect(values.jaeger.replicas).toBe(2);
    expect(attrs.depends_on).toEqual([
      expect.stringContaining("kubernetes_namespace_v1.Tracing_Namespace"),
      expect.stringContaining("helm_release.Logging_Bootstrap_Objects_Release"),
    ]);
  });

  it("rejects elasticsearch storage without an endpoint, or without shared credentials", () => {
    expect(() =>
      synth((scope) => new Tracing(scope, "Tracing", { storage: "elasticsearch", highAvailability: true })),
    ).toThrowError(
      "elasticsearch: got undefined; allowed: an Elasticsearch endpoint with elasticsearch storage; hint: pass the Logging construct",
    );
    expect(() => withLogging({}, [])).toThrowError(
      'elasticsearch.shareCredentialsWith: got []; allowed: a list including observability; hint: add "observability" to Logging\'s shareCredentialsWith',
    );
  });

  it("rejects an endpoint with memory storage, and bad prefixes, sizes and resources", () => {
    expect(() =>
      withLogging({
        storage: "memory",
        indexPrefix: "Jaeger",
        memoryMaxTraces: 0,
        resources: { requests: { cpu: "1", memory: "lots" }, limits: { cpu: "1", memory: "1Gi" } },
      }),
    ).toThrowError(
      new RegExp(
        [
          "Tracing stack/Tracing: 4 invalid prop\\(s\\)",
          'elasticsearch: got "https://elasticsearch-es-http.logging.svc:9200"; allowed: no endpoint with memory storage',
          'indexPrefix: got "Jaeger"; allowed: lower-case letters, digits and dashes',
          "memoryMaxTraces: got 0; allowed: a positive integer",
          "resources: got .*; allowed: CPU and memory quantities",
        ].join("[\\s\\S]*"),
      ),
    );
  });
});
