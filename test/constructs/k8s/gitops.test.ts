import { Release } from "@cdktf/provider-helm/lib/release";
import { Application } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import { AppProject } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject";
import { describe, expect, it } from "vitest";
import { Testing } from "../../../constructs/core";
import { GitOps, type GitOpsApplication, type GitOpsProps } from "../../../constructs/k8s/gitops";
import { helmRelease, manifestsOf, releaseAddress, valuesOf } from "./release-readers";

const shop: GitOpsApplication = {
  name: "shop-prod",
  repoUrl: "https://github.com/example/platform-apps.git",
  targetRevision: "main",
  path: "environments/prod",
  destinationNamespace: "shop",
};
const props: GitOpsProps = { applications: [shop] };

function synth(overrides: Partial<GitOpsProps> = {}): string {
  return Testing.synthScope((scope) => new GitOps(scope, "GitOps", { ...props, ...overrides }));
}

describe("GitOps", () => {
  const out = synth();
  const values = valuesOf(out, "argocd");

  it("pins the argo-cd 10.x chart in the argocd namespace", () => {
    expect(out).toHaveResourceWithProperties(Release, {
      name: "argocd",
      repository: "https://argoproj.github.io/argo-helm",
      chart: "argo-cd",
      version: "10.1.1",
      namespace: "argocd",
    });
  });

  it("keeps TLS on the server, Dex and notifications off, exec disabled, CRDs kept", () => {
    expect(values.configs).toEqual({
      params: { "server.insecure": false },
      cm: { "exec.enabled": false, "admin.enabled": true },
    });
    expect(values.dex).toEqual({ enabled: false });
    expect(values.notifications).toEqual({ enabled: false });
    expect(values.crds).toEqual({ install: true, keep: true });
    expect(values.global).not.toHaveProperty("domain");
  });

  it("runs every component on the system nodes with bounded resources", () => {
    expect(values.global).toMatchObject({
      nodeSelector: { "node-role": "system" },
      tolerations: [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }],
    });
    expect(values.controller.resources).toEqual({
      requests: { cpu: "250m", memory: "512Mi" },
      limits: { cpu: "1", memory: "2Gi" },
    });
    expect(values.repoServer.resources).toEqual({
      requests: { cpu: "100m", memory: "256Mi" },
      limits: { cpu: "1", memory: "1Gi" },
    });
    expect(values.server.resources).toEqual({
      requests: { cpu: "50m", memory: "128Mi" },
      limits: { cpu: "500m", memory: "256Mi" },
    });
    for (const key of ["applicationSet", "redis", "redisSecretInit"]) {
      expect(values[key].resources.limits).toBeDefined();
    }
  });

  it("is single-replica without redis-ha by default", () => {
    expect(values.controller.replicas).toBe(1);
    expect(values.server).toMatchObject({
      replicas: 1,
      autoscaling: { enabled: false },
      pdb: { enabled: false },
    });
    expect(values.repoServer).toMatchObject({ replicas: 1, autoscaling: { enabled: false } });
    expect(values["redis-ha"].enabled).toBe(false);
  });

  it("turns on redis-ha, HPAs from two pods and PDBs when highly available", () => {
    const ha = valuesOf(synth({ highAvailability: true }), "argocd");
    expect(ha["redis-ha"]).toMatchObject({
      enabled: true,
      nodeSelector: { "node-role": "system" },
      haproxy: { tolerations: [expect.objectContaining({ key: "CriticalAddonsOnly" })] },
    });
    for (const key of ["server", "repoServer"]) {
      expect(ha[key]).toMatchObject({
        replicas: 2,
        autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 5 },
        pdb: { enabled: true, maxUnavailable: 1 },
      });
    }
    expect(ha.applicationSet).toMatchObject({ replicas: 2, pdb: { enabled: true } });
    expect(ha.controller.replicas).toBe(1);
  });

  it("enables Dex only with a configuration, and sets the domain", () => {
    const dexConfig = "connectors:\n  - type: github\n    id: github\n";
    const v = valuesOf(synth({ dexConfig, domain: "argocd.example.com" }), "argocd");
    expect(v.dex).toMatchObject({ enabled: true, resources: { limits: { memory: "128Mi" } } });
    expect(v.configs.cm["dex.config"]).toBe(dexConfig);
    expect(v.global.domain).toBe("argocd.example.com");
  });

  it("creates ServiceMonitors when the Prometheus Operator is present", () => {
    const v = valuesOf(
      synth({ prometheusOperator: true, serviceMonitorLabels: { release: "kube-prometheus-stack" } }),
      "argocd",
    );
    for (const key of ["controller", "server", "repoServer", "applicationSet"]) {
      expect(v[key].metrics).toEqual({
        enabled: true,
        serviceMonitor: { enabled: true, additionalLabels: { release: "kube-prometheus-stack" } },
      });
    }
    expect(values.controller.metrics.serviceMonitor.enabled).toBe(false);
  });

  it("delivers an automated, pruning, self-healing Application that ignores Rollouts' weights", () => {
    const [, app] = manifestsOf(out, "argocd-applications");
    expect(app).toEqual({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Application",
      metadata: { name: "shop-prod", namespace: "argocd" },
      spec: {
        project: "platform-apps",
        source: { repoURL: shop.repoUrl, targetRevision: "main", path: "environments/prod" },
        destination: { server: "https://kubernetes.default.svc", namespace: "shop" },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ["CreateNamespace=true", "RespectIgnoreDifferences=true"],
        },
        revisionHistoryLimit: 10,
        ignoreDifferences: [
          {
            group: "networking.istio.io",
            kind: "VirtualService",
            jsonPointers: ["/spec/http/0/route/0/weight", "/spec/http/0/route/1/weight"],
          },
        ],
      },
    });
    new Application(app as never).validate();
  });

  it("fences the applications into an AppProject of their repositories and namespaces", () => {
    const apps: GitOpsApplication[] = [
      shop,
      { ...shop, name: "shop-staging", path: "environments/staging", destinationNamespace: "shop-staging" },
      {
        ...shop,
        name: "billing",
        repoUrl: "git@github.com:example/billing.git",
        destinationNamespace: "billing",
      },
    ];
    const manifests = manifestsOf(synth({ applications: apps }), "argocd-applications");
    expect(manifests.map((m) => m.kind)).toEqual(["AppProject", "Application", "Application", "Application"]);
    const [project] = manifests;
    expect(project).toMatchObject({
      metadata: { name: "platform-apps", namespace: "argocd" },
      spec: {
        sourceRepos: ["git@github.com:example/billing.git", "https://github.com/example/platform-apps.git"],
        destinations: [
          { server: "https://kubernetes.default.svc", namespace: "billing" },
          { server: "https://kubernetes.default.svc", namespace: "shop" },
          { server: "https://kubernetes.default.svc", namespace: "shop-staging" },
        ],
        clusterResourceWhitelist: [{ group: "", kind: "Namespace" }],
      },
    });
    new AppProject(project as never).validate();
    for (const app of manifests.slice(1)) new Application(app as never).validate();
  });

  it("installs the Application CRs after Argo CD (which installs their CRDs)", () => {
    expect(helmRelease(out, "argocd-applications").depends_on).toEqual([releaseAddress(out, "argocd")]);
  });

  it("exposes the release and resolved settings", () => {
    Testing.synthScope((scope) => {
      const g = new GitOps(scope, "GitOps", {
        ...props,
        resources: { server: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "2", memory: "2Gi" } } },
      });
      expect(g.release.namespace).toBe("argocd");
      expect(g.namespace).toBe("argocd");
      expect(g.projectName).toBe("platform-apps");
      expect(g.applicationNames).toEqual(["shop-prod"]);
      expect(g.highAvailability).toBe(false);
      expect(g.dexEnabled).toBe(false);
      expect(g.resources.server.requests.cpu).toBe("1");
      expect(g.resources.controller.requests.cpu).toBe("250m");
    });
  });

  it.each<[string, Partial<GitOpsProps>, RegExp]>([
    ["version", { version: "10.x" }, /version: got "10\.x"; allowed: an exact chart version/],
    ["namespace", { namespace: "Argo CD" }, /namespace: got "Argo CD"; allowed: a DNS label/],
    [
      "project",
      { projectName: "default" },
      /projectName: got "default"; allowed: a DNS subdomain other than default/,
    ],
    [
      "domain",
      { domain: "https://argocd.example.com" },
      /domain: got "https:\/\/argocd\.example\.com"; allowed: a host name/,
    ],
    [
      "Dex without a domain",
      { dexConfig: "connectors: []" },
      /dexConfig: got "connectors: \[\]"; allowed: non-empty YAML, with domain set/,
    ],
    [
      "duplicate names",
      { applications: [shop, shop] },
      /applications: got "shop-prod"; allowed: unique names/,
    ],
    [
      "application name",
      { applications: [{ ...shop, name: "Shop_Prod" }] },
      /applications\[0\]\.name: got "Shop_Prod"/,
    ],
    [
      "repo URL",
      { applications: [{ ...shop, repoUrl: "github.com/example/x" }] },
      /applications\[0\]\.repoUrl: got "github\.com\/example\/x"; allowed: an https:\/\/, ssh:\/\/ or git@ Git URL/,
    ],
    [
      "revision",
      { applications: [{ ...shop, targetRevision: "" }] },
      /applications\[0\]\.targetRevision: got ""/,
    ],
    [
      "path",
      { applications: [{ ...shop, path: "../other" }] },
      /applications\[0\]\.path: got "\.\.\/other"; allowed: a relative path/,
    ],
    [
      "absolute path",
      { applications: [{ ...shop, path: "/deploy" }] },
      /applications\[0\]\.path: got "\/deploy"/,
    ],
    [
      "destination",
      { applications: [{ ...shop, destinationNamespace: "kube-system" }] },
      /applications\[0\]\.destinationNamespace: got "kube-system"; allowed: a DNS label other than kube-system/,
    ],
    [
      "resources",
      { resources: { dex: { requests: { cpu: "1", memory: "lots" }, limits: { cpu: "1", memory: "1Gi" } } } },
      /resources\.dex: got .*allowed: CPU and memory quantities/,
    ],
  ])("rejects a bad %s", (_name, overrides, message) => {
    expect(() => synth(overrides)).toThrowError(message);
  });
});
