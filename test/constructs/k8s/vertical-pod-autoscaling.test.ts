import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Release } from "@cdktf/provider-helm/lib/release";
import { describe, expect, it } from "vitest";
import { TerraformStack, Testing } from "../../../constructs/core";
import { ChartRelease, controlPlaneTargetsOf } from "../../../constructs/k8s/chart-release";
import { toManifest } from "../../../constructs/k8s/manifest";
import { RawManifests } from "../../../constructs/k8s/raw-manifests";
import { demandOf, systemPodsOf } from "../../../constructs/k8s/system-pods";
import {
  type VerticalPodAutoscalerOptions,
  VerticalPodAutoscaling,
  type VerticalPodAutoscalingProps,
  verticalPodAutoscaler,
} from "../../../constructs/k8s/vertical-pod-autoscaling";
import { errorOf, problem, resourcesOf } from "../../helpers";
import { helmRelease, manifestsOf, valuesOf } from "./release-readers";

const FACTS = JSON.parse(
  readFileSync(join(__dirname, "../../../constructs/k8s/chart-facts/vertical-pod-autoscaler.json"), "utf8"),
) as {
  versions: string[];
  pinned: string;
  values: Record<string, string>;
  templateKeys: Record<string, string>;
  controlPlaneTargets: { containerPort: number }[];
};

/** A stack with a metrics-server release and the VPA; returns both, and the synthesized JSON. */
function build(props: Partial<Omit<VerticalPodAutoscalingProps, "metricsServer">> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  const metricsServer = new ChartRelease(stack, "MetricsServer", {
    releaseName: "metrics-server",
    namespace: "kube-system",
    chart: {
      repository: "https://kubernetes-sigs.github.io/metrics-server/",
      chart: "metrics-server",
      version: "3.13.0",
    },
    values: {},
  });
  const vpa = new VerticalPodAutoscaling(stack, "VerticalPodAutoscaling", {
    metricsServer,
    highAvailability: true,
    ...props,
  });
  return { stack, vpa, out: Testing.synth(stack) };
}

/** Dotted paths of every leaf of a values tree (lists are leaves). */
function leafPaths(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [prefix];
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return [prefix];
  return entries.flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

/** Whether values.yaml at the pinned version has the path, a free-form prefix of it, or a template reads it. */
function known(path: string): boolean {
  const parts = path.split(".");
  for (let n = parts.length; n > 0; n--) {
    const prefix = parts.slice(0, n).join(".");
    if (FACTS.templateKeys[prefix] !== undefined) return true;
    const kind = FACTS.values[prefix];
    if (kind !== undefined) return n === parts.length || ["map", "null", "list"].includes(kind);
  }
  return false;
}

const SYSTEM = {
  nodeSelector: { "node-role": "system" },
  tolerations: [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }],
  priorityClassName: "system-cluster-critical",
};

