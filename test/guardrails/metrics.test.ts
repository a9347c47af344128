/**
 * The app's metrics reach Prometheus, in every cluster stack: each PodMonitor selects a workload's
 * pods, and scrapes either a container port or the Istio agent's merged endpoint, in which case the
 * pods tell the agent where the app's metrics are (`prometheus.io/*` annotations) and the mesh merges
 * them. Every series an SLO rule reads is one the service exports.
 */
import { describe, expect, it } from "vitest";
import { ISTIO_MERGED_METRICS_PORT } from "../../constructs/k8s/pod-monitor";
import { USER_SERVICE_METRICS } from "../../slo/specs";
import {
  CLUSTER_STACKS,
  type Delivered,
  deliveredObjects,
  readStack,
  resourcesOf,
  synthDir,
} from "../helpers";

interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { containers: { ports?: { containerPort: number }[] }[] };
}

const WORKLOAD_KINDS = ["Deployment", "Rollout", "StatefulSet", "DaemonSet"];

function templateOf(o: Delivered): PodTemplate | undefined {
  return WORKLOAD_KINDS.includes(o.kind) ? (o.spec as { template: PodTemplate }).template : undefined;
}

/** What is wrong with one scrape target of a monitor, or undefined when the chain is complete. */
function scrapeProblem(
  monitor: Delivered,
  endpoint: { portNumber?: number; path?: string },
  pods: PodTemplate[],
  mergeEnabled: boolean,
): string | undefined {
  const name = `${monitor.metadata.namespace}/${monitor.metadata.name}`;
  if (pods.length === 0) return `${name}: selects no workload's pods`;
  for (const pod of pods) {
    const ports = pod.spec.containers.flatMap((c) => (c.ports ?? []).map((p) => p.containerPort));
    if (endpoint.portNumber === ISTIO_MERGED_METRICS_PORT) {
      const a = pod.metadata?.annotations ?? {};
      if (!mergeEnabled) return `${name}: scrapes the merged endpoint, but istiod does not merge`;
      if (a["prometheus.io/scrape"] !== "true") return `${name}: pods lack prometheus.io/scrape: "true"`;
      if (!ports.includes(Number(a["prometheus.io/port"]))) {
        return `${name}: prometheus.io/port ${a["prometheus.io/port"]} is not a container port (${ports.join(", ")})`;
      }
      if (!a["prometheus.io/path"]?.startsWith("/")) return `${name}: pods lack prometheus.io/path`;
    } else if (!ports.includes(endpoint.portNumber ?? -1)) {
      return `${name}: port ${endpoint.portNumber} is not a container port`;
    }
  }
  return undefined;
}

