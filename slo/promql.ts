/**
 * PromQL for SLIs. Every error ratio divides only where the denominator is positive
 * (`/ (sum(rate(total[w])) > 0)`), so zero or absent traffic yields no sample instead of NaN, and
 * a missing numerator series (no error ever counted) reads as 0 (`or vector(0)`).
 */
import { dec } from "./decimal.js";
import { type Matcher, matchersOf, renderSelector } from "./selector.js";
import type { LatencySli, RatioSli, Sli, SloSpec } from "./spec-types.js";

/**
 * A tolerant regex for a histogram `le` label. Prometheus 3 normalizes `le` to float formatting
 * ("1" becomes "1.0") and exporters differ ("0.5" vs "0.50"), so the threshold matches with any
 * number of trailing zeros: 0.5 -> `0\.50*`, 1 -> `1(\.0*)?`.
 */
export function leRegex(threshold: number): string {
  const [whole, fraction = ""] = dec(threshold).toString().split(".");
  return fraction ? `${whole}\\.${fraction}0*` : `${whole}(\\.0*)?`;
}

/** The `le` matcher selecting the threshold bucket. */
export function leMatcher(threshold: number): Matcher {
  return { name: "le", op: "=~", value: leRegex(threshold) };
}

/** Where an SLI's numerator and denominator come from, with extra matchers (e.g. a canary hash). */
interface SliParts {
  /** Selector of the counter whose rate is the numerator. */
  readonly numerator: string;
  /** Selector of the counter whose rate is the denominator. */
  readonly denominator: string;
  /** Whether the numerator counts good events (error ratio = 1 - good / total). */
  readonly numeratorIsGood: boolean;
}

function sliParts(spec: SloSpec, sli: Sli, extra: readonly Matcher[]): SliParts {
  if (sli.type === "latency") return latencyParts(spec, sli, extra);
  return ratioParts(spec, sli, extra);
}

function ratioParts(spec: SloSpec, sli: RatioSli, extra: readonly Matcher[]): SliParts {
  const event = sli.bad ?? sli.good!;
  return {
    numerator: renderSelector(event.metric, [...matchersOf(spec.selector, event.selector), ...extra]),
    denominator: renderSelector(sli.total.metric, [
      ...matchersOf(spec.selector, sli.total.selector),
      ...extra,
    ]),
    numeratorIsGood: sli.bad === undefined,
  };
}

function latencyParts(spec: SloSpec, sli: LatencySli, extra: readonly Matcher[]): SliParts {
  const base = [...matchersOf(spec.selector, sli.selector), ...extra];
  return {
    numerator: renderSelector(`${sli.metric}_bucket`, [...base, leMatcher(sli.thresholdSeconds)]),
    denominator: renderSelector(`${sli.metric}_count`, base),
    numeratorIsGood: true,
  };
}

/**
 * The SLI error ratio over a window, with no sample (never NaN) when there was no traffic.
 * @param extra - matchers added to every selector (the canary's pod-template hash)
 */
export function errorRatioExpr(
  spec: SloSpec,
  sli: Sli,
  window: string,
  extra: readonly Matcher[] = [],
): string {
  const p = sliParts(spec, sli, extra);
  const ratio = `(sum(rate(${p.numerator}[${window}])) or vector(0)) / (sum(rate(${p.denominator}[${window}])) > 0)`;
  return p.numeratorIsGood ? `1 - (${ratio})` : ratio;
}

/**
 * A latency quantile from the histogram over a window, with no sample (never NaN) when there was
 * no traffic: `histogram_quantile` of all-zero bucket rates is NaN, so it is kept only where the
 * request rate is positive.
 */
export function latencyQuantileExpr(
  spec: SloSpec,
  sli: LatencySli,
  quantile: string,
  window: string,
  extra: readonly Matcher[] = [],
): string {
  const base = [...matchersOf(spec.selector, sli.selector), ...extra];
  const buckets = renderSelector(`${sli.metric}_bucket`, base);
  const count = renderSelector(`${sli.metric}_count`, base);
  return (
    `histogram_quantile(${quantile}, sum by (le) (rate(${buckets}[${window}])))` +
    ` and on() (sum(rate(${count}[${window}])) > 0)`
  );
}

/** The quantile a latency SLO promises: objective 95 -> "0.95". */
export function latencyQuantile(objectivePercent: number): string {
  return dec(objectivePercent).shiftLeft(2).toString();
}
