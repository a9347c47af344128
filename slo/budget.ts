/** Objectives, error budgets and burn-rate thresholds as exact decimals (see decimal.ts). */
import { Decimal, dec } from "./decimal.js";

/** The objective as a ratio: 99.9 -> 0.999. */
export function objectiveRatio(objectivePercent: number): Decimal {
  return dec(objectivePercent).shiftLeft(2);
}

/** The error budget as a ratio: 99.9 -> 0.001 (exactly). */
export function errorBudget(objectivePercent: number): Decimal {
  return dec(100).minus(dec(objectivePercent)).shiftLeft(2);
}

/** The error-ratio threshold of a burn rate: 14.4 x 0.001 -> 0.0144 (exactly). */
export function burnThreshold(burnRate: Decimal, budget: Decimal): Decimal {
  return burnRate.times(budget);
}

/** Whether a burn rate can be reached at all: the error ratio cannot exceed 1. */
export function burnReachable(burnRate: Decimal, budget: Decimal): boolean {
  return burnThreshold(burnRate, budget).compare(dec(1)) < 0;
}

export { Decimal };