describe("VerticalPodAutoscaling", () => {
  const { stack, vpa, out } = build();
  const values = valuesOf(out, "vertical-pod-autoscaler");

  it("pins the official chart 0.11.0 (VPA 1.7.1) in kube-system, after metrics-server", () => {
    expect(out).toHaveResourceWithProperties(Release, {
      name: "vertical-pod-autoscaler",
      repository: "https://kubernetes.github.io/autoscaler",
      chart: "vertical-pod-autoscaler",
      version: "0.11.0",
      namespace: "kube-system",
      create_namespace: false,
      atomic: true,
    });
    expect(FACTS.versions).toContain("0.11.0");
    expect(FACTS.pinned).toBe("0.11.0");
    expect(helmRelease(out, "vertical-pod-autoscaler").depends_on).toEqual([
      expect.stringMatching(/^helm_release\.MetricsServer_Release_/),
    ]);
  });

  it("sets only keys that the pinned chart's values.yaml or templates read", () => {
    const paths = leafPaths(values);
    expect(paths.length).toBeGreaterThan(30);
    expect(paths.filter((p) => !known(p))).toEqual([]);
    expect(known("recommender.replicaCount")).toBe(false);
  });

  it.each([
    "recommender",
    "updater",
    "admissionController",
  ])("runs two %s replicas with a PDB on the system nodes in production", (component) => {
    expect(values[component]).toMatchObject({
      ...SYSTEM,
      replicas: 2,
      podDisruptionBudget: { enabled: true, minAvailable: 1 },
    });
  });

  it("runs one replica of each without a PDB (it would block drains) outside production", () => {
    const v = valuesOf(build({ highAvailability: false }).out, "vertical-pod-autoscaler");
    for (const component of ["recommender", "updater", "admissionController"]) {
      expect(v[component]).toMatchObject({ ...SYSTEM, replicas: 1, podDisruptionBudget: { enabled: false } });
    }
  });

  it("bounds every component with the upstream manifests' requests and limits", () => {
    expect(values.recommender.resources).toEqual({
      requests: { cpu: "50m", memory: "500Mi" },
      limits: { cpu: "200m", memory: "1000Mi" },
    });
    expect(values.updater.resources).toEqual(values.recommender.resources);
    expect(values.admissionController.resources).toEqual({
      requests: { cpu: "50m", memory: "200Mi" },
      limits: { cpu: "200m", memory: "500Mi" },
    });
    expect(values.admissionController.certGen.resources.limits).toEqual({ cpu: "200m", memory: "128Mi" });
  });

  it("hardens the pods and containers", () => {
    expect(values.podSecurityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65534,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(values.containerSecurityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
  });

  it("lets Helm own the webhook, certgen make its certificate, and an outage never refuse pods", () => {
    expect(values.admissionController).toMatchObject({
      registerWebhook: false,
      certGen: { enabled: true },
      mutatingWebhookConfiguration: { failurePolicy: "Ignore" },
    });
  });

  it("declares the webhook port as a control-plane target, as the chart facts record it", () => {
    expect(controlPlaneTargetsOf(stack)).toEqual([{ port: 8000, what: "VPA admission controller webhook" }]);
    expect(FACTS.controlPlaneTargets.map((t) => t.containerPort)).toEqual([vpa.webhookPort]);
  });

  it("declares its pods on the system nodes", () => {
    const pinned = systemPodsOf(stack).pinned;
    expect(pinned.map((p) => [p.what, p.pods])).toEqual([
      ["vpa-recommender", 2],
      ["vpa-updater", 2],
      ["vpa-admission-controller", 2],
    ]);
    expect(demandOf(pinned, "maximum")).toEqual({ pods: 6, cpuMillis: 300, memoryMiB: 2400 });
  });

  it("takes replicas, namespace and resources", () => {
    const custom = { requests: { cpu: "100m", memory: "1Gi" }, limits: { cpu: "1", memory: "2Gi" } };
    const b = build({ replicas: 3, namespace: "vpa", recommenderResources: custom });
    const v = valuesOf(b.out, "vertical-pod-autoscaler");
    expect(b.vpa.replicas).toBe(3);
    expect(b.vpa.release.namespace).toBe("vpa");
    expect(v.recommender).toMatchObject({ replicas: 3, resources: custom });
    expect(systemPodsOf(b.stack).pinned[0]).toEqual({
      what: "vpa-recommender",
      pods: 3,
      requests: custom.requests,
    });
  });

  it.each<[string, Partial<VerticalPodAutoscalingProps>, string]>([
    ["replicas", { replicas: 0 }, problem("replicas", 0, "an integer >= 1")],
    ["namespace", { namespace: "Kube_System" }, problem("namespace", "Kube_System", "a DNS label")],
    [
      "resources",
      { updaterResources: { requests: { cpu: "x", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } } },
      "updaterResources: got",
    ],
  ])("rejects a bad %s", (_, props, message) => {
    expect(errorOf(() => build(props))).toContain(message);
  });
});

const SERVICE: VerticalPodAutoscalerOptions = {
  name: "user-service",
  namespace: "user-service",
  kind: "Deployment",
  container: {
    name: "user-service",
    requests: { cpu: "500m", memory: "512Mi" },
    limits: { cpu: "1", memory: "1Gi" },
  },
};

describe("verticalPodAutoscaler", () => {
  it("acts in place, falling back to eviction, on a workload that no HPA scales", () => {
    expect(verticalPodAutoscaler(SERVICE)).toEqual({
      apiVersion: "autoscaling.k8s.io/v1",
      kind: "VerticalPodAutoscaler",
      metadata: { name: "user-service", namespace: "user-service" },
      spec: {
        targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "user-service" },
        updatePolicy: { updateMode: "InPlaceOrRecreate" },
        resourcePolicy: {
          containerPolicies: [
            {
              containerName: "user-service",
              mode: "Auto",
              controlledResources: ["cpu", "memory"],
              controlledValues: "RequestsOnly",
              minAllowed: { cpu: "500m", memory: "512Mi" },
              maxAllowed: { cpu: "1", memory: "1Gi" },
            },
            { containerName: "*", mode: "Off" },
          ],
        },
      },
    });
  });

  it.each([
    [["cpu"]],
    [["memory"]],
    [["cpu", "memory"]],
  ] as const)("only recommends (Off) where an HPA scales the workload on %j", (hpaResources) => {
    expect(verticalPodAutoscaler({ ...SERVICE, hpaResources }).spec.updatePolicy).toEqual({
      updateMode: "Off",
    });
  });

  it("targets an Argo Rollout through its scale subresource", () => {
    const v = verticalPodAutoscaler({ ...SERVICE, kind: "Rollout", hpaResources: ["cpu"] });
    expect(v.spec.targetRef).toEqual({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Rollout",
      name: "user-service",
    });
  });

  it("takes another active mode, controlled resources, bounds and labels", () => {
    const v = verticalPodAutoscaler({
      ...SERVICE,
      updateMode: "Recreate",
      controlledResources: ["memory"],
      minAllowed: { memory: "256Mi" },
      maxAllowed: { memory: "768Mi" },
      labels: { "app.kubernetes.io/name": "user-service" },
    });
    expect(v.metadata.labels).toEqual({ "app.kubernetes.io/name": "user-service" });
    expect(v.spec.updatePolicy.updateMode).toBe("Recreate");
    expect(v.spec.resourcePolicy.containerPolicies[0]).toMatchObject({
      controlledResources: ["memory"],
      minAllowed: { memory: "256Mi" },
      maxAllowed: { memory: "768Mi" },
    });
  });

  it("travels through RawManifests after the VPA release that installs its CRDs", () => {
    const { stack, vpa } = build();
    new RawManifests(stack, "Autoscalers", {
      releaseName: "user-service-vpa",
      namespace: "user-service",
      manifests: [toManifest(verticalPodAutoscaler({ ...SERVICE, hpaResources: ["cpu"] }))],
      dependsOn: [vpa.release],
    });
    const out = Testing.synth(stack);
    const [object] = manifestsOf(out, "user-service-vpa");
    expect(object).toMatchObject({
      kind: "VerticalPodAutoscaler",
      spec: { updatePolicy: { updateMode: "Off" } },
    });
    const release = Object.entries(resourcesOf(out, "helm_release")).find(
      ([, r]) => r.name === "user-service-vpa",
    )!;
    expect(release[1].depends_on).toEqual([expect.stringMatching(/^helm_release\.VerticalPodAutoscaling_/)]);
  });

  it.each<[string, Partial<VerticalPodAutoscalerOptions>, string]>([
    ["name", { name: "User_Service" }, problem("name", "User_Service", "a DNS label")],
    ["namespace", { namespace: "" }, problem("namespace", "", "a DNS label")],
    ["kind", { kind: "StatefulSet" as never }, problem("kind", "StatefulSet", "Deployment or Rollout")],
    [
      "container name",
      { container: { ...SERVICE.container, name: "App" } },
      problem("container.name", "App", "a DNS label"),
    ],
    [
      "HPA resource",
      { hpaResources: ["requests"] as never },
      problem("hpaResources", ["requests"], "distinct entries of cpu, memory"),
    ],
    [
      "empty controlled resources",
      { controlledResources: [] },
      problem("controlledResources", [], "one or both of cpu, memory, each once"),
    ],
    [
      "deprecated Auto mode",
      { updateMode: "Auto" as never },
      problem("updateMode", "Auto", "InPlaceOrRecreate, Recreate, Initial"),
    ],
    [
      "active mode under an HPA",
      { updateMode: "Recreate", hpaResources: ["cpu"] },
      problem("updateMode", "Recreate", "unset while an HPA scales the workload on cpu or memory"),
    ],
    [
      "malformed bound",
      { minAllowed: { cpu: "lots" } },
      'minAllowed/maxAllowed: got {"minAllowed":{"cpu":"lots","memory":"512Mi"}',
    ],
    [
      "empty range",
      { minAllowed: { memory: "2Gi" }, maxAllowed: { memory: "1Gi" } },
      problem("minAllowed.memory", "2Gi", "at most maxAllowed.memory (1Gi)"),
    ],
    [
      "bound above the limit",
      { maxAllowed: { cpu: "2" } },
      problem("maxAllowed.cpu", "2", "at most the container's limit (1)"),
    ],
  ])("rejects a bad %s", (_, overrides, message) => {
    const message_ = errorOf(() => verticalPodAutoscaler({ ...SERVICE, ...overrides }));
    expect(message_).toContain(`VerticalPodAutoscaler ${overrides.namespace ?? SERVICE.namespace}/`);
    expect(message_).toContain(message);
  });

  it("reports every problem at once", () => {
    const message = errorOf(() =>
      verticalPodAutoscaler({ ...SERVICE, name: "X", updateMode: "Auto" as never }),
    );
    expect(message).toMatch(/2 invalid prop\(s\)/);
  });
});
