/**
 * Policy findings added or fixed between base and head. Both synth outputs are evaluated by the
 * policy engine of the head tree (`policy/engine.ts`: same rules, same waivers, same date), so the
 * difference comes from the infrastructure change, not from a rule change. Only unwaived findings count.
 *
 * A finding is identified by stack, rule and address. When a resource has several findings of one rule,
 * equal messages pair up first; what is left over on the head side was added, on the base side fixed.
 * A finding whose message changed (a value in it) is neither added nor fixed.
 */
import { contextForStack } from "../../policy/context";
import { evaluate, unwaived } from "../../policy/engine";
import { loadRules } from "../../policy/registry";
import { readSynthesizedStacks } from "../../policy/synth-out";
import type { Finding, Rule } from "../../policy/types";
import { todayUtc } from "../../policy/waiver-check";

/** A finding with the stack it belongs to. */
export interface StackFinding extends Finding {
  stack: string;
}

/** Result of `diffFindings`. */
export interface PolicyDiff {
  /** Unwaived findings in head that base did not have. */
  added: StackFinding[];
  /** Unwaived findings in base that head no longer has. */
  fixed: StackFinding[];
  /** Unwaived findings in head, all stacks. */
  headTotal: number;
}

/** Options of `policyFindings`. */
export interface PolicyOptions {
  /** Rules to run; defaults to every rule under `policy/rules`. */
  rules?: readonly Rule[];
  /** `YYYY-MM-DD` for waiver expiry; defaults to today (UTC). */
  today?: string;
}

/** Every unwaived finding of every stack in a synth output. */
export async function policyFindings(outDir: string, options: PolicyOptions = {}): Promise<StackFinding[]> {
  const rules = options.rules ?? (await loadRules());
  const today = options.today ?? todayUtc();
  return readSynthesizedStacks(outDir).flatMap(({ name, doc }) =>
    unwaived(evaluate(name, doc, contextForStack(name), rules, { today })).map((f) => ({
      ...f,
      stack: name,
    })),
  );
}

const keyOf = (f: StackFinding) => `${f.stack}\u0000${f.ruleId}\u0000${f.address}`;

function groups(findings: readonly StackFinding[]): Map<string, StackFinding[]> {
  const out = new Map<string, StackFinding[]>();
  for (const f of findings) out.set(keyOf(f), [...(out.get(keyOf(f)) ?? []), f]);
  return out;
}

/** Added and fixed findings between two lists; see the module comment. */
export function diffFindings(base: readonly StackFinding[], head: readonly StackFinding[]): PolicyDiff {
  const baseGroups = groups(base);
  const headGroups = groups(head);
  const added: StackFinding[] = [];
  const fixed: StackFinding[] = [];
  for (const key of new Set([...baseGroups.keys(), ...headGroups.keys()])) {
    const before = [...(baseGroups.get(key) ?? [])];
    const after: StackFinding[] = [];
    for (const f of headGroups.get(key) ?? []) {
      const match = before.findIndex((b) => b.message === f.message);
      if (match >= 0) before.splice(match, 1);
      else after.push(f);
    }
    const paired = Math.min(before.length, after.length);
    added.push(...after.slice(paired));
    fixed.push(...before.slice(paired));
  }
  const order = (a: StackFinding, b: StackFinding) =>
    a.stack.localeCompare(b.stack) || a.ruleId.localeCompare(b.ruleId) || a.address.localeCompare(b.address);
  return { added: added.sort(order), fixed: fixed.sort(order), headTotal: head.length };
}

/** Runs the policy over both outputs and diffs the findings. */
export async function policyDiff(
  baseDir: string,
  headDir: string,
  options: PolicyOptions = {},
): Promise<PolicyDiff> {
  const resolved = { rules: options.rules ?? (await loadRules()), today: options.today ?? todayUtc() };
  const [base, head] = [await policyFindings(baseDir, resolved), await policyFindings(headDir, resolved)];
  return diffFindings(base, head);
}
