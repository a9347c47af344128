import { objectiveRatio } from "./budget.js";
import { SLI_WINDOWS } from "./burn-rates.js";
import { type Decimal, dec } from "./decimal.js";
import {
  FIXTURE_REQUESTS_PER_MINUTE,
  histogramQuantile,
  type Load,
  latencyBucketIncrements,
} from "./fixtures.js";
import {
  ERROR_BUDGET_RECORD,
  ERROR_BUDGET_REMAINING_RECORD,
  errorRatioRecord,
  LATENCY_QUANTILE_RECORD,
  OBJECTIVE_RECORD,
} from "./naming.js";
import { latencyQuantile } from "./promql.js";
import { loadAt, NO_TRAFFIC, SloTestContext } from "./rule-test-context.js";
import type { AlertRuleTest, PromqlExprTest, RuleTestFile, RuleTestGroup } from "./rule-test-types.js";
import type { SloSpec } from "./spec-types.js";

/** Scale applied before `round()` when comparing ratios (9 decimal places). */
const SCALE = dec("1e9");

/** Options of {@link compileRuleTests}. */
export interface RuleTestOptions {
  /** Path of the service's rule file, relative to the test file's directory. */
  readonly ruleFile: string;
}

/** The promtool unit-test file of one service. */
export function compileRuleTests(spec: SloSpec, options: RuleTestOptions): RuleTestFile {
  return {
    rule_files: [options.ruleFile],
    evaluation_interval: "1m",
    tests: spec.slos.flatMap((slo) => sloTests(new SloTestContext(spec, slo))),
  };
}

function sloTests(c: SloTestContext): readonly RuleTestGroup[] {
  return [fastBurn(c), slowBurn(c), withinBudget(c), zeroTraffic(c), absentNumerator(c)].filter(
    (g): g is RuleTestGroup => g !== undefined,
  );
}

function fastBurn(c: SloTestContext): RuleTestGroup | undefined {
  if (!c.enabled("page")) return undefined;
  const ratio = dec(20).times(c.budget).min(dec(1));
  const at = c.firingMinute("page");
  return c.group(`burn ${burnText(ratio, c.budget)} pages at ${at}m`, loadAt(ratio), at + 5, {
    alert_rule_test: [c.alerts("page", at - 1, false), c.alerts("page", at, true)],
    promql_expr_test: [ratioTest(c, "5m", ratio, at), ratioTest(c, "1h", ratio, at)],
  });
}

function slowBurn(c: SloTestContext): RuleTestGroup | undefined {
  const low = dec(3).times(c.budget);
  const high = dec(6).times(c.budget).min(dec(1));
  if (low.compare(high) >= 0 || !(c.enabled("ticket") || c.enabled("page"))) return undefined;
  const ratio = low.plus(high).times(dec("0.5"));
  const at = c.firingMinute("ticket");
  const end = at + 10;
  const alerts: AlertRuleTest[] = [];
  if (c.enabled("ticket"))
    alerts.push(
      c.alerts("ticket", at - 1, false),
      c.alerts("ticket", at, true),
      c.alerts("ticket", end, true),
    );
  if (c.enabled("page")) alerts.push(c.alerts("page", at, false), c.alerts("page", end, false));
  return c.group(
    `burn ${burnText(ratio, c.budget)} opens a ticket at ${at}m and never pages`,
    loadAt(ratio),
    end,
    {
      alert_rule_test: alerts,
      promql_expr_test: [ratioTest(c, "2h", ratio, end)],
    },
  );
}

function withinBudget(c: SloTestContext): RuleTestGroup {
  const ratio = dec("0.5").times(c.budget);
  const end = 120;
  const tiers = (["page", "ticket"] as const).filter((t) => c.enabled(t));
  const promql: PromqlExprTest[] = [
    ...SLI_WINDOWS.map((w) => ratioTest(c, w, ratio, end)),
    objectiveTest(c, end),
    {
      expr: c.series(ERROR_BUDGET_RECORD),
      eval_time: `${end}m`,
      exp_samples: [{ labels: `${ERROR_BUDGET_RECORD}${c.labels()}`, value: c.budget.toNumber() }],
    },
    scaledTest(c, c.series(ERROR_BUDGET_REMAINING_RECORD), dec("0.5"), end),
  ];
  const quantile = expectedLatencyQuantile(c, ratio);
  if (quantile !== undefined) promql.push(quantile(end));
  return c.group(
    `burn ${burnText(ratio, c.budget)} for 2h raises nothing, ratios exact`,
    loadAt(ratio),
    end,
    {
      alert_rule_test: tiers.flatMap((t) => [30, 60, 90, end].map((m) => c.alerts(t, m, false))),
      promql_expr_test: promql,
    },
  );
}

