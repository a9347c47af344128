import { describe, expect, it } from "vitest";
import { findTool, IS_CI, ruleTestReport, toolPath } from "./tools.js";

describe("tool lookup", () => {
  it("finds installed tools in .tools/usr/bin or on PATH", () => {
    const sh = findTool("sh");
    expect(sh.path).toMatch(/\/sh$/);
    expect(sh.skip).toBe(false);
  });

  it("skips a missing tool only outside CI, and fails loudly when it is needed", () => {
    const missing = findTool("no-such-tool-slo-test");
    expect(missing.path).toBeUndefined();
    expect(missing.skip).toBe(!IS_CI);
    expect(() => toolPath(missing)).toThrow(
      /no-such-tool-slo-test not found .*run: bash \.ci\/install-tools/,
    );
  });
});

describe("ruleTestReport (one promtool test rules over several files)", () => {
  // promtool 2.42's report, stdout and stderr interleaved as it writes them.
  const report = [
    "Unit Testing:  tests/a.test.yaml",
    "  SUCCESS",
    "",
    "Unit Testing:  tests/b.test.yaml",
    "  FAILED:",
    "    name: b/page,",
    "    alertname: Page, time: 3m, ",
    "        exp:[...], ",
    "        got:[]",
    "",
    "",
  ].join("\n");

  it("gives each file its own status and part of the report", () => {
    const runs = ruleTestReport(report, 1, ["tests/a.test.yaml", "tests/b.test.yaml"]);
    expect(runs.get("tests/a.test.yaml")).toEqual({
      status: 0,
      output: "Unit Testing:  tests/a.test.yaml\n  SUCCESS\n\n",
    });
    expect(runs.get("tests/b.test.yaml")?.status).toBe(1);
    expect(runs.get("tests/b.test.yaml")?.output).toContain("alertname: Page, time: 3m");
    expect(runs.get("tests/b.test.yaml")?.output).not.toContain("a.test.yaml");
  });

  it("throws when a file has no verdict or the exit code disagrees with the verdicts", () => {
    expect(() => ruleTestReport(report, 1, ["tests/a.test.yaml", "tests/c.test.yaml"])).toThrow(
      /exited 1 with a report that does not match \(no verdict for tests\/c\.test\.yaml\)/,
    );
    expect(() => ruleTestReport(report, 0, ["tests/a.test.yaml", "tests/b.test.yaml"])).toThrow(
      /exited 0 with a report that does not match \(no verdict for -\)/,
    );
    expect(() => ruleTestReport("promtool: error: path 'x' does not exist\n", 1, ["x"])).toThrow(
      /no verdict for x\):\npromtool: error/,
    );
  });
});
