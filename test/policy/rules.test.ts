import { describe, expect, it } from "vitest";
import { evaluate } from "../../policy/engine.js";
import { loadRuleModules } from "../../policy/registry.js";
import { loose, testContext } from "./helpers.js";

/**
 * Table-driven: every discovered rule accepts its compliant fixture and rejects its violating fixture
 * with messages that name the attribute.
 */
describe("rules against their fixtures", async () => {
  const modules = await loadRuleModules();
  const cases = modules.map((m) => [m.rule.id, m] as const);

  it.each(cases)("%s accepts its compliant fixture", (_id, { rule, fixtures }) => {
    const ctx = testContext(fixtures!.ctx);
    const findings = evaluate(ctx.stack, fixtures!.pass, ctx, [rule], { waivers: [] });
    expect(findings.map((f) => `${f.address}: ${f.message}`)).toEqual([]);
  });

  it.each(cases)("%s rejects its violating fixture, naming the attribute", (_id, { rule, fixtures }) => {
    const ctx = testContext(fixtures!.ctx);
    const findings = evaluate(ctx.stack, fixtures!.fail, ctx, [rule], { waivers: [] });
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      expect(finding.ruleId).toBe(rule.id);
      expect(finding.severity).toBe(rule.severity);
      expect(finding.fix).toBe(rule.fix);
      expect(loose(finding.message)).toContain(loose(fixtures!.attribute));
      expect(finding.message).toMatch(/expected/);
    }
  });
});
