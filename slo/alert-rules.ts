/** Multi-window, multi-burn-rate alert rules of one SLO (Google SRE workbook, chapter 5). */
import { burnThreshold, errorBudget } from "./budget.js";
import { type BurnCondition, PAGE_CONDITIONS, TICKET_CONDITIONS } from "./burn-rates.js";
import { type AlertTier, alertName, errorRatioRecord, sloLabels, sloSeries } from "./naming.js";
import type { AlertingRule } from "./rule-types.js";
import type { SloDefinition, SloSpec } from "./spec-types.js";

/** The burn-rate conditions of each tier. */
export const TIER_CONDITIONS: Readonly<Record<AlertTier, readonly BurnCondition[]>> = {
  page: PAGE_CONDITIONS,
  ticket: TICKET_CONDITIONS,
};

/** The runbook link of an SLO: `<runbookBaseUrl>/<service>/<slo>`. */
export function runbookUrl(spec: SloSpec, slo: SloDefinition): string {
  return `${slo.alerting.runbookBaseUrl.replace(/\/+$/, "")}/${spec.service}/${slo.name}`;
}

/**
 * The alert expression of a tier: any condition, each requiring both windows above the threshold.
 * The error-ratio series carry no sample without traffic and NaN never compares true, so the alert
 * cannot fire on absent data or NaN.
 */
export function burnAlertExpr(spec: SloSpec, slo: SloDefinition, tier: AlertTier): string {
  const budget = errorBudget(slo.objective);
  const series = (w: BurnCondition["longWindow"]) => sloSeries(errorRatioRecord(w), spec.service, slo.name);
  return TIER_CONDITIONS[tier]
    .map((c) => {
      const threshold = burnThreshold(c.burnRate, budget).toString();
      return `(\n  ${series(c.shortWindow)} > ${threshold}\n  and\n  ${series(c.longWindow)} > ${threshold}\n)`;
    })
    .join("\nor\n");
}

/** The annotations of a tier's alert (static text, so generated tests can assert them exactly). */
export function burnAlertAnnotations(
  spec: SloSpec,
  slo: SloDefinition,
  tier: AlertTier,
): Readonly<Record<string, string>> {
  const budget = errorBudget(slo.objective).shiftLeft(-2).toString();
  const speed = tier === "page" ? "fast" : "slow";
  const windows = TIER_CONDITIONS[tier]
    .map((c) => `${c.burnRate.toString()}x over ${c.longWindow} and ${c.shortWindow}`)
    .join(", or ");
  return {
    summary: `${spec.service} ${slo.name}: error budget burning ${speed}`,
    description:
      `${slo.description} (objective ${slo.objective}% over ${slo.window}, budget ${budget}%). ` +
      `The error ratio is burning the budget at ${windows}.`,
    runbook_url: runbookUrl(spec, slo),
  };
}

/** The labels of a tier's alert. */
export function burnAlertLabels(
  spec: SloSpec,
  slo: SloDefinition,
  tier: AlertTier,
): Readonly<Record<string, string>> {
  return { severity: slo.alerting[tier].severity, ...sloLabels(spec.service, slo.name) };
}

/** The enabled alert rules of one SLO. */
export function burnAlertRules(spec: SloSpec, slo: SloDefinition): readonly AlertingRule[] {
  return (["page", "ticket"] as const)
    .filter((tier) => slo.alerting[tier].enabled)
    .map((tier) => ({
      alert: alertName(spec.service, slo.name, tier),
      expr: burnAlertExpr(spec, slo, tier),
      for: slo.alerting[tier].for,
      labels: burnAlertLabels(spec, slo, tier),
      annotations: burnAlertAnnotations(spec, slo, tier),
    }));
}
