/**
 * The generated promtool tests bite: variants of the rules or the input series that break a
 * guarantee make `promtool test rules` fail, and the tolerant `le` matcher survives float formats.
 * Every variant is written up front and all run in one promtool process, on first use.
 */
import { describe, expect, it } from "vitest";
import { PromtoolWorkdir } from "./promtool-workdir.js";
import { findTool, type ToolRun } from "./tools.js";

const promtool = findTool("promtool");
const work = new PromtoolWorkdir();
const errorRate = (kind: string) => (n: string) =>
  n.startsWith("user-service/error-rate:") && n.includes(kind);

// Prometheus 3 style: 0.5 stays "0.5" but integers get ".0"; some exporters pad ("0.50").
const reformat = (s: string) => s.replace('le="0.5"', 'le="0.50"').replace(/le="(\d+)"/, 'le="$1.0"');
// The slow-burn case asserts the exact 2h error ratio (22.5%) and that the page stays silent.
const slowLatency = (n: string) => n.startsWith("user-service/latency:") && n.includes("opens a ticket");

/** Each variant's test file (relative to the work dir). */
const VARIANTS = {
  leFormats: work.writeVariant("le-formats", slowLatency, { series: reformat }),
  // The same series against an exact le="0.5" matcher: no good requests counted, so it pages.
  leExact: work.writeVariant("le-exact", slowLatency, {
    series: reformat,
    rules: (r) => r.replaceAll('le=~"0\\\\.50*"', 'le="0.5"'),
  }),
  noGuard: work.writeVariant("no-guard", errorRate("zero traffic"), {
    rules: (r) => r.replaceAll("[5m])) > 0)", "[5m])))"),
  }),
  slowPage: work.writeVariant("slow-page", errorRate("pages at"), {
    rules: (r) => r.replaceAll("for: 2m", "for: 5m"),
  }),
  deafTicket: work.writeVariant("deaf-ticket", errorRate("opens a ticket"), {
    rules: (r) => r.replace(/> 0\.003$/gm, "> 0.03").replace(/> 0\.001$/gm, "> 0.03"),
  }),
  noVector0: work.writeVariant("no-vector0", (n) => n.includes("no bad series"), {
    rules: (r) => r.replaceAll(" or vector(0)", ""),
  }),
};

let runs: Map<string, ToolRun> | undefined;
/** promtool's result for one variant; the first call runs them all. */
function run(file: string): ToolRun {
  runs ??= work.runTests(promtool, Object.values(VARIANTS));
  return runs.get(file)!;
}

describe("promtool variants", () => {
  it.skipIf(promtool.skip)("counts the threshold bucket whatever float formatting le has", () => {
    const ok = run(VARIANTS.leFormats);
    expect(ok.status, ok.output).toBe(0);
    const exact = run(VARIANTS.leExact);
    expect(exact.status).toBe(1);
  });

  it.skipIf(promtool.skip)("fail when the zero-traffic guard is removed (NaN appears)", () => {
    const result = run(VARIANTS.noGuard);
    expect(result.status).toBe(1);
    expect(result.output).toContain("NaN");
  });

  it.skipIf(promtool.skip)("fail when a burn threshold or for: changes", () => {
    const slowPage = run(VARIANTS.slowPage);
    expect(slowPage.status).toBe(1);
    const deafTicket = run(VARIANTS.deafTicket);
    expect(deafTicket.status).toBe(1);
  });

  it.skipIf(promtool.skip)("fail when a missing numerator reads as absent instead of 0", () => {
    const result = run(VARIANTS.noVector0);
    expect(result.status).toBe(1);
  });
});
