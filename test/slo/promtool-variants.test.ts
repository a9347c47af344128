/**
 * The generated promtool tests bite: variants of the rules or the input series that break a
 * guarantee make `promtool test rules` fail, and the tolerant `le` matcher survives float formats.
 */
import { describe, expect, it } from "vitest";
import { PromtoolWorkdir } from "./promtool-workdir.js";
import { findTool } from "./tools.js";

const promtool = findTool("promtool");
const work = new PromtoolWorkdir();
const errorRate = (kind: string) => (n: string) =>
  n.startsWith("user-service/error-rate:") && n.includes(kind);

describe("promtool variants", () => {
  it.skipIf(promtool.skip)("counts the threshold bucket whatever float formatting le has", () => {
    // Prometheus 3 style: 0.5 stays "0.5" but integers get ".0"; some exporters pad ("0.50").
    const reformat = (s: string) => s.replace('le="0.5"', 'le="0.50"').replace(/le="(\d+)"/, 'le="$1.0"');
    // The slow-burn case asserts the exact 2h error ratio (22.5%) and that the page stays silent.
    const slowLatency = (n: string) => n.startsWith("user-service/latency:") && n.includes("opens a ticket");
    const ok = work.runVariant(promtool, "le-formats", slowLatency, { series: reformat });
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    // The same series against an exact le="0.5" matcher: no good requests counted, so it pages.
    const exact = work.runVariant(promtool, "le-exact", slowLatency, {
      series: reformat,
      rules: (r) => r.replaceAll('le=~"0\\\\.50*"', 'le="0.5"'),
    });
    expect(exact.status).toBe(1);
  });

  it.skipIf(promtool.skip)("fail when the zero-traffic guard is removed (NaN appears)", () => {
    const result = work.runVariant(promtool, "no-guard", errorRate("zero traffic"), {
      rules: (r) => r.replaceAll("[5m])) > 0)", "[5m])))"),
    });
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toContain("NaN");
  });

  it.skipIf(promtool.skip)("fail when a burn threshold or for: changes", () => {
    const slowPage = work.runVariant(promtool, "slow-page", errorRate("pages at"), {
      rules: (r) => r.replaceAll("for: 2m", "for: 5m"),
    });
    expect(slowPage.status).toBe(1);
    const deafTicket = work.runVariant(promtool, "deaf-ticket", errorRate("opens a ticket"), {
      rules: (r) => r.replace(/> 0\.003$/gm, "> 0.03").replace(/> 0\.001$/gm, "> 0.03"),
    });
    expect(deafTicket.status).toBe(1);
  });

  it.skipIf(promtool.skip)("fail when a missing numerator reads as absent instead of 0", () => {
    const result = work.runVariant(promtool, "no-vector0", (n) => n.includes("no bad series"), {
      rules: (r) => r.replaceAll(" or vector(0)", ""),
    });
    expect(result.status).toBe(1);
  });
});
