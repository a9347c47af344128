/**
 * Two Argo Rollouts AnalysisTemplates judged on fixed thresholds, used until the SLO compiler's
 * templates (`slo/`) are wired in: the canary's 5xx ratio and its p95 latency, both from Istio's
 * standard metrics as reported by the canary pods' own sidecars.
 */
import type { IAnalysisTemplate } from "@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate";
import type { IMetric } from "@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Metric";
import { Validator } from "../validation";
import { isDnsLabel } from "./k8s-validation";

/** Template argument carrying the service name (also the Rollout's name). */
export const SERVICE_NAME_ARG = "service-name";
/** Template argument carrying the namespace. */
export const NAMESPACE_ARG = "namespace";
/** Template argument the Rollout fills with the canary's pod-template hash (`podTemplateHashValue: Latest`). */
export const CANARY_HASH_ARG = "canary-hash";
/** Prometheus of kube-prometheus-stack (release `kube-prometheus-stack` in `monitoring`). */
export const DEFAULT_PROMETHEUS_ADDRESS = "http://kube-prometheus-stack-prometheus.monitoring.svc:9090";

export interface ThresholdAnalysisOptions {
  /** Service (and Rollout) name. */
  readonly service: string;
  readonly namespace: string;
  /**
   * 5xx ratio below which a measurement succeeds.
   * @default 0.001
   */
  readonly successErrorRate?: number;
  /**
   * 5xx ratio above which a measurement fails; in between it is inconclusive.
   * @default 0.01
   */
  readonly failureErrorRate?: number;
  /**
   * p95 latency in milliseconds below which a measurement succeeds.
   * @default 500
   */
  readonly successP95Ms?: number;
  /**
   * p95 latency in milliseconds above which a measurement fails.
   * @default 1000
   */
  readonly failureP95Ms?: number;
  /** @default DEFAULT_PROMETHEUS_ADDRESS */
  readonly prometheusAddress?: string;
  /**
   * Time between measurements.
   * @default "1m"
   */
  readonly interval?: string;
  /**
   * Measurements to take.
   * @default - no count: a background analysis measures until the rollout completes
   */
  readonly count?: number;
  /**
   * Failed measurements tolerated; one more fails the run and aborts the rollout.
   * @default 1
   */
  readonly failureLimit?: number;
  /**
   * Inconclusive measurements tolerated; one more pauses the rollout for a human.
   * @default 2
   */
  readonly inconclusiveLimit?: number;
  /**
   * Window of the `rate()` in each query.
   * @default "2m"
   */
  readonly rateWindow?: string;
}

const arg = (name: string) => `{{args.${name}}}`;

/** Series of requests served by the canary's pods (ReplicaSet pods are named `<rollout>-<hash>-<id>`). */
function canarySelector(extra = ""): string {
  return [
    'reporter="destination"',
    `destination_service_namespace="${arg(NAMESPACE_ARG)}"`,
    `destination_service_name="${arg(SERVICE_NAME_ARG)}"`,
    `pod=~"${arg(SERVICE_NAME_ARG)}-${arg(CANARY_HASH_ARG)}-.*"`,
    ...(extra ? [extra] : []),
  ].join(",");
}

/**
 * The canary's 5xx ratio. `clamp_min` keeps the division finite at zero traffic, and `or on()
 * vector(0)` answers 0 when no series exist (no 5xx yet, or no requests): never NaN, never empty.
 */
export function errorRateQuery(window: string): string {
  const errors = `sum(rate(istio_requests_total{${canarySelector('response_code=~"5.."')}}[${window}]))`;
  const total = `sum(rate(istio_requests_total{${canarySelector()}}[${window}]))`;
  return `(${errors} / clamp_min(${total}, 1e-9)) or on() vector(0)`;
}

/** The canary's p95 latency in ms; `>= 0` drops the NaN `histogram_quantile` gives without traffic. */
export function latencyP95Query(window: string): string {
  const buckets = `rate(istio_request_duration_milliseconds_bucket{${canarySelector()}}[${window}])`;
  return `(histogram_quantile(0.95, sum by (le) (${buckets})) >= 0) or on() vector(0)`;
}

/**
 * `<service>-error-rate` and `<service>-latency-p95`. Success below the success threshold, failure
 * above the failure threshold, inconclusive in between. Run them as background analysis: without a
 * `count` a metric measures until the rollout ends, which an inline step analysis rejects.
 */
