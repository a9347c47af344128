/** The platform layer as the stacks configure it, per environment, read from the full app synth. */

import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type Attrs, readStack, resourcesOf, synthDir } from "../helpers";

const outdir = synthDir();

function releases(stack: string): Record<string, Attrs> {
  return Object.fromEntries(
    Object.values(resourcesOf(readStack(outdir, stack), "helm_release")).map((r) => [r.name as string, r]),
  );
}
// biome-ignore lint/suspicious/noExplicitAny: values are free-form YAML
const valuesOf = (stack: string, release: string): any =>
  parse((releases(stack)[release]!.values as string[])[0]!);
// biome-ignore lint/suspicious/noExplicitAny: manifests are free-form
const manifests = (stack: string, release: string): any[] => valuesOf(stack, release).manifests;

describe("platform per environment", () => {
  it.each(["dev", "staging", "prod-blue", "prod-green"])("enforces STRICT mTLS mesh-wide in %s", (stack) => {
    const peer = manifests(stack, "istio-mesh-policies").find((m) => m.kind === "PeerAuthentication");
    expect(peer).toEqual({
      apiVersion: "security.istio.io/v1",
      kind: "PeerAuthentication",
      metadata: expect.objectContaining({ name: "default", namespace: "istio-system" }),
      spec: { mtls: { mode: "STRICT" } },
    });
  });

  it.each([
    ["dev", "7d", "20Gi"],
    ["staging", "15d", "50Gi"],
    ["prod-blue", "30d", "100Gi"],
  ])("keeps %s metrics for %s on %s", (stack, retention, storage) => {
    const spec = valuesOf(stack, "kube-prometheus-stack").prometheus.prometheusSpec;
    expect(spec.retention).toBe(retention);
    expect(spec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage).toBe(storage);
  });

  it("delivers dev's user-service as a rolling Deployment with 25% surge and 25% unavailable", () => {
    const delivered = manifests("dev", "user-service-delivery");
    expect(delivered.map((m) => m.kind)).toEqual([
      "Job",
      "Deployment",
      "PodMonitor",
      "VerticalPodAutoscaler",
    ]);
    expect(delivered[1].spec.strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" },
    });
  });

  it.each([
    "staging",
    "prod-blue",
  ])("delivers %s's user-service as a canary: 5% for 10m, 25% for 20m, then 100%", (stack) => {
    expect(resourcesOf(readStack(outdir, stack), "kubernetes_deployment_v1")).toEqual({});
    const rollout = manifests(stack, "user-service-delivery").find((m) => m.kind === "Rollout");
    expect(rollout.spec.strategy.canary.steps).toEqual([
      { setWeight: 5 },
      { pause: { duration: "10m" } },
      { setWeight: 25 },
      { pause: { duration: "20m" } },
    ]);
    expect(rollout.spec.strategy.canary.analysis.templates).toEqual([
      { templateName: "user-service-slo-canary" },
    ]);
    const template = manifests(stack, "user-service-delivery").find((m) => m.kind === "AnalysisTemplate");
    expect(template.metadata.name).toBe("user-service-slo-canary");
  });

  it.each([
    ["dev", "100m", "128Mi", 1],
    ["staging", "250m", "256Mi", 2],
    ["prod-blue", "500m", "512Mi", 5],
  ])("sizes %s's user-service at %s/%s with at least %i replicas", (stack, cpu, memory, replicas) => {
    const doc = readStack(outdir, stack);
    const workload = manifests(stack, "user-service-delivery").find((m) =>
      /^(Deployment|Rollout)$/.test(m.kind),
    );
    expect(workload.spec.template.spec.containers[0].resources.requests).toEqual({ cpu, memory });
    // biome-ignore lint/suspicious/noExplicitAny: synthesized HCL JSON
    const [hpa] = Object.values(resourcesOf(doc, "kubernetes_horizontal_pod_autoscaler_v2")) as any[];
    expect(hpa.spec.min_replicas).toBe(replicas);
  });

  it("points each environment's Argo CD Application at its manifests path", () => {
    const app = manifests("prod-blue", "argocd-applications").find((m) => m.kind === "Application");
    expect(app.spec.source).toMatchObject({ path: "environments/prod", targetRevision: "release" });
    expect(app.spec.syncPolicy).toMatchObject({ automated: { prune: true, selfHeal: true } });
    expect(app.spec.syncPolicy.syncOptions).toContain("CreateNamespace=true");
    expect(app.spec.revisionHistoryLimit).toBe(10);
  });

  it.each(["blue", "green"])("publishes prod-%s's gateway as <color>.<zone> through ExternalDNS", (color) => {
    const stack = `prod-${color}`;
    const gateway = valuesOf(stack, "istio-ingressgateway");
    expect(gateway.service.annotations["external-dns.alpha.kubernetes.io/hostname"]).toBe(
      `${color}.platform.acme.example`,
    );
    const dns = valuesOf(stack, "external-dns");
    expect(dns).toMatchObject({
      domainFilters: ["platform.acme.example"],
      txtOwnerId: expect.stringContaining("aws_eks_cluster.Cluster"),
    });
    expect(dns.extraArgs[1]).toContain("cross-stack-output-aws_route53_zone");
  });

  it.each(["dev", "staging"])("publishes %s's ingress hosts in its own zone through ExternalDNS", (stack) => {
    const gateway = valuesOf(stack, "istio-ingressgateway");
    expect(gateway.service.annotations["external-dns.alpha.kubernetes.io/hostname"]).toBe(
      `user.${stack}.platform.acme.example`,
    );
    expect(valuesOf(stack, "external-dns")).toMatchObject({
      domainFilters: [`${stack}.platform.acme.example`],
    });
    expect(valuesOf(stack, "external-dns").extraArgs[1]).toMatch(
      /--zone-id-filter=\$\{aws_route53_zone\.Zone\.zone_id\}/,
    );
  });

  it("serves the live hostname and the color's own name from each prod color", () => {
    const gateway = manifests("prod-green", "istio-ingress-config").find((m) => m.kind === "Gateway");
    expect(JSON.stringify(gateway.spec.servers)).toContain("app.platform.acme.example");
    expect(JSON.stringify(gateway.spec.servers)).toContain("green.platform.acme.example");
  });
});
