import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadRuleModules, loadRules, RULE_ID_PATTERN } from "../../policy/registry.js";
import { tempDir } from "../helpers";
import { REQUIRED_RULE_IDS } from "./required-rules.js";

const SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];

describe("rule registry", async () => {
  const modules = await loadRuleModules();
  const rules = modules.map((m) => m.rule);

  it("discovers at least 40 rules", () => {
    expect(rules.length).toBeGreaterThanOrEqual(40);
  });

  it("discovers exactly the reviewed required rules (test/policy/required-rules.ts)", () => {
    const ids = rules.map((r) => r.id);
    expect(
      ids.filter((id) => !REQUIRED_RULE_IDS.includes(id)),
      "rules missing from the required list",
    ).toEqual([]);
    expect(
      REQUIRED_RULE_IDS.filter((id) => !ids.includes(id)),
      "required rules the registry lacks",
    ).toEqual([]);
    expect([...REQUIRED_RULE_IDS]).toEqual([...REQUIRED_RULE_IDS].sort((a, b) => a.localeCompare(b)));
  });

  it("fails the required-list check when a rule file disappears", async () => {
    const dir = tempDir("policy-rules");
    writeFileSync(
      path.join(dir, "only.ts"),
      'export default { id: "PLAT-SG-001", severity: "CRITICAL", resourceTypes: ["t"], description: "d", fix: "f", check: () => [] };\n',
    );
    const ids = (await loadRules(dir)).map((r) => r.id);
    expect(REQUIRED_RULE_IDS.filter((id) => !ids.includes(id))).toContain("PLAT-SECRET-001");
  });

  it("has unique, well-formed ids", () => {
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(RULE_ID_PATTERN);
  });

  it.each(rules.map((r) => [r.id, r] as const))("%s is complete", (_id, rule) => {
    expect(SEVERITIES).toContain(rule.severity);
    expect(rule.resourceTypes.length).toBeGreaterThan(0);
    expect(rule.description.trim()).not.toBe("");
    expect(rule.fix.trim()).not.toBe("");
    if (rule.checkov !== undefined) expect(rule.checkov).toMatch(/^CKV2?_(AWS|AZURE|K8S)_\d+$/);
    if (rule.trivy !== undefined) expect(rule.trivy).toMatch(/^AVD-(AWS|AZU|KSV)-\d{4}$/);
  });

  it("finds fixtures next to every rule", () => {
    const missing = modules.filter((m) => m.fixtures === undefined).map((m) => m.file);
    expect(missing).toEqual([]);
  });

  it("returns the rules sorted by id", async () => {
    const ids = (await loadRules()).map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => a.localeCompare(b)));
  });

  it("rejects a rule file without a Rule default export, naming the file", async () => {
    const dir = tempDir("policy-rules");
    writeFileSync(path.join(dir, "broken.ts"), "export const notARule = 1;\n");
    await expect(loadRuleModules(dir)).rejects.toThrow(/broken\.ts: a rule file must default-export a Rule/);
  });

  it("rejects duplicate rule ids", async () => {
    const dir = tempDir("policy-rules");
    const body =
      'export default { id: "PLAT-X-001", severity: "LOW", resourceTypes: ["t"], description: "d", fix: "f", check: () => [] };\n';
    writeFileSync(path.join(dir, "a.ts"), body);
    writeFileSync(path.join(dir, "b.ts"), body);
    await expect(loadRuleModules(dir)).rejects.toThrow(/duplicate rule id PLAT-X-001/);
  });
});