/** Metric names a PromQL expression reads (identifiers before `{` or `[`, recording rules excluded). */
function seriesOf(expr: string): string[] {
  const names = [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*[{[]/g)].map((m) => m[1]!);
  return [...new Set(names.filter((n) => !n.includes(":") && !["by", "without", "on"].includes(n)))];
}

const HISTOGRAM_SUFFIXES = ["", "_bucket", "_count", "_sum"];

describe.each(CLUSTER_STACKS)("metrics of %s", (stack) => {
  const objects = deliveredObjects(synthDir(), stack).map((d) => d.object);
  const istiod = Object.values(resourcesOf(readStack(synthDir(), stack), "helm_release")).find(
    (r) => r.name === "istiod",
  );
  const meshConfig = (
    JSON.parse((istiod!.values as string[])[0]!) as { meshConfig?: Record<string, unknown> }
  ).meshConfig;
  const mergeEnabled = meshConfig?.enablePrometheusMerge !== false;

  it("completes the scrape chain of every PodMonitor, from monitor to the app's port", () => {
    const monitors = objects.filter((o) => o.kind === "PodMonitor");
    expect(monitors.length).toBeGreaterThan(0);
    const problems = monitors.flatMap((m) => {
      const spec = m.spec as {
        selector: { matchLabels: Record<string, string> };
        podMetricsEndpoints: { portNumber?: number; path?: string }[];
      };
      const pods = objects
        .filter((o) => o.metadata.namespace === m.metadata.namespace)
        .map(templateOf)
        .filter((t): t is PodTemplate => t !== undefined)
        .filter((t) =>
          Object.entries(spec.selector.matchLabels).every(([k, v]) => t.metadata?.labels?.[k] === v),
        );
      return spec.podMetricsEndpoints.map((e) => scrapeProblem(m, e, pods, mergeEnabled)).filter(Boolean);
    });
    expect(problems).toEqual([]);
  });

  it("reads in every SLO rule only series that user-service or its sidecar exports", () => {
    const exported = [...USER_SERVICE_METRICS.app, ...USER_SERVICE_METRICS.sidecar].flatMap((m) =>
      HISTOGRAM_SUFFIXES.map((s) => `${m}${s}`),
    );
    const rules = objects
      .filter((o) => o.kind === "PrometheusRule")
      .flatMap(
        (o) =>
          (o.spec as { groups: { rules: { expr: string; labels?: Record<string, string> }[] }[] }).groups,
      )
      .flatMap((g) => g.rules)
      .filter((r) => r.labels?.service === "user-service");
    expect(rules.length).toBeGreaterThan(10);
    const unknown = rules.flatMap((r) => seriesOf(r.expr)).filter((n) => !exported.includes(n));
    expect([...new Set(unknown)]).toEqual([]);
  });
});

describe("scrape chain checks", () => {
  const monitor = { apiVersion: "v1", kind: "PodMonitor", metadata: { name: "m", namespace: "n" } };
  const pod = (annotations: Record<string, string>): PodTemplate => ({
    metadata: { annotations },
    spec: { containers: [{ ports: [{ containerPort: 8080 }] }] },
  });
  const merged = { portNumber: ISTIO_MERGED_METRICS_PORT };
  const good = {
    "prometheus.io/scrape": "true",
    "prometheus.io/port": "8080",
    "prometheus.io/path": "/metrics",
  };

  it("accepts a complete chain and names each missing link", () => {
    expect(scrapeProblem(monitor, merged, [pod(good)], true)).toBeUndefined();
    expect(scrapeProblem(monitor, merged, [pod({})], true)).toContain("prometheus.io/scrape");
    expect(scrapeProblem(monitor, merged, [pod({ ...good, "prometheus.io/port": "9090" })], true)).toContain(
      "not a container port",
    );
    expect(scrapeProblem(monitor, merged, [pod(good)], false)).toContain("does not merge");
    expect(scrapeProblem(monitor, merged, [], true)).toContain("selects no workload");
    expect(scrapeProblem(monitor, { portNumber: 9090 }, [pod(good)], true)).toContain("9090");
  });

  it("reads raw series names, not recording rules or grouping clauses", () => {
    expect(seriesOf('sum by (le) (rate(a_total{x="1"}[5m])) / slo:sli_error:ratio_rate5m{s="x"}')).toEqual([
      "a_total",
    ]);
  });
});

/** Minutes of a Go duration such as `90s`, `2m` or `1h`. */
function minutesOf(duration: string): number {
  const m = /^(\d+)(s|m|h)$/.exec(duration);
  if (!m) throw new Error(`not a duration: ${duration}`);
  return Number(m[1]) / { s: 60, m: 1, h: 1 / 60 }[m[2] as "s" | "m" | "h"];
}

interface Step {
  readonly setWeight?: number;
  readonly pause?: { readonly duration?: string };
}

/**
 * Each weighted step of a canary as a time window [from, to) in minutes since the rollout started,
 * with the background analysis' measurement times over the whole rollout (Argo Rollouts ends a
 * background analysis at full promotion; `count` ends it earlier).
 */
function coverage(steps: Step[], metric: { initialDelay?: string; interval: string; count?: number }) {
  const windows: { weight: number; from: number; to: number }[] = [];
  let t = 0;
  for (const step of steps) {
    if (step.setWeight !== undefined) windows.push({ weight: step.setWeight, from: t, to: t });
    if (step.pause?.duration) t += minutesOf(step.pause.duration);
    windows[windows.length - 1]!.to = t;
  }
  const start = metric.initialDelay ? minutesOf(metric.initialDelay) : 0;
  const every = minutesOf(metric.interval);
  const times: number[] = [];
  for (let m = start; m < t && (metric.count === undefined || times.length < metric.count); m += every)
    times.push(m);
  return { windows, times };
}

/** Steps whose window holds no measurement, and whether a measurement at t=0 sees no data. */
function unguarded(steps: Step[], metric: { initialDelay?: string; interval: string; count?: number }) {
  const { windows, times } = coverage(steps, metric);
  return [
    ...windows
      .filter((w) => w.to > w.from && !times.some((m) => m >= w.from && m < w.to))
      .map((w) => `${w.weight}% (${w.from}-${w.to} min)`),
    ...(times[0] === 0 ? ["a measurement at t=0, before the canary has any series"] : []),
  ];
}

describe.each(CLUSTER_STACKS)("canary analysis of %s", (stack) => {
  const objects = deliveredObjects(synthDir(), stack).map((d) => d.object);
  const rollouts = objects.filter((o) => o.kind === "Rollout");

  it("measures during every step of every canary, from after its first scrapes until promotion", () => {
    // Production delivers user-service as a canary (environments/prod.json).
    if (stack.startsWith("prod")) expect(rollouts.length).toBeGreaterThan(0);
    const problems = rollouts.flatMap((r) => {
      const canary = (
        r.spec as {
          strategy: { canary: { steps: Step[]; analysis?: { templates: { templateName: string }[] } } };
        }
      ).strategy.canary;
      const templates = (canary.analysis?.templates ?? []).map((t) =>
        objects.find(
          (o) =>
            o.kind === "AnalysisTemplate" &&
            o.metadata.name === t.templateName &&
            o.metadata.namespace === r.metadata.namespace,
        ),
      );
      if (templates.length === 0 || templates.includes(undefined))
        return [`${r.metadata.name}: no analysis template`];
      return templates.flatMap((t) =>
        (
          t!.spec as { metrics: { name: string; initialDelay?: string; interval: string; count?: number }[] }
        ).metrics.flatMap((m) =>
          unguarded(canary.steps, m).map((p) => `${r.metadata.name}/${m.name}: unguarded ${p}`),
        ),
      );
    });
    expect(problems).toEqual([]);
  });
});

describe("canary coverage", () => {
  const steps: Step[] = [
    { setWeight: 5 },
    { pause: { duration: "10m" } },
    { setWeight: 25 },
    { pause: { duration: "20m" } },
  ];

  it("finds the steps a five-measurement analysis leaves unguarded, and a measurement at t=0", () => {
    expect(unguarded(steps, { interval: "1m", count: 5 })).toEqual([
      "25% (10-30 min)",
      "a measurement at t=0, before the canary has any series",
    ]);
    expect(unguarded(steps, { initialDelay: "2m", interval: "1m" })).toEqual([]);
    expect(unguarded(steps, { initialDelay: "12m", interval: "1m" })).toEqual(["5% (0-10 min)"]);
  });
});
