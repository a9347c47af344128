/**
 * In-code waivers. `waive(resource, ruleId, reason, expires)` records the waiver on the resource
 * itself through a cdktf escape hatch, `addOverride("//.policy_waivers", [...])`. cdktf writes `"//"`
 * keys into `cdk.tf.json` verbatim (it keeps its own construct metadata there) and Terraform ignores
 * `"//"` comment keys, so the waiver travels with the resource without a tag or a provider change.
 *
 * This file holds what a construct needs to waive a rule and the checks `waive()` runs at synth time
 * (a reason of real words, a real date). The policy run (`policy/`) imports them from here and adds the
 * rest: the 90-day horizon, unwaivable rules and file waivers (`policy/waiver-check.ts`).
 *
 * Note: `Testing.synth`/`Testing.synthScope` strip every `"//"` key from their output; a real synth
 * (`app.synth()`, `cdktf synth`, `Testing.fullSynth`) keeps them.
 */

/** Key under `"//"` holding a resource's in-code waivers. */
export const INLINE_WAIVER_KEY = "policy_waivers";

/** The only part of a cdktf `TerraformResource` that `waive()` needs. */
export interface Overridable {
  addOverride(path: string, value: unknown): void;
}

/** An in-code waiver as written into the synthesized JSON. */
export interface InlineWaiverEntry {
  ruleId: string;
  reason: string;
  expires: string;
}

/** Distinct words of two or more letters a reason needs. */
export const MIN_REASON_WORDS = 3;

/** Words that say nothing about why a risk is accepted; a reason made only of them is refused. */
const PLACEHOLDER_WORDS = new Set([
  "na",
  "none",
  "todo",
  "tbd",
  "tba",
  "fixme",
  "xxx",
  "wip",
  "temp",
  "test",
  "later",
  "asdf",
  "foo",
  "bar",
  "placeholder",
  "reason",
  "waiver",
  "waived",
]);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/**
 * Why a reason is not one, or undefined when it is: it needs at least `MIN_REASON_WORDS` distinct words
 * of two or more letters ("Single-AZ until the Q3 cost review" has six), not all of them placeholders
 * such as "todo" or "n/a".
 */
export function reasonProblem(reason: unknown): string | undefined {
  if (typeof reason !== "string" || reason.trim() === "")
    return "reason is empty (expected why the risk is accepted)";
  const words = new Set((reason.match(/\p{L}{2,}/gu) ?? []).map((w) => w.toLowerCase()));
  if (words.size < MIN_REASON_WORDS) {
    return `reason ${JSON.stringify(reason)} has ${words.size} word(s); expected at least ${MIN_REASON_WORDS} words of letters saying why the risk is accepted`;
  }
  if ([...words].every((w) => PLACEHOLDER_WORDS.has(w))) {
    return `reason ${JSON.stringify(reason)} is a placeholder; expected why the risk is accepted`;
  }
  return undefined;
}

const recorded = new WeakMap<Overridable, InlineWaiverEntry[]>();

/**
 * Waives one rule for one resource. Call it once per rule; calls accumulate. Throws on a reason without
 * words (fewer than three, or placeholders such as "todo") or a malformed date, so a bad waiver fails at
 * synth time rather than silently. The policy run also refuses an expiry more than 90 days ahead and any
 * waiver of a CRITICAL or data-loss rule (`PLAT-WAIVER-INVALID`).
 *
 * @param resource - the cdktf resource (anything with `addOverride`)
 * @param ruleId - rule to waive, e.g. `PLAT-RDS-003`
 * @param reason - why the risk is accepted: at least three words
 * @param expires - last day the waiver applies, `YYYY-MM-DD`
 */
export function waive(resource: Overridable, ruleId: string, reason: string, expires: string): void {
  if (ruleId.trim() === "") throw new Error("waive(): ruleId is empty");
  if (reason.trim() === "") throw new Error(`waive(${ruleId}): reason is empty (a waiver needs a reason)`);
  const problem = reasonProblem(reason);
  if (problem !== undefined) throw new Error(`waive(${ruleId}): ${problem}`);
  if (!isIsoDate(expires)) throw new Error(`waive(${ruleId}): expires is "${expires}" (expected YYYY-MM-DD)`);
  const entries = [...(recorded.get(resource) ?? []), { ruleId, reason, expires }];
  recorded.set(resource, entries);
  resource.addOverride(`//.${INLINE_WAIVER_KEY}`, entries);
}
