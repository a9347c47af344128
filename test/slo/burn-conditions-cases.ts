/**
 * One promtool case per burn-rate condition of the SRE workbook table, on user-service's
 * `error-rate` SLO (budget 0.1%): raw `http_requests_total` counters shaped so that the alert fires
 * only through that condition's two windows, and the same shape just under the threshold.
 *
 * The table is written out here rather than read from `slo/burn-rates.ts`: the cases state the
 * intended windows, and the compiled rules must meet them.
 */
import { durationSeconds } from "../../slo/duration.js";
import { errorRatioRecord } from "../../slo/naming.js";
import { SloTestContext } from "../../slo/rule-test-context.js";
import type { InputSeries, RuleTestFile, RuleTestGroup } from "../../slo/rule-test-types.js";
import { renderSeries } from "../../slo/selector.js";
import type { RatioSli } from "../../slo/spec-types.js";
import { userServiceSpec } from "../../slo/specs/index.js";
import { ratioRequestLabels } from "../../slo/test-labels.js";

/** Minutes of each recorded error-ratio window the conditions use. */
const WINDOW_MINUTES = {
  "5m": 5,
  "30m": 30,
  "1h": 60,
  "2h": 120,
  "6h": 360,
  "1d": 1440,
  "3d": 4320,
} as const;

/** A window of {@link WINDOW_MINUTES}. */
export type Window = keyof typeof WINDOW_MINUTES;

/** One intended condition: error ratio above `burnRate` x budget over both windows. */
export interface Condition {
  readonly tier: "page" | "ticket";
  readonly burnRate: number;
  readonly longWindow: Window;
  readonly shortWindow: Window;
}

/** The Google SRE workbook table for a 30-day SLO (what `slo/README.md` documents). */
export const CONDITIONS: readonly Condition[] = [
  { tier: "page", burnRate: 14.4, longWindow: "1h", shortWindow: "5m" },
  { tier: "page", burnRate: 6, longWindow: "6h", shortWindow: "30m" },
  { tier: "ticket", burnRate: 3, longWindow: "1d", shortWindow: "2h" },
  { tier: "ticket", burnRate: 1, longWindow: "3d", shortWindow: "6h" },
];

/** A stretch of constant load: `minutes` one-minute samples at `traffic` x the base rate. */
export interface Phase {
  readonly minutes: number;
  /** Request rate as a multiple of {@link BASE_REQUESTS_PER_MINUTE}. */
  readonly traffic: number;
  /** Error ratio as a multiple of the error budget. */
  readonly burn: number;
}

/** Base request rate (100k requests a minute), so every count below is an integer. */
export const BASE_REQUESTS_PER_MINUTE = 100_000;

const context = new SloTestContext(
  userServiceSpec,
  userServiceSpec.slos.find((s) => s.name === "error-rate")!,
);
const BUDGET = 0.001;

/** One condition's pair of series: firing only through it, and the same shape just under. */
export interface ConditionCase {
  readonly condition: Condition;
  /** Why the shape isolates the condition. */
  readonly note: string;
  readonly fire: readonly Phase[];
  readonly under: readonly Phase[];
}

const [page14, page6, ticket3, ticket1] = CONDITIONS as [Condition, Condition, Condition, Condition];

