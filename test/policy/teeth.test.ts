/**
 * Teeth: every required rule fails the policy run on a known-bad variant of a real synthesized stack.
 * Each case copies one stack of the test run's synth, applies its mutation (`teeth-cases.ts`), writes
 * it as the only stack of a cdktf output folder and runs `npm run policy -- --dir <folder>` in-process.
 * The unmutated stack must not trip the rule, so the finding is the mutation's.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contextForStack } from "../../policy/context.js";
import { evaluate, unwaived } from "../../policy/engine.js";
import { loadRules } from "../../policy/registry.js";
import { runPolicy } from "../../policy/run-policy.js";
import type { StackDoc } from "../../policy/types.js";
import { readStack, synthDir as sharedSynthDir, tempDir } from "../helpers";
import { captureIo } from "./helpers.js";
import { REQUIRED_RULE_IDS } from "./required-rules.js";
import { TEETH_CASES } from "./teeth-cases.js";

/** A cdktf output folder holding one stack. */
function outDirWith(stack: string, doc: StackDoc): string {
  const dir = tempDir("policy-teeth");
  mkdirSync(path.join(dir, "stacks", stack), { recursive: true });
  writeFileSync(path.join(dir, "stacks", stack, "cdk.tf.json"), JSON.stringify(doc));
  writeFileSync(
    path.join(dir, "manifest.json"),
    JSON.stringify({ stacks: { [stack]: { synthesizedStackPath: `stacks/${stack}/cdk.tf.json` } } }),
  );
  return dir;
}

describe("rule teeth on real stacks", async () => {
  const synthDir = sharedSynthDir();
  const rules = await loadRules();
  const baseline = new Map<string, Set<string>>();
  const openRules = (stack: string): Set<string> => {
    if (!baseline.has(stack)) {
      const doc = readStack(synthDir, stack) as StackDoc;
      const findings = unwaived(evaluate(stack, doc, contextForStack(stack), rules));
      baseline.set(stack, new Set(findings.map((f) => f.ruleId)));
    }
    return baseline.get(stack)!;
  };

  it("has one case per required rule", () => {
    expect(Object.keys(TEETH_CASES).sort()).toEqual([...REQUIRED_RULE_IDS]);
  });

  // Every case is evaluated in-process exactly as the run evaluates a stack (its context, every rule,
  // the waivers); the first cases also go through `npm run policy -- --dir`, so the command's exit
  // code and report are checked on real mutations too without paying its disk round trip each time.
  const THROUGH_CLI = new Set(REQUIRED_RULE_IDS.slice(0, 3));
  it.each(
    REQUIRED_RULE_IDS.map((id) => [id, TEETH_CASES[id]?.what ?? "(no case)", TEETH_CASES[id]!] as const),
  )("%s fails the policy run on a real stack with %s", async (id, _what, teeth) => {
    expect(openRules(teeth.stack).has(id), `${id} already fails on the unmutated ${teeth.stack}`).toBe(false);
    const doc = structuredClone(readStack(synthDir, teeth.stack)) as StackDoc;
    teeth.mutate(doc);
    const found = unwaived(evaluate(teeth.stack, doc, contextForStack(teeth.stack), rules)).map(
      (f) => f.ruleId,
    );
    expect(found, `${teeth.what} did not trip ${id}`).toContain(id);
    if (!THROUGH_CLI.has(id)) return;
    const io = captureIo();
    const code = await runPolicy(["--dir", outDirWith(teeth.stack, doc)], io);
    expect(io.stderr()).toBe("");
    expect(code, io.stdout()).toBe(1);
    const row = new RegExp(`^ {2}(CRITICAL|HIGH|MEDIUM|LOW) +${id} `, "m");
    expect(io.stdout(), `${teeth.what} did not trip ${id}`).toMatch(row);
  });

  it("refuses a case that no longer finds its resource (a renamed construct)", () => {
    const doc = structuredClone(readStack(synthDir, "staging"));
    expect(() => TEETH_CASES["PLAT-DATA-001"]!.mutate({ ...doc, resource: {} })).toThrow();
  });
});