export function thresholdAnalysisTemplates(o: ThresholdAnalysisOptions): IAnalysisTemplate[] {
  const r: Resolved = {
    successErrorRate: o.successErrorRate ?? 0.001,
    failureErrorRate: o.failureErrorRate ?? 0.01,
    successP95Ms: o.successP95Ms ?? 500,
    failureP95Ms: o.failureP95Ms ?? 1000,
    prometheusAddress: o.prometheusAddress ?? DEFAULT_PROMETHEUS_ADDRESS,
    interval: o.interval ?? "1m",
    failureLimit: o.failureLimit ?? 1,
    inconclusiveLimit: o.inconclusiveLimit ?? 2,
    rateWindow: o.rateWindow ?? "2m",
  };
  validate(o, r);
  const metric = (name: string, query: string, success: number, failure: number): IMetric => ({
    name,
    interval: r.interval,
    ...(o.count !== undefined ? { count: o.count } : {}),
    failureLimit: r.failureLimit,
    inconclusiveLimit: r.inconclusiveLimit,
    successCondition: `result[0] < ${success}`,
    failureCondition: `result[0] > ${failure}`,
    provider: { prometheus: { address: r.prometheusAddress, query } },
  });
  const template = (suffix: string, m: IMetric): IAnalysisTemplate => ({
    apiVersion: "argoproj.io/v1alpha1",
    kind: "AnalysisTemplate",
    metadata: {
      name: `${o.service}-${suffix}`,
      namespace: o.namespace,
      labels: { "app.kubernetes.io/name": o.service, "app.kubernetes.io/component": "canary-analysis" },
    },
    spec: {
      args: [
        { name: SERVICE_NAME_ARG, value: o.service },
        { name: NAMESPACE_ARG, value: o.namespace },
        { name: CANARY_HASH_ARG },
      ],
      metrics: [m],
    },
  });
  return [
    template(
      "error-rate",
      metric("error-rate", errorRateQuery(r.rateWindow), r.successErrorRate, r.failureErrorRate),
    ),
    template(
      "latency-p95",
      metric("latency-p95", latencyP95Query(r.rateWindow), r.successP95Ms, r.failureP95Ms),
    ),
  ];
}

type Resolved = Required<Omit<ThresholdAnalysisOptions, "service" | "namespace" | "count">>;

function validate(o: ThresholdAnalysisOptions, r: Resolved): void {
  const v = new Validator("thresholdAnalysisTemplates");
  v.check(
    isDnsLabel(o.service, 50),
    "service",
    o.service,
    "a DNS label of at most 50 characters",
    "template names append -latency-p95",
  );
  v.check(
    isDnsLabel(o.namespace),
    "namespace",
    o.namespace,
    "a DNS label",
    "pass the namespace the Rollout runs in",
  );
  for (const [field, value] of [
    ["successErrorRate", r.successErrorRate],
    ["failureErrorRate", r.failureErrorRate],
  ] as const) {
    v.check(
      value > 0 && value < 1,
      field,
      value,
      "a ratio between 0 and 1 (exclusive)",
      "0.001 means 0.1% of requests",
    );
  }
  v.check(
    r.successErrorRate <= r.failureErrorRate,
    "successErrorRate",
    r.successErrorRate,
    `at most failureErrorRate (${r.failureErrorRate})`,
    "the band between them is inconclusive",
  );
  v.check(
    r.successP95Ms > 0 && r.successP95Ms <= r.failureP95Ms,
    "successP95Ms",
    r.successP95Ms,
    `above 0 and at most failureP95Ms (${r.failureP95Ms})`,
    "the band between them is inconclusive",
  );
  for (const [field, value] of [
    ["interval", r.interval],
    ["rateWindow", r.rateWindow],
  ] as const) {
    v.check(
      /^[1-9]\d*(s|m|h)$/.test(value),
      field,
      value,
      "a duration such as 30s, 1m or 2m",
      "use whole seconds, minutes or hours",
    );
  }
  v.check(
    o.count === undefined || (Number.isInteger(o.count) && o.count >= 1),
    "count",
    o.count,
    "a whole number of at least 1, or unset",
    "leave unset to measure until the rollout completes",
  );
  for (const [field, value] of [
    ["failureLimit", r.failureLimit],
    ["inconclusiveLimit", r.inconclusiveLimit],
  ] as const) {
    v.check(
      Number.isInteger(value) && value >= 0,
      field,
      value,
      "a whole number of at least 0",
      "0 reacts to the first such measurement",
    );
  }
  v.check(
    /^https?:\/\/\S+$/.test(r.prometheusAddress),
    "prometheusAddress",
    r.prometheusAddress,
    "an http(s) URL",
    `e.g. ${DEFAULT_PROMETHEUS_ADDRESS}`,
  );
  v.throwIfAny();
}
