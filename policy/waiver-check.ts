/**
 * Waiver validation and matching, shared by file waivers (`policy/waivers.ts`) and in-code waivers
 * (`waive()`).
 *
 * A usable waiver has a rule id, a reason of real words (`reasonProblem`), an expiry date at most
 * `MAX_WAIVER_DAYS` ahead, and names a rule that may be waived (`unwaivableReason`: never a CRITICAL or
 * a data-loss rule). The reason and date checks are the ones `waive()` runs at synth time, so they live
 * with it in `constructs/waiver.ts`.
 */
import { isIsoDate, reasonProblem } from "../constructs/waiver.js";
import type { Rule } from "./types.js";

export { isIsoDate, MIN_REASON_WORDS, reasonProblem } from "../constructs/waiver.js";

/** A waiver in `policy/waivers.ts`. */
export interface Waiver {
  /** Rule id the waiver suppresses, e.g. `PLAT-RDS-003`. */
  ruleId: string;
  /** Terraform address, exact or a glob where `*` matches any run of characters. */
  address: string;
  /** Restricts the waiver to one stack; omitted means every stack. */
  stack?: string;
  /** Why the risk is accepted: at least three words (see `reasonProblem`). */
  reason: string;
  /** Last day (inclusive, `YYYY-MM-DD`) the waiver applies, at most `MAX_WAIVER_DAYS` ahead. */
  expires: string;
}

/** Rule id reported for a waiver past its expiry date. */
export const WAIVER_EXPIRED_ID = "PLAT-WAIVER-EXPIRED";
/** Rule id reported for a malformed or forbidden waiver (bad reason or date, unwaivable rule). */
export const WAIVER_INVALID_ID = "PLAT-WAIVER-INVALID";

/** The furthest a waiver may expire, in days after today: a waiver is a dated promise, renewed on review. */
export const MAX_WAIVER_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * Problems that make a waiver invalid; empty when it is well-formed. With `today`, an expiry more than
 * `MAX_WAIVER_DAYS` ahead is a problem too.
 */
export function waiverProblems(
  waiver: { ruleId?: unknown; reason?: unknown; expires?: unknown; address?: string },
  today?: string,
): string[] {
  const problems: string[] = [];
  if (typeof waiver.ruleId !== "string" || waiver.ruleId.trim() === "") problems.push("ruleId is empty");
  const reason = reasonProblem(waiver.reason);
  if (reason !== undefined) problems.push(reason);
  if (typeof waiver.expires !== "string" || !isIsoDate(waiver.expires)) {
    problems.push(`expires is ${JSON.stringify(waiver.expires)} (expected a YYYY-MM-DD date)`);
  } else if (today !== undefined) {
    const ahead = daysBetween(today, waiver.expires);
    if (ahead > MAX_WAIVER_DAYS) {
      problems.push(
        `expires ${waiver.expires} is ${ahead} days after ${today}; expected at most ${MAX_WAIVER_DAYS} days ahead`,
      );
    }
  }
  return problems;
}

/** Why findings of `rule` cannot be waived, or undefined when they can: CRITICAL and data-loss rules. */
export function unwaivableReason(rule: Pick<Rule, "id" | "severity" | "dataLoss">): string | undefined {
  if (rule.severity === "CRITICAL") return `${rule.id} is CRITICAL; critical rules cannot be waived`;
  if (rule.dataLoss === true) return `${rule.id} guards against data loss; data-loss rules cannot be waived`;
  return undefined;
}

/** True when the waiver's last valid day is before `today` (both `YYYY-MM-DD`). */
export function isExpired(expires: string, today: string): boolean {
  return expires < today;
}

/** True when `address` matches `pattern` (exact, or a glob where `*` matches anything). */
export function addressMatches(pattern: string, address: string): boolean {
  if (!pattern.includes("*")) return pattern === address;
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`).test(address);
}

/** Today's date (UTC) as `YYYY-MM-DD`. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