function zeroTraffic(c: SloTestContext): RuleTestGroup {
  const end = 30;
  const tiers = (["page", "ticket"] as const).filter((t) => c.enabled(t));
  const absent = (expr: string): PromqlExprTest => ({ expr, eval_time: `${end}m`, exp_samples: [] });
  const records = [...SLI_WINDOWS.map(errorRatioRecord), ERROR_BUDGET_REMAINING_RECORD];
  if (c.slo.sli.type === "latency") records.push(LATENCY_QUANTILE_RECORD);
  return c.group("zero traffic raises nothing and records no NaN", NO_TRAFFIC, end, {
    alert_rule_test: tiers.flatMap((t) => [5, 15, end].map((m) => c.alerts(t, m, false))),
    // The group did evaluate (the objective is recorded); the SLI series are absent, not NaN.
    promql_expr_test: [objectiveTest(c, end), ...records.map((r) => absent(c.series(r)))],
  });
}

/**
 * Ratio SLIs only: the numerator counter does not exist at all (no error was ever counted, or, for
 * good-event SLIs, every request failed). The ratio must read 0 (or 1 and page), not vanish.
 */
function absentNumerator(c: SloTestContext): RuleTestGroup | undefined {
  if (c.slo.sli.type !== "ratio") return undefined;
  const allBad = c.slo.sli.bad === undefined;
  const ratio = dec(allBad ? 1 : 0);
  const at = c.firingMinute("page");
  const end = at + 2;
  const load: Load = { ...loadAt(ratio), omitIdleSeries: true };
  const name = allBad ? "every request fails (no good series)" : "no request fails (no bad series)";
  return c.group(`${name}: error ratio ${ratio.toString()}`, load, end, {
    alert_rule_test: c.enabled("page") ? [c.alerts("page", at, allBad)] : [],
    promql_expr_test: [ratioTest(c, "5m", ratio, end), ratioTest(c, "30d", ratio, end)],
  });
}

function objectiveTest(c: SloTestContext, minute: number): PromqlExprTest {
  return {
    expr: c.series(OBJECTIVE_RECORD),
    eval_time: `${minute}m`,
    exp_samples: [
      { labels: `${OBJECTIVE_RECORD}${c.labels()}`, value: objectiveRatio(c.slo.objective).toNumber() },
    ],
  };
}

function ratioTest(
  c: SloTestContext,
  window: (typeof SLI_WINDOWS)[number],
  ratio: Decimal,
  minute: number,
): PromqlExprTest {
  return scaledTest(c, c.series(errorRatioRecord(window)), ratio, minute);
}

function scaledTest(
  c: SloTestContext,
  series: string,
  expected: Decimal,
  minute: number,
  extra: Readonly<Record<string, string>> = {},
): PromqlExprTest {
  return {
    expr: `round(${series} * ${SCALE.toString()})`,
    eval_time: `${minute}m`,
    exp_samples: [{ labels: c.labels(extra), value: Math.round(expected.times(SCALE).toNumber()) }],
  };
}

/** For latency SLIs: the `histogram_quantile` the recording rule must give under the load (in µs). */
function expectedLatencyQuantile(
  c: SloTestContext,
  ratio: Decimal,
): ((minute: number) => PromqlExprTest) | undefined {
  const sli = c.slo.sli;
  if (sli.type !== "latency") return undefined;
  const bad = FIXTURE_REQUESTS_PER_MINUTE.times(ratio);
  const buckets = latencyBucketIncrements(sli, FIXTURE_REQUESTS_PER_MINUTE.minus(bad), bad).map((b) => ({
    upperBound: b.upperBound,
    count: b.increment.toNumber(),
  }));
  const quantile = latencyQuantile(c.slo.objective);
  const micros = Math.round(histogramQuantile(Number(quantile), buckets) * 1e6);
  return (minute) => ({
    expr: `round(${c.series(LATENCY_QUANTILE_RECORD)} * 1000000)`,
    eval_time: `${minute}m`,
    exp_samples: [{ labels: c.labels({ quantile }), value: micros }],
  });
}

function burnText(ratio: Decimal, budget: Decimal): string {
  const burn = ratio.compare(dec(1)) === 0 ? "100% errors" : `${ratio.shiftLeft(-2).toString()}% errors`;
  return `${burn} (budget ${budget.shiftLeft(-2).toString()}%)`;
}
