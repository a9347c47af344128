/**
 * Synthetic input series for the generated promtool tests: counters of one SLI rising at a constant
 * request rate with an exact error ratio, in promtool's expanding notation (`0+1000x180`).
 */
import { type Decimal, dec } from "./decimal.js";
import type { InputSeries } from "./rule-test-types.js";
import { type LabelSet, labelsMatch, matchersOf, renderSeries } from "./selector.js";
import type { LatencySli, RatioSli, SloSpec } from "./spec-types.js";
import { latencyRequestLabels, ratioRequestLabels } from "./test-labels.js";

/** Request rate and error ratio of a synthetic load. */
export interface Load {
  readonly requestsPerMinute: Decimal;
  readonly errorRatio: Decimal;
  /** Leave out series that never increase (a counter nobody has incremented is not exported). */
  readonly omitIdleSeries?: boolean;
}

/** Requests per minute of the synthetic load (1000 req/s). */
export const FIXTURE_REQUESTS_PER_MINUTE = dec(60_000);

/** The counters of an SLI under a constant load for `minutes` minutes (one sample a minute). */
export function sliSeries(
  spec: SloSpec,
  sli: RatioSli | LatencySli,
  load: Load,
  minutes: number,
): readonly InputSeries[] {
  const bad = load.requestsPerMinute.times(load.errorRatio);
  const good = load.requestsPerMinute.minus(bad);
  const increments =
    sli.type === "latency" ? latencyIncrements(spec, sli, good, bad) : ratioIncrements(spec, sli, good, bad);
  return [...increments]
    .filter(([, inc]) => !load.omitIdleSeries || inc.compare(dec(0)) !== 0)
    .map(([series, inc]) => ({ series, values: `0+${inc.toString()}x${minutes}` }));
}

function ratioIncrements(spec: SloSpec, sli: RatioSli, good: Decimal, bad: Decimal): Map<string, Decimal> {
  const requests = ratioRequestLabels(spec.selector, sli);
  const event = sli.bad ?? sli.good!;
  const roles = [
    { metric: sli.total.metric, matchers: matchersOf(spec.selector, sli.total.selector) },
    { metric: event.metric, matchers: matchersOf(spec.selector, event.selector) },
  ];
  const out = new Map<string, Decimal>();
  for (const metric of new Set(roles.map((r) => r.metric))) {
    for (const [labels, inc] of [
      [requests.good, good],
      [requests.bad, bad],
    ] as const) {
      if (roles.some((r) => r.metric === metric && labelsMatch(labels, r.matchers)))
        add(out, metric, labels, inc);
    }
  }
  return out;
}

function latencyIncrements(
  spec: SloSpec,
  sli: LatencySli,
  good: Decimal,
  bad: Decimal,
): Map<string, Decimal> {
  const labels = latencyRequestLabels(spec.selector, sli);
  const out = new Map<string, Decimal>();
  for (const bucket of latencyBucketIncrements(sli, good, bad)) {
    add(out, `${sli.metric}_bucket`, { ...labels, le: bucket.le }, bucket.increment);
  }
  add(out, `${sli.metric}_count`, labels, good.plus(bad));
  return out;
}

/** One cumulative histogram bucket of the synthetic load. */
export interface BucketIncrement {
  /** The `le` label ("0.5", "+Inf"). */
  readonly le: string;
  /** Upper bound as a number. */
  readonly upperBound: number;
  /** Per-minute increase of the cumulative bucket counter. */
  readonly increment: Decimal;
}

/**
 * Good requests take exactly the threshold, bad ones fall in the next bucket up (or `+Inf`), so the
 * cumulative buckets are: 0 below the threshold, `good` from it, `good + bad` above it.
 */
export function latencyBucketIncrements(
  sli: LatencySli,
  good: Decimal,
  bad: Decimal,
): readonly BucketIncrement[] {
  const zero = dec(0);
  const bounds = [
    ...sli.buckets.map((b) => ({ le: dec(b).toString(), upperBound: b })),
    { le: "+Inf", upperBound: Infinity },
  ];
  const above = bounds.findIndex((b) => b.upperBound > sli.thresholdSeconds);
  return bounds.map((b, i) => ({
    ...b,
    increment: b.upperBound < sli.thresholdSeconds ? zero : i < above ? good : good.plus(bad),
  }));
}

/** Prometheus' `histogram_quantile` over cumulative buckets (last one `+Inf`), as in Prometheus 2.x. */
export function histogramQuantile(
  q: number,
  buckets: readonly { upperBound: number; count: number }[],
): number {
  const last = buckets.length - 1;
  const observations = buckets[last]!.count;
  if (buckets.length < 2 || observations === 0) return Number.NaN;
  let rank = q * observations;
  let b = buckets.findIndex((bucket, i) => i < last && bucket.count >= rank);
  if (b === -1) b = last;
  if (b === last) return buckets[last - 1]!.upperBound;
  if (b === 0 && buckets[0]!.upperBound <= 0) return buckets[0]!.upperBound;
  let start = 0;
  let count = buckets[b]!.count;
  if (b > 0) {
    start = buckets[b - 1]!.upperBound;
    count -= buckets[b - 1]!.count;
    rank -= buckets[b - 1]!.count;
  }
  return start + (buckets[b]!.upperBound - start) * (rank / count);
}

function add(out: Map<string, Decimal>, metric: string, labels: LabelSet, inc: Decimal): void {
  const key = renderSeries(metric, labels);
  out.set(key, (out.get(key) ?? dec(0)).plus(inc));
}
