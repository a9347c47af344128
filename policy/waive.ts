/**
 * In-code waivers. `waive(resource, ruleId, reason, expires)` records the waiver on the resource
 * itself through a cdktf escape hatch, `addOverride("//.policy_waivers", [...])`. cdktf writes `"//"`
 * keys into `cdk.tf.json` verbatim (it keeps its own construct metadata there) and Terraform ignores
 * `"//"` comment keys, so the waiver travels with the resource without a tag or a provider change.
 *
 * Note: `Testing.synth`/`Testing.synthScope` strip every `"//"` key from their output; a real synth
 * (`app.synth()`, `cdktf synth`, `Testing.fullSynth`) keeps them.
 */
import { isIsoDate, reasonProblem } from "./waiver-check.js";

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