/** The series per condition; the evaluation time is the end of the series. */
export const CASES: readonly ConditionCase[] = [
  {
    condition: page14,
    note: "5h clean, then 70m at 15x: 5m and 1h at 15x, but 6h only 2.9x keeps the 6x condition false",
    fire: [
      { minutes: 300, traffic: 1, burn: 0 },
      { minutes: 70, traffic: 1, burn: 15 },
    ],
    under: [
      { minutes: 300, traffic: 1, burn: 0 },
      { minutes: 70, traffic: 1, burn: 14 },
    ],
  },
  {
    condition: page6,
    note: "7h at 10x, then 10m clean: 30m 6.7x and 6h 9.7x, while 5m is 0 (so 14.4x, and a 5m short window, cannot fire)",
    fire: [
      { minutes: 420, traffic: 1, burn: 10 },
      { minutes: 10, traffic: 1, burn: 0 },
    ],
    under: [
      { minutes: 420, traffic: 1, burn: 8.8 },
      { minutes: 10, traffic: 1, burn: 0 },
    ],
  },
  {
    condition: ticket3,
    note: "10h clean at 10x traffic, then 24.5h at 4x: 2h and 1d at 4x, but 3d (all data) 0.79x keeps 1x/3d false",
    fire: [
      { minutes: 600, traffic: 10, burn: 0 },
      { minutes: 1470, traffic: 1, burn: 4 },
    ],
    under: [
      { minutes: 600, traffic: 10, burn: 0 },
      { minutes: 1470, traffic: 1, burn: 2.9 },
    ],
  },
  {
    condition: ticket1,
    note: "10h at 1.5x on 10x traffic, 19h clean, 6h at 2x: 6h 2x and 3d 1.3x, while 1d is 0.5x and 2h 2x (3x/1d false)",
    fire: [
      { minutes: 600, traffic: 10, burn: 1.5 },
      { minutes: 1140, traffic: 1, burn: 0 },
      { minutes: 360, traffic: 1, burn: 2 },
    ],
    under: [
      { minutes: 600, traffic: 10, burn: 1.1 },
      { minutes: 1140, traffic: 1, burn: 0 },
      { minutes: 360, traffic: 1, burn: 2 },
    ],
  },
];

/** Per-minute increments of the good and the bad request counters. */
function increments(phases: readonly Phase[]): { good: number[]; bad: number[] } {
  const good: number[] = [];
  const bad: number[] = [];
  for (const p of phases) {
    const total = p.traffic * BASE_REQUESTS_PER_MINUTE;
    const errors = Math.round(p.burn * BUDGET * total);
    if (Math.abs(errors - p.burn * BUDGET * total) > 1e-6) throw new Error(`non-integer errors in ${p.burn}`);
    for (let i = 0; i < p.minutes; i++) {
      good.push(total - errors);
      bad.push(errors);
    }
  }
  return { good, bad };
}

/** Total minutes of a series (its last sample, and the evaluation time). */
export function endMinute(phases: readonly Phase[]): number {
  return phases.reduce((n, p) => n + p.minutes, 0);
}

/**
 * The error ratio as a multiple of the budget over `window` at `minute`, as Prometheus 2 computes it
 * on these series: the range is closed and a sample sits on both ends (or the counters start at 0
 * inside it), so `rate()` does not extrapolate and the ratio is the exact count ratio.
 */
export function burnOver(phases: readonly Phase[], window: Window, minute: number): number {
  const { good, bad } = increments(phases);
  const from = Math.max(0, minute - WINDOW_MINUTES[window]);
  let errors = 0;
  let total = 0;
  for (let i = from; i < minute; i++) {
    errors += bad[i]!;
    total += bad[i]! + good[i]!;
  }
  return errors / total / BUDGET;
}

/** Whether a condition holds at a minute. */
export function holds(phases: readonly Phase[], c: Condition, minute: number): boolean {
  return (
    burnOver(phases, c.shortWindow, minute) > c.burnRate &&
    burnOver(phases, c.longWindow, minute) > c.burnRate
  );
}

/** The other condition of the same tier. */
export function sibling(c: Condition): Condition {
  return CONDITIONS.find((o) => o.tier === c.tier && o !== c)!;
}

/** Minutes a tier's alert must hold before it fires (`for:`). */
export function forMinutes(c: Condition): number {
  return durationSeconds(context.slo.alerting[c.tier].for) / 60;
}

