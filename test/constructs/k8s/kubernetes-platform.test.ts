import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Testing } from "../../../constructs/core";
import {
  KubernetesPlatform,
  type KubernetesPlatformProps,
} from "../../../constructs/k8s/kubernetes-platform";
import { compileAlertmanagerConfig, compilePrometheusRules, userServiceSpec } from "../../../slo";
import { type Attrs, errorOf, resourcesOf } from "../../helpers";
import { fakeCluster } from "./fake-cluster";

const props: KubernetesPlatformProps = {
  cluster: fakeCluster(),
  highAvailability: false,
  monitoring: {
    prometheusRetention: "30d",
    prometheusStorage: "100Gi",
    alertmanagerConfig: compileAlertmanagerConfig({ timezone: "Europe/Dublin" }),
    alertmanagerSecrets: ["slo-alerting"],
  },
  logRetentionDays: 14,
  mesh: { meshId: "dev", samplingPercent: 100, hosts: ["user.dev.example.com"] },
  applications: [
    {
      name: "dev",
      repoUrl: "https://github.com/acme/platform-apps.git",
      targetRevision: "main",
      path: "environments/dev",
      destinationNamespace: "user-service",
    },
  ],
  monitoringObjects: compilePrometheusRules([userServiceSpec], { namespace: "monitoring" }) as never,
};

function synth(overrides: Partial<KubernetesPlatformProps> = {}): Record<string, Attrs> {
  const out = Testing.synthScope(
    (scope) => new KubernetesPlatform(scope, "Platform", { ...props, ...overrides }),
  );
  return Object.fromEntries(
    Object.values(resourcesOf(out, "helm_release")).map((r) => [r.name as string, r]),
  );
}

describe("KubernetesPlatform", () => {
  const releases = synth();

  it("installs every component of the platform", () => {
    expect(Object.keys(releases).sort()).toEqual([
      "argo-rollouts",
      "argocd",
      "argocd-applications",
      "eck-operator",
      "elastic-bootstrap",
      "elastic-stack",
      "fake-load-balancer",
      "fluent-bit",
      "istio-base",
      "istio-cni",
      "istio-ingress-config",
      "istio-ingressgateway",
      "istio-mesh-policies",
      "istiod",
      "jaeger",
      "kube-prometheus-stack",
      "platform-monitoring-objects",
      "vertical-pod-autoscaler",
    ]);
  });

  it("orders installs: the gateway after the cloud's load balancer add-on, ServiceMonitors after the operator", () => {
    const deps = (name: string) => JSON.stringify(releases[name]!.depends_on);
    expect(deps("istio-ingressgateway")).toContain("helm_release.Platform_FakeLoadBalancer");
    expect(deps("argo-rollouts")).toContain("Platform_Monitoring_KubePrometheusStack_Release");
    expect(deps("argocd")).toContain("Platform_Monitoring_KubePrometheusStack_Release");
    expect(deps("platform-monitoring-objects")).toContain("Platform_Monitoring_KubePrometheusStack_Release");
  });

  it("delivers the SLO rules with the label Prometheus selects", () => {
    const { manifests } = parse((releases["platform-monitoring-objects"]!.values as string[])[0]!);
    expect(manifests.map((m: Attrs) => m.kind)).toEqual(["PrometheusRule"]);
    expect(manifests[0].metadata.labels).toMatchObject({ "platform.acme.io/slo": "true" });
    const prometheus = parse((releases["kube-prometheus-stack"]!.values as string[])[0]!).prometheus
      .prometheusSpec;
    expect(prometheus.ruleSelector).toEqual({ matchLabels: { "platform.acme.io/slo": "true" } });
    expect(prometheus).toMatchObject({ retention: "30d" });
  });

  it("sends mesh traces to the Jaeger collector", () => {
    const istiod = parse((releases.istiod!.values as string[])[0]!);
    expect(istiod.meshConfig.extensionProviders[0].opentelemetry).toEqual({
      service: "jaeger.observability.svc.cluster.local",
      port: 4317,
    });
  });

  it.each([
    [false, "memory"],
    [true, "elasticsearch"],
  ] as const)("with highAvailability %s keeps traces in %s", (highAvailability, storage) => {
    const jaeger = JSON.stringify(parse((synth({ highAvailability }).jaeger!.values as string[])[0]!));
    expect(jaeger).toContain(storage === "memory" ? '"memory"' : "elasticsearch-es-http.logging");
    if (storage === "memory") expect(jaeger).not.toContain("elasticsearch");
  });

  it("takes the gateway's annotations and the volumes' StorageClass from the cluster", () => {
    const gateway = JSON.stringify(parse((releases["istio-ingressgateway"]!.values as string[])[0]!));
    expect(gateway).toContain('"fake.example/lb":"external"');
    const prometheus = parse((releases["kube-prometheus-stack"]!.values as string[])[0]!).prometheus
      .prometheusSpec;
    expect(prometheus.storageSpec.volumeClaimTemplate.spec.storageClassName).toBe("fake-ssd");
  });

  it("publishes DNS through the cluster, and refuses DNS on a cluster whose cloud publishes none", () => {
    const cluster = fakeCluster();
    const dns = { zoneName: "dev.example.com", zoneId: "Z1", recordName: "user.dev.example.com" };
    synth({ cluster, dns });
    expect(cluster.published).toEqual([dns]);
    expect(errorOf(() => synth({ cluster: fakeCluster({ dns: false }), dns }))).toContain(
      "dns: the cluster's cloud publishes no DNS here; the edge publishes its names",
    );
  });

  it("rejects a platform without Applications or hosts", () => {
    expect(() => synth({ applications: [], mesh: { ...props.mesh, hosts: [] } })).toThrowError(
      /applications: got \[\]; allowed: at least one Application[\s\S]*mesh\.hosts: got \[\]; allowed: at least one host/,
    );
  });
});
