/**
 * Compiles SLO specs to Prometheus rule groups: error-ratio recordings at every window, metadata
 * (objective, budget, budget remaining), the latency quantile, then the burn-rate alerts.
 */
import { burnAlertRules } from "./alert-rules.js";
import { errorBudget, objectiveRatio } from "./budget.js";
import { SLI_WINDOWS } from "./burn-rates.js";
import {
  ERROR_BUDGET_RECORD,
  ERROR_BUDGET_REMAINING_RECORD,
  errorRatioRecord,
  LATENCY_QUANTILE_RECORD,
  OBJECTIVE_RECORD,
  ruleGroupName,
  sloLabels,
  sloSeries,
} from "./naming.js";
import { errorRatioExpr, latencyQuantile, latencyQuantileExpr } from "./promql.js";
import type { RecordingRule, RuleFile, RuleGroup } from "./rule-types.js";
import type { SloDefinition, SloSpec } from "./spec-types.js";

/** The recording rules of one SLO. */
export function recordingRules(spec: SloSpec, slo: SloDefinition): readonly RecordingRule[] {
  const labels = sloLabels(spec.service, slo.name);
  const budget = errorBudget(slo.objective).toString();
  const ratios: RecordingRule[] = SLI_WINDOWS.map((window) => ({
    record: errorRatioRecord(window),
    expr: errorRatioExpr(spec, slo.sli, window),
    labels,
  }));
  const metadata: RecordingRule[] = [
    { record: OBJECTIVE_RECORD, expr: `vector(${objectiveRatio(slo.objective).toString()})`, labels },
    { record: ERROR_BUDGET_RECORD, expr: `vector(${budget})`, labels },
    {
      record: ERROR_BUDGET_REMAINING_RECORD,
      expr: `1 - ${sloSeries(errorRatioRecord("30d"), spec.service, slo.name)} / ${budget}`,
      labels,
    },
  ];
  if (slo.sli.type !== "latency") return [...ratios, ...metadata];
  const quantile = latencyQuantile(slo.objective);
  return [
    ...ratios,
    ...metadata,
    {
      record: LATENCY_QUANTILE_RECORD,
      expr: latencyQuantileExpr(spec, slo.sli, quantile, "5m"),
      labels: { ...labels, quantile },
    },
  ];
}

/** The rule group of one SLO: recordings first, so the alerts read this evaluation's values. */
export function sloRuleGroup(spec: SloSpec, slo: SloDefinition): RuleGroup {
  return {
    name: ruleGroupName(spec.service, slo.name),
    rules: [...recordingRules(spec, slo), ...burnAlertRules(spec, slo)],
  };
}

/** The rule file of one service (one group per SLO). */
export function compileRuleFile(spec: SloSpec): RuleFile {
  return { groups: spec.slos.map((slo) => sloRuleGroup(spec, slo)) };
}

/** All rule groups of all specs, one per SLO. */
export function compileRuleGroups(specs: readonly SloSpec[]): readonly RuleGroup[] {
  return specs.flatMap((spec) => compileRuleFile(spec).groups);
}
