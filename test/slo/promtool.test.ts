/**
 * Proof with the real promtool: the generated rule files pass `promtool check rules`, and the
 * generated unit tests pass `promtool test rules`, run from the same layout the CLI writes.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compilePrometheusRules, renderYaml, userServiceSpec } from "../../slo/index.js";
import { PromtoolWorkdir, RULES, TESTS } from "./promtool-workdir.js";
import { findTool, IS_CI, missingNote, runTool } from "./tools.js";

const promtool = findTool("promtool");
const work = new PromtoolWorkdir();

describe("promtool", () => {
  it("is installed (a failure when CI=true)", (ctx) => {
    if (promtool.path === undefined && !IS_CI) ctx.skip(missingNote(promtool));
    expect(promtool.path, missingNote(promtool)).toBeDefined();
  });

  it.skipIf(promtool.skip)("check rules passes on every generated rule file and PrometheusRule", () => {
    const crRules = path.join(work.dir, "rules/from-prometheusrule.yaml");
    writeFileSync(crRules, renderYaml({ groups: compilePrometheusRules([userServiceSpec])[0]!.spec.groups }));
    const result = runTool(promtool, ["check", "rules", path.join(work.dir, RULES), crRules]);
    expect(result.stdout + result.stderr).toContain("SUCCESS: 40 rules found");
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it("generates the expected cases per SLO", () => {
    const { generated } = work;
    expect(generated.rule_files).toEqual(["../rules/user-service.rules.yaml"]);
    expect(generated.evaluation_interval).toBe("1m");
    expect(generated.tests.map((t) => t.name.replace(/:.*/, ""))).toEqual([
      ...Array(5).fill("user-service/availability"),
      ...Array(4).fill("user-service/latency"),
      ...Array(5).fill("user-service/error-rate"),
    ]);
    const names = generated.tests.map((t) => t.name).join("\n");
    expect(names).toContain("user-service/error-rate: burn 2% errors (budget 0.1%) pages at 3m");
    expect(names).toContain("opens a ticket at 16m and never pages");
    expect(names).toContain("zero traffic raises nothing and records no NaN");
    expect(generated.tests[0]?.input_series[0]?.values).toMatch(/^0\+\d+x\d+$/);
  });

  it.skipIf(promtool.skip)(
    "test rules passes on the generated unit tests (page, ticket, quiet, zero traffic)",
    () => {
      const result = runTool(promtool, ["test", "rules", TESTS], work.dir);
      expect(result.stdout + result.stderr).toContain("SUCCESS");
      expect(result.status, result.stdout + result.stderr).toBe(0);
    },
  );
});
