/**
 * The multi-window, multi-burn-rate alert table of the Google SRE workbook ("Alerting on SLOs",
 * table 5-8) for a 30-day window. An alert tier fires when any of its conditions holds; a condition
 * holds when the error ratio exceeds `burnRate x budget` over both its long and its short window.
 */
import { type Decimal, dec } from "./decimal.js";

/** One condition of a burn-rate alert tier. */
export interface BurnCondition {
  /** Multiple of the sustainable error rate. */
  readonly burnRate: Decimal;
  /** Long window (how much budget has burnt). */
  readonly longWindow: SliWindow;
  /** Short window (is it still burning; makes the alert reset quickly). */
  readonly shortWindow: SliWindow;
}

/** The error-ratio windows recorded for every SLO, shortest first. */
export const SLI_WINDOWS = ["5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d"] as const;

/** One of {@link SLI_WINDOWS}. */
export type SliWindow = (typeof SLI_WINDOWS)[number];

/** Page tier: 2% of the budget in 1h, or 5% in 6h. */
export const PAGE_CONDITIONS: readonly BurnCondition[] = [
  { burnRate: dec("14.4"), longWindow: "1h", shortWindow: "5m" },
  { burnRate: dec("6"), longWindow: "6h", shortWindow: "30m" },
];

/** Ticket tier: 10% of the budget in 1d, or 10% in 3d. */
export const TICKET_CONDITIONS: readonly BurnCondition[] = [
  { burnRate: dec("3"), longWindow: "1d", shortWindow: "2h" },
  { burnRate: dec("1"), longWindow: "3d", shortWindow: "6h" },
];

/** The smallest burn rate that can trigger a tier (a tier is useless if even that is unreachable). */
export function lowestBurnRate(conditions: readonly BurnCondition[]): Decimal {
  return conditions.map((c) => c.burnRate).reduce((a, b) => a.min(b));
}
