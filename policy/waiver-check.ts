/**
 * Waiver validation and matching, shared by file waivers (`policy/waivers.ts`) and in-code waivers
 * (`waive()`).
 */

/** A waiver in `policy/waivers.ts`. */
export interface Waiver {
  /** Rule id the waiver suppresses, e.g. `PLAT-RDS-003`. */
  ruleId: string;
  /** Terraform address, exact or a glob where `*` matches any run of characters. */
  address: string;
  /** Restricts the waiver to one stack; omitted means every stack. */
  stack?: string;
  /** Why the risk is accepted. Required: a waiver without a reason is invalid and waives nothing. */
  reason: string;
  /** Last day (inclusive, `YYYY-MM-DD`) the waiver applies; after it the waiver is itself a finding. */
  expires: string;
}

/** Rule id reported for a waiver past its expiry date. */
export const WAIVER_EXPIRED_ID = "PLAT-WAIVER-EXPIRED";
/** Rule id reported for a malformed waiver (no reason, bad date, no rule id). */
export const WAIVER_INVALID_ID = "PLAT-WAIVER-INVALID";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Problems that make a waiver invalid; empty when it is well-formed. */
export function waiverProblems(waiver: { ruleId?: unknown; reason?: unknown; expires?: unknown }): string[] {
  const problems: string[] = [];
  if (typeof waiver.ruleId !== "string" || waiver.ruleId.trim() === "") problems.push("ruleId is empty");
  if (typeof waiver.reason !== "string" || waiver.reason.trim() === "") {
    problems.push("reason is empty (expected a non-empty reason)");
  }
  if (typeof waiver.expires !== "string" || !isIsoDate(waiver.expires)) {
    problems.push(`expires is ${JSON.stringify(waiver.expires)} (expected a YYYY-MM-DD date)`);
  }
  return problems;
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
