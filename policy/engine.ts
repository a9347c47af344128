/**
 * The policy engine: runs rules over one synthesized stack and applies waivers.
 */
import { isObject } from "./lib/values.js";
import { indexStack } from "./stack-index.js";
import {
  ANY_BLOCK,
  type AppliedWaiver,
  type Finding,
  type PolicyContext,
  type ResourceView,
  type Rule,
  type StackDoc,
} from "./types.js";
import { INLINE_WAIVER_KEY } from "./waive.js";
import {
  addressMatches,
  isExpired,
  MAX_WAIVER_DAYS,
  todayUtc,
  unwaivableReason,
  WAIVER_EXPIRED_ID,
  WAIVER_INVALID_ID,
  type Waiver,
  waiverProblems,
} from "./waiver-check.js";
import { WAIVERS } from "./waivers.js";

/** Options of `evaluate`. */
export interface EvaluateOptions {
  /** File waivers; defaults to `WAIVERS` from `policy/waivers.ts`. */
  waivers?: readonly Waiver[];
  /** Today's date, `YYYY-MM-DD` (injectable for tests); defaults to the current UTC date. */
  today?: string;
}

/** A waiver normalised from either source, with where it applies. */
interface ScopedWaiver {
  ruleId: string;
  reason: string;
  expires: string;
  source: AppliedWaiver["source"];
  /** Exact address (inline) or glob (file). */
  address: string;
}

function inlineWaivers(resource: ResourceView): ScopedWaiver[] {
  const comment = resource.values["//"];
  if (!isObject(comment)) return [];
  const entries = comment[INLINE_WAIVER_KEY];
  if (!Array.isArray(entries)) return [];
  return entries.map((entry) => {
    const e = isObject(entry) ? entry : {};
    return {
      ruleId: typeof e.ruleId === "string" ? e.ruleId : "",
      reason: typeof e.reason === "string" ? e.reason : "",
      expires: typeof e.expires === "string" ? e.expires : String(e.expires),
      source: "inline" as const,
      address: resource.address,
    };
  });
}

function waiverFinding(ruleId: string, waiver: ScopedWaiver, message: string, fix: string): Finding {
  return { ruleId, severity: "HIGH", address: waiver.address, message, fix };
}

/**
 * Evaluates `rules` against one stack. Returns every finding, waived ones included (with `waived`
 * set), plus a finding per expired (`PLAT-WAIVER-EXPIRED`) or invalid (`PLAT-WAIVER-INVALID`: malformed,
 * a reason without words, an expiry more than 90 days ahead, or a CRITICAL or data-loss rule) waiver
 * that applies to this stack. Such waivers waive nothing.
 *
 * @param stackName - stack name as in the manifest (file waivers may be restricted to a stack)
 * @param doc - the stack's `cdk.tf.json`
 * @param ctx - tier and settings for the stack
 * @param rules - rules to run, normally `await loadRules()`
 * @param options - file waivers and today's date
 */
export function evaluate(
  stackName: string,
  doc: StackDoc,
  ctx: PolicyContext,
  rules: readonly Rule[],
  options: EvaluateOptions = {},
): Finding[] {
  const index = indexStack(doc);
  const today = options.today ?? todayUtc();
  const findings: Finding[] = [];

  for (const rule of rules) {
    for (const type of rule.resourceTypes) {
      for (const resource of type === ANY_BLOCK ? index.blocks : index.ofType(type)) {
        let messages: string[];
        try {
          messages = rule.check(resource, ctx, index);
        } catch (error) {
          const detail = error instanceof Error ? error.message : String(error);
          throw new Error(`rule ${rule.id} failed on ${stackName}/${resource.address}: ${detail}`);
        }
        for (const message of messages) {
          findings.push({
            ruleId: rule.id,
            ...(rule.checkov === undefined ? {} : { checkov: rule.checkov }),
            severity: rule.severity,
            address: resource.address,
            message,
            fix: rule.fix,
          });
        }
      }
    }
  }

  const fileWaivers: ScopedWaiver[] = (options.waivers ?? WAIVERS)
    .filter((w) => w.stack === undefined || w.stack === stackName)
    .filter((w) => index.blocks.some((r) => addressMatches(w.address, r.address)))
    .map((w) => ({ ...w, source: "file" as const }));
  const candidates = [...index.all.flatMap(inlineWaivers), ...fileWaivers];

  const usable: ScopedWaiver[] = [];
  const waiverFindings: Finding[] = [];
  for (const waiver of candidates) {
    const where = waiver.source === "file" ? "policy/waivers.ts" : "in-code waiver";
    const rule = rules.find((r) => r.id === waiver.ruleId);
    const forbidden = rule === undefined ? undefined : unwaivableReason(rule);
    const problems = [...waiverProblems(waiver, today), ...(forbidden === undefined ? [] : [forbidden])];
    if (problems.length > 0) {
      waiverFindings.push(
        waiverFinding(
          WAIVER_INVALID_ID,
          waiver,
          `${where} for ${waiver.ruleId || "?"} is invalid: ${problems.join("; ")}`,
          `Give the waiver a ruleId, a reason of at least three words and an expires date (YYYY-MM-DD) at most ${MAX_WAIVER_DAYS} days ahead, or remove it; fix CRITICAL and data-loss findings instead of waiving them.`,
        ),
      );
    } else if (isExpired(waiver.expires, today)) {
      waiverFindings.push(
        waiverFinding(
          WAIVER_EXPIRED_ID,
          waiver,
          `${where} for ${waiver.ruleId} expired on ${waiver.expires} (expires must be >= ${today}); reason was: ${waiver.reason}`,
          "Fix the underlying finding and delete the waiver, or renew it with a new expires date and a current reason.",
        ),
      );
    } else {
      usable.push(waiver);
    }
  }

  for (const finding of findings) {
    const waiver = usable.find(
      (w) => w.ruleId === finding.ruleId && addressMatches(w.address, finding.address),
    );
    if (waiver) finding.waived = { reason: waiver.reason, expires: waiver.expires, source: waiver.source };
  }
  return [...findings, ...waiverFindings];
}

/** Findings that count: not waived. */
export function unwaived(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.waived === undefined);
}