/**
 * Minutes between two samples and two rule evaluations in promtool. Every phase and every window is
 * a multiple of it, so the counters hold the same values at every sample and each window's ratio is
 * the one-minute series' exactly; promtool does a fifth of the work (the 3d window alone spans 4320
 * one-minute samples at each of some 2000 evaluations).
 */
export const SAMPLE_MINUTES = 5;

/** Per-sample increments: the per-minute ones summed over each {@link SAMPLE_MINUTES}. */
function perSample(perMinute: readonly number[]): number[] {
  if (perMinute.length % SAMPLE_MINUTES !== 0) {
    throw new Error(`a series of ${perMinute.length} minutes is not whole ${SAMPLE_MINUTES}-minute samples`);
  }
  const out: number[] = [];
  for (let i = 0; i < perMinute.length; i += SAMPLE_MINUTES) {
    out.push(perMinute.slice(i, i + SAMPLE_MINUTES).reduce((a, b) => a + b, 0));
  }
  return out;
}

/** `http_requests_total` with the spec's labels for good and bad requests, in expanding notation. */
function inputSeries(phases: readonly Phase[]): readonly InputSeries[] {
  const sli = context.slo.sli as RatioSli;
  const labels = ratioRequestLabels(userServiceSpec.selector, sli);
  const { good, bad } = increments(phases);
  return [
    { series: renderSeries(sli.total.metric, labels.good), values: expanding(perSample(good)) },
    { series: renderSeries(sli.total.metric, labels.bad), values: expanding(perSample(bad)) },
  ];
}

/** A counter from 0 with the given per-sample increments: `0+a x n  v+b x (m-1) ...`. */
function expanding(perSample: readonly number[]): string {
  const parts: string[] = [];
  let value = 0;
  let i = 0;
  while (i < perSample.length) {
    let j = i;
    while (j < perSample.length && perSample[j] === perSample[i]) j++;
    const inc = perSample[i]!;
    const n = j - i;
    // The first segment starts at the t=0 sample; later ones start one increment past the last value.
    parts.push(i === 0 ? `0+${inc}x${n}` : `${value + inc}+${inc}x${n - 1}`);
    value += inc * n;
    i = j;
  }
  return parts.join(" ");
}

/** PromQL that counts 1 where a condition holds on the recorded ratios (nothing where it does not). */
function conditionExpr(c: Condition): string {
  const threshold = Number((c.burnRate * BUDGET).toPrecision(12));
  const ratio = (w: Window) => context.series(errorRatioRecord(w));
  return `count(${ratio(c.shortWindow)} > ${threshold} and ${ratio(c.longWindow)} > ${threshold})`;
}

/** Name of a condition: `page 6x over 6h and 30m`. */
export function conditionName(c: Condition): string {
  return `${c.tier} ${c.burnRate}x over ${c.longWindow} and ${c.shortWindow}`;
}

function group(c: Condition, phases: readonly Phase[], firing: boolean): RuleTestGroup {
  const end = endMinute(phases);
  const other = sibling(c);
  const count = (cond: Condition, holdsThere: boolean) => ({
    expr: conditionExpr(cond),
    eval_time: `${end}m`,
    exp_samples: holdsThere ? [{ labels: "{}", value: 1 }] : [],
  });
  return {
    name: `${conditionName(c)}: ${firing ? "fires alone" : "just under, silent"} at ${end}m`,
    interval: `${SAMPLE_MINUTES}m`,
    input_series: inputSeries(phases),
    alert_rule_test: [context.alerts(c.tier, end, firing)],
    promql_expr_test: [count(c, firing), count(other, false)],
  };
}

/** The promtool test file: per condition, the firing series and the just-under series. */
export function burnConditionTests(ruleFile: string): RuleTestFile {
  return {
    rule_files: [ruleFile],
    evaluation_interval: `${SAMPLE_MINUTES}m`,
    tests: CASES.flatMap((k) => [group(k.condition, k.fire, true), group(k.condition, k.under, false)]),
  };
}
