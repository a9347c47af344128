/**
 * The rule naming convention (documented in README.md), Sloth/Pyrra-like:
 *
 * - recording rules follow Prometheus' `level:metric:operations`, with level `slo` and the labels
 *   `slo` (SLO name) and `service` on every series: `slo:sli_error:ratio_rate5m{slo,service}`;
 * - alert names are `<Service><Slo>ErrorBudgetBurn<Page|Ticket>` in PascalCase;
 * - one rule group per SLO, named `slo-<service>-<slo>`.
 */
import type { SliWindow } from "./burn-rates.js";

/** Label carrying the SLO name on every generated series and alert. */
export const SLO_LABEL = "slo";
/** Label carrying the service name on every generated series and alert. */
export const SERVICE_LABEL = "service";

/** Error ratio of the SLI over a window: `slo:sli_error:ratio_rate5m`. */
export function errorRatioRecord(window: SliWindow): string {
  return `slo:sli_error:ratio_rate${window}`;
}

/** The objective as a ratio (0.999). */
export const OBJECTIVE_RECORD = "slo:objective:ratio";
/** The error budget as a ratio (0.001). */
export const ERROR_BUDGET_RECORD = "slo:error_budget:ratio";
/** Share of the 30d error budget left: 1 = untouched, 0 = spent, negative = overspent. */
export const ERROR_BUDGET_REMAINING_RECORD = "slo:error_budget_remaining:ratio";
/** Latency quantile (label `quantile`, e.g. "0.95") of a latency SLI over 5m, for dashboards and canaries. */
export const LATENCY_QUANTILE_RECORD = "slo:latency_quantile:seconds_rate5m";

/** The alert tiers. */
export type AlertTier = "page" | "ticket";

/** `user-service`, `error-rate`, `page` -> `UserServiceErrorRateErrorBudgetBurnPage`. */
export function alertName(service: string, slo: string, tier: AlertTier): string {
  return `${pascal(service)}${pascal(slo)}ErrorBudgetBurn${pascal(tier)}`;
}

/** The rule group of one SLO: `slo-user-service-availability`. */
export function ruleGroupName(service: string, slo: string): string {
  return `slo-${service}-${slo}`;
}

/** The labels identifying one SLO's series. */
export function sloLabels(service: string, slo: string): Readonly<Record<string, string>> {
  return { [SLO_LABEL]: slo, [SERVICE_LABEL]: service };
}

/** A selector for one SLO's recorded series: `slo:objective:ratio{slo="a",service="b"}`. */
export function sloSeries(record: string, service: string, slo: string): string {
  return `${record}{${SLO_LABEL}=${JSON.stringify(slo)},${SERVICE_LABEL}=${JSON.stringify(service)}}`;
}

function pascal(kebab: string): string {
  return kebab
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}
