import { HorizontalPodAutoscalerV2 } from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { AnalysisTemplate } from "@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate";
import { Rollout } from "@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout";
import { DestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1/DestinationRule";
import { VirtualService } from "@kubernetes-models/istio/networking.istio.io/v1/VirtualService";
import { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { describe, expect, it } from "vitest";
import { Testing } from "../../../constructs/core";
import { ChartRelease } from "../../../constructs/k8s/chart-release";
import {
  thresholdAnalysisTemplates,
  WebService,
  type WebServiceProps,
} from "../../../constructs/k8s/web-service";
import { ValidationError } from "../../../constructs/validation";
import { loadEnvironments } from "../../../environments/load";
import { resourcesOf } from "../../helpers";
import { helmRelease, manifest, manifestsOf } from "./release-readers";
import { only, platformScope, USER_SERVICE } from "./workload-fixtures";

type Overrides = Partial<Omit<WebServiceProps, "namespace" | "istioCrdRelease">> & {
  withoutRollouts?: boolean;
};

function synth(overrides: Overrides = {}): string {
  const { withoutRollouts, ...props } = overrides;
  return Testing.synthScope((scope) => {
    const p = platformScope(scope);
    new WebService(scope, "UserService", {
      ...USER_SERVICE,
      namespace: p.namespace,
      istioCrdRelease: p.istio,
      ...(withoutRollouts ? {} : { rolloutsRelease: p.rollouts }),
      ...props,
    });
  });
}

function problems(overrides: Overrides): string {
  try {
    synth(overrides);
  } catch (e) {
    if (e instanceof ValidationError) return e.message;
    throw e;
  }
  throw new Error("expected a ValidationError");
}

/** Every custom resource a release delivers passes its @kubernetes-models schema. */
function validateAll(objects: Record<string, unknown>[]): void {
  const models = {
    Deployment,
    Rollout,
    AnalysisTemplate,
    VirtualService,
    DestinationRule,
    PodMonitor,
  } as const;
  for (const o of objects) {
    const Model = models[o.kind as keyof typeof models];
    expect(Model, `a model for ${o.kind}`).toBeDefined();
    new Model(o as never).validate();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: delivered manifests are free-form
const deploymentOf = (out: string): any => manifest(manifestsOf(out, "user-service-delivery"), "Deployment");

/** The `depends_on` addresses of the `<name>-delivery` release. */
const deliveryDependencies = (out: string): string[] =>
  helmRelease(out, "user-service-delivery").depends_on ?? [];

describe("WebService, rolling", () => {
  const out = synth();
  const deployment = deploymentOf(out);
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  it("delivers a Deployment that surges and drains 25% at a time and leaves replicas to the HPA", () => {
    expect(deployment.metadata).toMatchObject({ name: "user-service", namespace: "user-service" });
    expect(deployment.spec.strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" },
    });
    // The HPA owns the count; a declared one would be reset by every Helm upgrade.
    expect(deployment.spec).not.toHaveProperty("replicas");
    expect(resourcesOf(out, "kubernetes_deployment_v1")).toEqual({});
  });

  it("delivers only objects that pass their schemas", () => {
    const objects = manifestsOf(out, "user-service-delivery");
    expect(objects.map((o) => o.kind)).toEqual(["Deployment"]);
    validateAll(objects);
    const broken = structuredClone(deployment);
    broken.spec.template.spec.containers[0].ports[0].containerPort = "8080";
    expect(() => validateAll([broken])).toThrow(/containerPort must be integer/);
  });

  it("probes /health and /ready exactly as specified", () => {
    expect(container.livenessProbe).toEqual({
      httpGet: { path: "/health", port: 8080 },
      initialDelaySeconds: 30,
      periodSeconds: 10,
    });
    expect(container.readinessProbe).toEqual({
      httpGet: { path: "/ready", port: 8080 },
      initialDelaySeconds: 5,
      periodSeconds: 5,
    });
    expect(container.ports).toEqual([{ name: "http", containerPort: 8080, protocol: "TCP" }]);
  });

  it("runs non-root, read-only, without privileges or a service account token", () => {
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(container.volumeMounts).toEqual([{ name: "tmp", mountPath: "/tmp" }]);
    expect(pod.volumes).toEqual([{ name: "tmp", emptyDir: { sizeLimit: "128Mi" } }]);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe("user-service");
    expect(out).toHaveResourceWithProperties(ServiceAccountV1, {
      metadata: expect.objectContaining({ name: "user-service" }),
      automount_service_account_token: false,
    });
    expect(pod.nodeSelector).toEqual({ "node-role": "application" });
  });

  it("reads DATABASE_URL from the Secret, and the rest from plain env", () => {
    expect(container.env).toEqual([
      { name: "DEBUG", value: "false" },
      { name: "LOG_LEVEL", value: "info" },
      {
        name: "DATABASE_URL",
        valueFrom: { secretKeyRef: { name: "user-service-database", key: "DATABASE_URL" } },
      },
    ]);
  });

  it("applies the workload after the DATABASE_URL Secret when the stack creates it", () => {
    const withSecret = Testing.synthScope((scope) => {
      const p = platformScope(scope);
      const secret = new SecretV1(scope, "DatabaseUrl", {
        metadata: { name: "user-service-database", namespace: "user-service" },
        data: { DATABASE_URL: "postgresql://example" },
      });
      new WebService(scope, "UserService", {
        ...USER_SERVICE,
        namespace: p.namespace,
        istioCrdRelease: p.istio,
        databaseUrlSecret: { name: "user-service-database", key: "DATABASE_URL", createdBy: secret },
      });
    });
    expect(deliveryDependencies(withSecret)).toContainEqual(
      expect.stringMatching(/^kubernetes_secret_v1\.DatabaseUrl/),
    );
    expect(deliveryDependencies(out).some((d) => d.startsWith("kubernetes_secret_v1."))).toBe(false);
  });

  it("exposes a ClusterIP Service whose port Istio reads as HTTP", () => {
    expect(out).toHaveResourceWithProperties(ServiceV1, {
      metadata: expect.objectContaining({ name: "user-service" }),
      spec: {
        type: "ClusterIP",
        selector: { "app.kubernetes.io/name": "user-service" },
        port: [{ name: "http", app_protocol: "http", port: 8080, target_port: "http", protocol: "TCP" }],
      },
    });
    expect(Object.keys(resourcesOf(out, "kubernetes_service_v1"))).toHaveLength(1);
  });

  it("scales the Deployment on the service container's CPU, between replicas and maxReplicas", () => {
    expect(out).toHaveResourceWithProperties(HorizontalPodAutoscalerV2, {
      spec: {
        min_replicas: 2,
        max_replicas: 6,
        scale_target_ref: { api_version: "apps/v1", kind: "Deployment", name: "user-service" },
        metric: [
          {
            type: "ContainerResource",
            container_resource: {
              name: "cpu",
              container: "user-service",
              target: { type: "Utilization", average_utilization: 70 },
            },
          },
        ],
      },
    });
  });

  it("has a PDB that selects the pods", () => {
    const pdb = only(out, "kubernetes_pod_disruption_budget_v1").spec as {
      selector: { match_labels: Record<string, string> };
    };
    expect(deployment.spec.template.metadata.labels).toMatchObject(pdb.selector.match_labels);
    expect(deployment.spec.selector.matchLabels).toEqual(pdb.selector.match_labels);
    expect(pdb.selector.match_labels).toEqual({ "app.kubernetes.io/name": "user-service" });
  });

  it.each([
    [1, "1"],
    [2, "1"],
    [3, "25%"],
    [5, "25%"],
  ])("with %i replicas lets %s pod(s) be disrupted", (replicas, maxUnavailable) => {
    expect(synth({ replicas, maxReplicas: 10 })).toHaveResourceWithProperties(PodDisruptionBudgetV1, {
      spec: expect.objectContaining({ max_unavailable: maxUnavailable }),
    });
  });

  it("spreads pods across zones and hosts, per revision; strictly across zones when highly available", () => {
    const spread = (s: typeof pod) =>
      s.topologySpreadConstraints.map((c: Record<string, unknown>) => [c.topologyKey, c.whenUnsatisfiable]);
    expect(spread(pod)).toEqual([
      ["topology.kubernetes.io/zone", "ScheduleAnyway"],
      ["kubernetes.io/hostname", "ScheduleAnyway"],
    ]);
    expect(pod.topologySpreadConstraints[0]).toMatchObject({
      maxSkew: 1,
      labelSelector: { matchLabels: { "app.kubernetes.io/name": "user-service" } },
      matchLabelKeys: ["pod-template-hash"],
    });
    const ha = synth({ highAvailability: true, topologyKey: "topology.kubernetes.io/region" });
    expect(spread(deploymentOf(ha).spec.template.spec)).toEqual([
      ["topology.kubernetes.io/region", "DoNotSchedule"],
      ["kubernetes.io/hostname", "ScheduleAnyway"],
    ]);
  });

  it("routes the hosts to the Service through a VirtualService, with circuit breaking and mTLS", () => {
    const objects = manifestsOf(out, "user-service-routing");
    expect(objects.map((o) => o.kind)).toEqual(["VirtualService", "DestinationRule"]);
    validateAll(objects);
    const host = "user-service.user-service.svc.cluster.local";
    expect(manifest(objects, "VirtualService").spec).toEqual({
      hosts: ["users.example.com", host],
      gateways: ["istio-ingress/public", "mesh"],
      http: [{ name: "primary", route: [{ destination: { host, port: { number: 8080 } } }] }],
    });
    expect(manifest(objects, "DestinationRule").spec).toEqual({
      host,
      trafficPolicy: {
        tls: { mode: "ISTIO_MUTUAL" },
        connectionPool: {
          tcp: { maxConnections: 100 },
          http: { http1MaxPendingRequests: 100, http2MaxRequests: 1000, maxRequestsPerConnection: 100 },
        },
        outlierDetection: {
          consecutive5xxErrors: 5,
          interval: "10s",
          baseEjectionTime: "30s",
          maxEjectionPercent: 50,
        },
      },
    });
    expect(helmRelease(out, "user-service-routing").depends_on).toContainEqual(
      expect.stringMatching(/^helm_release\.IstioBase_Release_/),
    );
  });

  it("applies the Deployment after the routing, the namespace, the Service and its account", () => {
    expect(deliveryDependencies(out)).toEqual(
      expect.arrayContaining(
        [
          "helm_release.UserService_Routing_Objects_Release_",
          "kubernetes_namespace_v1.Namespace_",
          "kubernetes_service_account_v1.UserService_ServiceAccount_",
          "kubernetes_service_v1.UserService_",
        ].map((prefix) => expect.stringMatching(new RegExp(`^${prefix.replaceAll(".", "\\.")}`))),
      ),
    );
    expect(deliveryDependencies(out).some((d) => d.startsWith("helm_release.ArgoRollouts_"))).toBe(false);
  });

  it("exposes its outputs", () => {
    Testing.synthScope((scope) => {
      const p = platformScope(scope);
      const svc = new WebService(scope, "Svc", {
        ...USER_SERVICE,
        namespace: p.namespace,
        istioCrdRelease: p.istio,
      });
      expect(svc.serviceName).toBe("user-service");
      expect(svc.strategy).toBe("rolling");
      expect(svc.deployment?.kind).toBe("Deployment");
      expect(svc.rollout).toBeUndefined();
      expect([svc.virtualServiceName, svc.destinationRuleName]).toEqual(["user-service", "user-service"]);
      expect(svc.podLabels).toEqual({ app: "user-service", "app.kubernetes.io/name": "user-service" });
    });
  });
});

describe("WebService, canary", () => {
  const out = synth({ strategy: "canary" });
  const objects = [...manifestsOf(out, "user-service-delivery"), ...manifestsOf(out, "user-service-routing")];
  const rollout = manifest(objects, "Rollout");
  const canary = rollout.spec.strategy.canary;

  it("runs a Rollout instead of a Deployment, and every object validates", () => {
    expect(objects.map((o) => o.kind)).toEqual([
      "Rollout",
      "AnalysisTemplate",
      "AnalysisTemplate",
      "VirtualService",
      "DestinationRule",
    ]);
    validateAll(objects);
  });

  it("would catch a schema violation (the validation is not vacuous)", () => {
    const broken = structuredClone(rollout);
    broken.spec.strategy.canary.steps[0].setWeight = "5";
    expect(() => validateAll([broken])).toThrow(/setWeight must be integer/);
  });

  it("steps 5% for 10 minutes, then 25% for 20 minutes, then promotes to 100%", () => {
    expect(canary.steps).toEqual([
      { setWeight: 5 },
      { pause: { duration: "10m" } },
      { setWeight: 25 },
      { pause: { duration: "20m" } },
    ]);
  });

  it("names the VirtualService route and DestinationRule subsets that exist", () => {
    const vs = manifest(objects, "VirtualService");
    const dr = manifest(objects, "DestinationRule");
    expect(canary.trafficRouting).toEqual({
      istio: {
        virtualService: { name: vs.metadata.name, routes: ["primary"] },
        destinationRule: { name: dr.metadata.name, canarySubsetName: "canary", stableSubsetName: "stable" },
      },
    });
    const host = "user-service.user-service.svc.cluster.local";
    expect(vs.spec.http).toEqual([
      {
        name: "primary",
        route: [
          { destination: { host, port: { number: 8080 }, subset: "stable" }, weight: 100 },
          { destination: { host, port: { number: 8080 }, subset: "canary" }, weight: 0 },
        ],
      },
    ]);
    expect(dr.spec.subsets).toEqual([
      { name: "stable", labels: { "app.kubernetes.io/name": "user-service" } },
      { name: "canary", labels: { "app.kubernetes.io/name": "user-service" } },
    ]);
    expect(dr.spec.trafficPolicy.outlierDetection.consecutive5xxErrors).toBe(5);
    expect(dr.spec.trafficPolicy.tls).toEqual({ mode: "ISTIO_MUTUAL" });
  });

  it("adds canary and stable Services whose selectors Argo Rollouts owns", () => {
    expect([canary.canaryService, canary.stableService]).toEqual([
      "user-service-canary",
      "user-service-stable",
    ]);
    const services = Object.values(resourcesOf(out, "kubernetes_service_v1"));
    const lifecycles = Object.fromEntries(
      services.map((s) => [(s.metadata as { name: string }).name, s.lifecycle]),
    );
    const owned = { ignore_changes: ["spec[0].selector", "metadata[0].annotations"] };
    expect(lifecycles).toEqual({
      "user-service": undefined,
      "user-service-canary": owned,
      "user-service-stable": owned,
    });
  });

  it("runs the delivered AnalysisTemplates in the background with the canary's pod hash", () => {
    const templates = objects.filter((o) => o.kind === "AnalysisTemplate").map((t) => t.metadata.name);
    expect(templates).toEqual(["user-service-error-rate", "user-service-latency-p95"]);
    expect(canary.analysis).toEqual({
      templates: templates.map((templateName) => ({ templateName })),
      args: [
        { name: "service-name", value: "user-service" },
        { name: "namespace", value: "user-service" },
        { name: "canary-hash", valueFrom: { podTemplateHashValue: "Latest" } },
      ],
    });
  });

  it("carries the same hardened pod as the Deployment", () => {
    const spec = rollout.spec.template.spec;
    expect(spec.containers[0]).toMatchObject({
      image: "ghcr.io/acme/user-service:1.4.2",
      livenessProbe: { httpGet: { path: "/health", port: 8080 }, initialDelaySeconds: 30, periodSeconds: 10 },
      readinessProbe: { httpGet: { path: "/ready", port: 8080 }, initialDelaySeconds: 5, periodSeconds: 5 },
      securityContext: { runAsNonRoot: true, runAsUser: 10001, readOnlyRootFilesystem: true },
      resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
    });
    expect(spec.containers[0].env[2]).toEqual({
      name: "DATABASE_URL",
      valueFrom: { secretKeyRef: { name: "user-service-database", key: "DATABASE_URL" } },
    });
    expect(spec.topologySpreadConstraints[0].matchLabelKeys).toEqual(["rollouts-pod-template-hash"]);
    expect(rollout.spec.selector.matchLabels).toEqual({ "app.kubernetes.io/name": "user-service" });
    // The HPA owns the count; a declared one would be reset by every Helm upgrade.
    expect(rollout.spec).not.toHaveProperty("replicas");
  });

  it("points the HPA at the Rollout", () => {
    expect(out).toHaveResourceWithProperties(HorizontalPodAutoscalerV2, {
      spec: expect.objectContaining({
        scale_target_ref: { api_version: "argoproj.io/v1alpha1", kind: "Rollout", name: "user-service" },
      }),
    });
  });

  it("keeps routing in a release of its own, so a new image never resets a canary's weights", () => {
    expect(manifestsOf(out, "user-service-routing").map((o) => o.kind)).toEqual([
      "VirtualService",
      "DestinationRule",
    ]);
    expect(manifestsOf(out, "user-service-delivery").map((o) => o.kind)).not.toContain("VirtualService");
    expect(helmRelease(out, "user-service-routing").depends_on).toContainEqual(
      expect.stringMatching(/^helm_release\.IstioBase_Release_/),
    );
  });

  it("applies the objects after the Rollouts CRDs, the routing, the namespace and the Services", () => {
    expect(deliveryDependencies(out)).toEqual(
      expect.arrayContaining(
        [
          "helm_release.UserService_Routing_Objects_Release_",
          "helm_release.ArgoRollouts_Release_",
          "kubernetes_namespace_v1.Namespace_",
          "kubernetes_limit_range_v1.Namespace_LimitRange_",
          "kubernetes_service_account_v1.UserService_ServiceAccount_",
          "kubernetes_service_v1.UserService_CanaryService_",
        ].map((prefix) => expect.stringMatching(new RegExp(`^${prefix.replaceAll(".", "\\.")}`))),
      ),
    );
  });

  it("references existing templates by name and delivers given ones instead of the defaults", () => {
    const named = manifestsOf(
      synth({
        strategy: "canary",
        analysis: { templateNames: ["user-service-slo-canary"], startingStep: 1 },
      }),
      "user-service-delivery",
    );
    expect(named.filter((o) => o.kind === "AnalysisTemplate")).toEqual([]);
    expect(manifest(named, "Rollout").spec.strategy.canary.analysis).toMatchObject({
      templates: [{ templateName: "user-service-slo-canary" }],
      startingStep: 1,
    });
    const given = thresholdAnalysisTemplates({
      service: "user-service",
      namespace: "user-service",
      successP95Ms: 300,
    });
    const delivered = manifestsOf(
      synth({ strategy: "canary", analysisTemplates: given as never }),
      "user-service-delivery",
    ).filter((o) => o.kind === "AnalysisTemplate");
    expect(delivered[1]?.spec.metrics[0].successCondition).toBe("result[0] < 300");
  });

  it("keeps a 100% step with a pause, and drops pauses of 0 minutes", () => {
    const steps = manifest(
      manifestsOf(
        synth({
          strategy: "canary",
          canarySteps: [
            { weightPercent: 10, pauseMinutes: 0 },
            { weightPercent: 100, pauseMinutes: 5 },
          ],
        }),
        "user-service-delivery",
      ),
      "Rollout",
    ).spec.strategy.canary.steps;
    expect(steps).toEqual([{ setWeight: 10 }, { setWeight: 100 }, { pause: { duration: "5m" } }]);
  });
});

describe("WebService per environment", () => {
  const byName = new Map(loadEnvironments().map((e) => [e.name, e]));

  it.each([
    ["dev", "rolling", "100m", "128Mi", 1, 3],
    ["staging", "canary", "250m", "256Mi", 2, 6],
    ["prod", "canary", "500m", "512Mi", 5, 20],
  ] as const)("%s runs %s with %s/%s requests and %i-%i replicas", (env, strategy, cpu, memory, min, max) => {
    const w = byName.get(env)!.services["user-service"]!;
    const out = synth({
      image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${env}/user-service:${w.imageTag}`,
      replicas: w.replicas,
      maxReplicas: w.maxReplicas,
      requests: w.requests,
      limits: w.limits,
      strategy: w.strategy,
      canarySteps: w.canarySteps,
      env: { LOG_LEVEL: w.logLevel, DEBUG: String(w.debug) },
    });
    const workload = manifest(
      manifestsOf(out, "user-service-delivery"),
      strategy === "rolling" ? "Deployment" : "Rollout",
    );
    const container = workload.spec.template.spec.containers[0];
    expect(container.resources.requests).toEqual({ cpu, memory });
    expect(container.image).not.toMatch(/:latest$/);
    expect(out).toHaveResourceWithProperties(HorizontalPodAutoscalerV2, {
      spec: expect.objectContaining({ min_replicas: min, max_replicas: max }),
    });
    expect(resourcesOf(out, "kubernetes_deployment_v1")).toEqual({});
  });
});

describe("WebService validation", () => {
  it.each([
    [{ name: "UserService" }, 'name: got "UserService"; allowed: a DNS label of at most 44 characters'],
    [
      { image: "ghcr.io/acme/user-service:latest" },
      'image: got "ghcr.io/acme/user-service:latest"; allowed: an image pinned',
    ],
    [
      { image: "ghcr.io/acme/user-service" },
      'image: got "ghcr.io/acme/user-service"; allowed: an image pinned',
    ],
    [{ port: 70000 }, "port: got 70000; allowed: a whole number from 1 to 65535"],
    [{ port: 15020 }, "port: got 15020; allowed: not an Istio sidecar port"],
    [{ replicas: 0, maxReplicas: 3 }, "replicas: got 0; allowed: a whole number of at least 1"],
    [{ replicas: 4, maxReplicas: 3 }, "maxReplicas: got 3; allowed: a whole number of at least replicas (4)"],
    [
      { replicas: 1, highAvailability: true },
      "replicas: got 1; allowed: at least 2 when highAvailability is set",
    ],
    [{ requests: { cpu: "2", memory: "256Mi" } }, 'requests.cpu: got "2"; allowed: at most limits.cpu (1)'],
    [
      { limits: { cpu: "1", memory: "128Mi" } },
      'requests.memory: got "256Mi"; allowed: at most limits.memory (128Mi)',
    ],
    [{ limits: { cpu: "one", memory: "512Mi" } }, 'limits.cpu: got "one"; allowed: a Kubernetes quantity'],
    [
      {
        sidecarResources: {
          requests: { cpu: "1", memory: "128Mi" },
          limits: { cpu: "500m", memory: "256Mi" },
        },
      },
      'sidecarResources.requests.cpu: got "1"; allowed: at most sidecarResources.limits.cpu (500m)',
    ],
    [{ env: { "LOG-LEVEL": "info" } }, 'env: got "LOG-LEVEL"; allowed: a variable name'],
    [
      { env: { DATABASE_URL: "postgres://u:p@h/db" } },
      'env.DATABASE_URL: got "postgres://u:p@h/db"; allowed: unset when databaseUrlSecret is given',
    ],
    [
      { databaseUrlSecret: { name: "DB", key: "url" } },
      'databaseUrlSecret.name: got "DB"; allowed: a Secret name',
    ],
    [
      { databaseUrlSecret: { name: "db", key: "a/b" } },
      'databaseUrlSecret.key: got "a/b"; allowed: a Secret data key',
    ],
    [{ hosts: [] }, "hosts: got []; allowed: at least one host name"],
    [
      { hosts: ["https://users.example.com"] },
      'hosts: got ["https://users.example.com"]; allowed: DNS names',
    ],
    [{ gateway: "public" }, 'gateway: got "public"; allowed: <namespace>/<name> of an Istio Gateway'],
    [{ topologyKey: "zone key" }, 'topologyKey: got "zone key"; allowed: a node label key'],
    [
      { targetCpuUtilizationPercent: 150 },
      "targetCpuUtilizationPercent: got 150; allowed: a whole number from 1 to 100",
    ],
    [
      { strategy: "canary", withoutRollouts: true },
      "rolloutsRelease: got undefined; allowed: the Argo Rollouts release, required by strategy canary",
    ],
    [{ strategy: "canary", canarySteps: [] }, "canarySteps: got []; allowed: at least one step"],
    [
      {
        strategy: "canary",
        canarySteps: [
          { weightPercent: 25, pauseMinutes: 10 },
          { weightPercent: 5, pauseMinutes: 10 },
        ],
      },
      "canarySteps[1].weightPercent: got 5; allowed: more than the previous step (25)",
    ],
    [
      { strategy: "canary", canarySteps: [{ weightPercent: 120, pauseMinutes: 10 }] },
      "canarySteps[0].weightPercent: got 120; allowed: a whole number from 1 to 100",
    ],
    [
      { strategy: "canary", canarySteps: [{ weightPercent: 5, pauseMinutes: -1 }] },
      "canarySteps[0].pauseMinutes: got -1; allowed: a whole number of at least 0",
    ],
    [
      { strategy: "canary", analysis: { startingStep: 4 } },
      "analysis.startingStep: got 4; allowed: a Rollout step index from 0 to 3",
    ],
    [
      {
        strategy: "canary",
        analysisTemplates: [
          { apiVersion: "argoproj.io/v1alpha1", kind: "ClusterAnalysisTemplate", metadata: { name: "x" } },
        ],
      },
      'analysisTemplates: got ["ClusterAnalysisTemplate"]; allowed: argoproj.io/v1alpha1 AnalysisTemplate objects',
    ],
    [
      {
        strategy: "canary",
        analysisTemplates: [
          {
            apiVersion: "argoproj.io/v1alpha1",
            kind: "AnalysisTemplate",
            metadata: { name: "x", namespace: "other" },
          },
        ],
      },
      'analysisTemplates: got ["other/x"]; allowed: templates in namespace user-service',
    ],
    [{ metricsPath: "metrics" }, 'metricsPath: got "metrics"; allowed: an absolute URL path'],
    [
      { strategy: "canary", analysis: { templateNames: ["a", "a"] } },
      'analysis.templateNames: got "a"; allowed: names not repeated',
    ],
  ] as [Overrides, string][])("rejects %j", (overrides, message) => {
    expect(problems(overrides)).toContain(message);
  });

  it("reports every problem at once, naming the construct", () => {
    expect(problems({ name: "Bad", image: "nginx", replicas: 0, maxReplicas: 0 })).toMatch(
      /^WebService stack\/UserService: 3 invalid prop\(s\)/,
    );
  });
});

describe("WebService metrics", () => {
  function withMonitoring(): string {
    return Testing.synthScope((scope) => {
      const p = platformScope(scope);
      const monitoring = new ChartRelease(scope, "Monitoring", {
        releaseName: "kube-prometheus-stack",
        namespace: "monitoring",
        chart: {
          repository: "https://prometheus-community.github.io/helm-charts",
          chart: "kube-prometheus-stack",
          version: "88.5.3",
        },
        values: {},
      });
      new WebService(scope, "UserService", {
        ...USER_SERVICE,
        namespace: p.namespace,
        istioCrdRelease: p.istio,
        rolloutsRelease: p.rollouts,
        strategy: "canary",
        monitoringCrdRelease: monitoring,
      });
    });
  }

  it("scrapes the pods through the Istio agent with the SLO and canary labels, after the operator CRDs", () => {
    const out = withMonitoring();
    const monitor = manifest(manifestsOf(out, "user-service-delivery"), "PodMonitor", "user-service");
    new PodMonitor(monitor as never).validate();
    expect(monitor.spec).toEqual({
      selector: { matchLabels: { "app.kubernetes.io/name": "user-service" } },
      podTargetLabels: ["rollouts-pod-template-hash"],
      podMetricsEndpoints: [
        {
          portNumber: 15020,
          path: "/stats/prometheus",
          interval: "30s",
          relabelings: [{ action: "replace", targetLabel: "service", replacement: "user-service" }],
        },
      ],
    });
    expect(helmRelease(out, "user-service-delivery").depends_on).toContainEqual(
      expect.stringMatching(/^helm_release\.Monitoring_Release_/),
    );
  });

  it("adds no PodMonitor without the monitoring release", () => {
    expect(
      manifestsOf(synth({ strategy: "canary" }), "user-service-delivery").map((m) => m.kind),
    ).not.toContain("PodMonitor");
  });
});
