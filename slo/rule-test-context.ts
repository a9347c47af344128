/** Shared builders of the generated promtool test cases (see rule-tests.ts). */
import { burnAlertAnnotations, burnAlertLabels } from "./alert-rules.js";
import { errorBudget } from "./budget.js";
import { type Decimal, dec } from "./decimal.js";
import { durationSeconds } from "./duration.js";
import { FIXTURE_REQUESTS_PER_MINUTE, type Load, sliSeries } from "./fixtures.js";
import { type AlertTier, alertName, sloSeries } from "./naming.js";
import type { AlertRuleTest, RuleTestGroup } from "./rule-test-types.js";
import type { SloDefinition, SloSpec } from "./spec-types.js";

/** The synthetic load at an error ratio. */
export function loadAt(errorRatio: Decimal): Load {
  return { requestsPerMinute: FIXTURE_REQUESTS_PER_MINUTE, errorRatio };
}

/** No requests at all: every counter stays at 0. */
export const NO_TRAFFIC: Load = { requestsPerMinute: dec(0), errorRatio: dec(0) };

/** One SLO's facts and builders the generated test cases share. */
export class SloTestContext {
  readonly budget: Decimal;
  constructor(
    readonly spec: SloSpec,
    readonly slo: SloDefinition,
  ) {
    this.budget = errorBudget(slo.objective);
  }
  /** Minute of the first evaluation where a tier's alert fires under a constant burn from t=0. */
  firingMinute(tier: AlertTier): number {
    return 1 + Math.ceil(durationSeconds(this.slo.alerting[tier].for) / 60);
  }
  /** Whether a tier's alert rule exists. */
  enabled(tier: AlertTier): boolean {
    return this.slo.alerting[tier].enabled;
  }
  /** The tier's alert at a minute: firing with its exact labels and annotations, or absent. */
  alerts(tier: AlertTier, minute: number, firing: boolean): AlertRuleTest {
    return {
      eval_time: `${minute}m`,
      alertname: alertName(this.spec.service, this.slo.name, tier),
      exp_alerts: firing
        ? [
            {
              exp_labels: burnAlertLabels(this.spec, this.slo, tier),
              exp_annotations: burnAlertAnnotations(this.spec, this.slo, tier),
            },
          ]
        : [],
    };
  }
  /** A selector for this SLO's recorded series. */
  series(record: string): string {
    return sloSeries(record, this.spec.service, this.slo.name);
  }
  /** The `{service=...,slo=...}` label string of an expected sample. */
  labels(extra: Readonly<Record<string, string>> = {}): string {
    const all: Record<string, string> = { ...extra, service: this.spec.service, slo: this.slo.name };
    return `{${Object.keys(all)
      .sort()
      .map((k) => `${k}=${JSON.stringify(all[k])}`)
      .join(",")}}`;
  }
  /** A test group on the SLI's synthetic counters under `load` for `minutes`. */
  group(
    name: string,
    load: Load,
    minutes: number,
    tests: Omit<RuleTestGroup, "name" | "interval" | "input_series">,
  ): RuleTestGroup {
    return {
      name: `${this.spec.service}/${this.slo.name}: ${name}`,
      interval: "1m",
      input_series: sliSeries(this.spec, this.slo.sli, load, minutes),
      ...tests,
    };
  }
}
