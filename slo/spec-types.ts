/**
 * The parsed (validated, defaults applied) shape of an SLO spec. `parseSloSpec` returns this; the
 * input shape, with optional fields, is {@link SloSpecInput} in spec.ts.
 */
import type { LabelSelector, LabelSet } from "./selector.js";

/** Alert severities the Alertmanager routing understands. */
export type Severity = "critical" | "warning" | "info";

/** The only SLO window supported: 30 days, rolling. */
export type SloWindow = "30d";

/** One kind of event counted by a counter metric, narrowed by a selector. */
export interface EventQuery {
  /** Counter metric name, e.g. `http_requests_total`. */
  readonly metric: string;
  /** Extra matchers on top of the service selector; omitted means none. */
  readonly selector?: LabelSelector;
}

/** Labels of one good and one bad synthetic request, for the generated promtool tests. */
export interface RatioTestLabels {
  readonly good: LabelSet;
  readonly bad: LabelSet;
}

/**
 * Ratio SLI: error ratio = bad / total, or 1 - good / total. Exactly one of `bad` and `good` is set.
 */
export interface RatioSli {
  readonly type: "ratio";
  /** All events (the denominator). */
  readonly total: EventQuery;
  /** Bad events (numerator of the error ratio). */
  readonly bad?: EventQuery;
  /** Good events (the error ratio is 1 - good / total). */
  readonly good?: EventQuery;
  /** Concrete labels for test series where selectors use regex or negative matchers. */
  readonly testLabels?: RatioTestLabels;
}

/**
 * Latency SLI from a Prometheus histogram: good = requests at or under `thresholdSeconds`
 * (the `_bucket` series with that `le`), total = `_count`.
 */
export interface LatencySli {
  readonly type: "latency";
  /** Histogram base name without `_bucket`/`_count`, e.g. `http_request_duration_seconds`. */
  readonly metric: string;
  /** The latency threshold; must be one of `buckets`. */
  readonly thresholdSeconds: number;
  /** The histogram's declared bucket upper bounds (without `+Inf`), strictly increasing. */
  readonly buckets: readonly number[];
  /** Extra matchers on top of the service selector. */
  readonly selector?: LabelSelector;
  /** Concrete labels for test series where selectors use regex or negative matchers. */
  readonly testLabels?: LabelSet;
}

/** The SLI of an SLO, discriminated by `type`. */
export type Sli = RatioSli | LatencySli;

/** One burn-rate alert tier (page or ticket). */
export interface AlertPolicy {
  /** Whether the tier's alert rule is generated. */
  readonly enabled: boolean;
  /** The `severity` label, which Alertmanager routes on. */
  readonly severity: Severity;
  /** The alert rule's `for:` duration. */
  readonly for: string;
}

/** Alerting options of one SLO. */
export interface SloAlerting {
  /** Fast burn (14.4x over 5m and 1h, or 6x over 30m and 6h). Default severity `critical`, for `2m`. */
  readonly page: AlertPolicy;
  /** Slow burn (3x over 2h and 1d, or 1x over 6h and 3d). Default severity `warning`, for `15m`. */
  readonly ticket: AlertPolicy;
  /** Base URL of the runbooks; the alert links to `<base>/<service>/<slo>`. */
  readonly runbookBaseUrl: string;
}

/** Canary-analysis options of one SLO. Success thresholds come from the SLO itself. */
export interface SloCanary {
  /** Whether the SLO becomes a metric in the service's AnalysisTemplate. */
  readonly enabled: boolean;
  /** Ratio SLIs: a canary error rate above this percentage fails (aborts) the rollout. Default 1. */
  readonly failureErrorRatePercent: number;
  /** Latency SLIs: a canary latency quantile above this fails (aborts) the rollout. Default 1. */
  readonly failureLatencySeconds: number;
}

/** One SLO of a service. */
export interface SloDefinition {
  /** Kebab-case name, unique within the service; becomes the `slo` label. */
  readonly name: string;
  /** Human description, used in alert and dashboard text. */
  readonly description: string;
  /** Target percentage of good events, 0 < objective < 100 (99.9 means 99.9%). */
  readonly objective: number;
  /** The SLO window; only `30d` rolling. */
  readonly window: SloWindow;
  readonly sli: Sli;
  readonly alerting: SloAlerting;
  readonly canary: SloCanary;
}

/** All SLOs of one service. */
export interface SloSpec {
  /** Kebab-case service name; becomes the `service` label and file names. */
  readonly service: string;
  /** Matchers that select the service's series (non-empty), applied to every SLI query. */
  readonly selector: LabelSelector;
  /** The service's SLOs (at least one, unique names). */
  readonly slos: readonly SloDefinition[];
}
