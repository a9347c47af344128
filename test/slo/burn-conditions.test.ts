/**
 * Each burn-rate condition has its own promtool proof on the compiled user-service rules: a series
 * that fires the alert through that condition alone, and the same shape just under its threshold
 * that stays silent. Moving any of the four conditions' windows or thresholds fails one of them.
 *
 * Each condition's pair takes promtool seconds of rule evaluation (the ticket series are a day and
 * more of one-minute steps, over all 40 rules), so the four files run as four promtool processes at
 * once, started by the first promtool test, rather than one after another.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderYaml } from "../../slo/index.js";
import {
  burnConditionTests,
  burnOver,
  CASES,
  type Condition,
  conditionName,
  endMinute,
  forMinutes,
  holds,
  sibling,
} from "./burn-conditions-cases.js";
import { PromtoolWorkdir, RULES } from "./promtool-workdir.js";
import { findTool, runToolAsync, type ToolRun } from "./tools.js";

const promtool = findTool("promtool");
const work = new PromtoolWorkdir();
const file = burnConditionTests(`../${RULES}`);

let runs: Map<string, Promise<ToolRun>> | undefined;
/** promtool's result on one condition's test file; the first call starts all four. */
function promtoolOn(variant: string): Promise<ToolRun> {
  if (!runs) {
    runs = new Map();
    for (const k of CASES) {
      const name = conditionName(k.condition);
      const tests = file.tests.filter((t) => t.name.startsWith(`${name}:`));
      const test = `tests/${variantOf(k.condition)}.test.yaml`;
      writeFileSync(path.join(work.dir, test), renderYaml({ ...file, tests }));
      const run = runToolAsync(promtool, ["test", "rules", test], work.dir);
      run.catch(() => {}); // reported by the test that awaits it
      runs.set(variantOf(k.condition), run);
    }
  }
  return runs.get(variant)!;
}

function variantOf(c: Condition): string {
  return `burn-conditions-${c.tier}-${c.burnRate}x`;
}

describe.each(CASES.map((k) => [conditionName(k.condition), k] as const))("%s", (name, k) => {
  const c = k.condition;
  const other = sibling(c);

  it(`the firing series holds it, and not ${conditionName(other)}, for the whole for: (${k.note})`, () => {
    const end = endMinute(k.fire);
    for (let m = end - forMinutes(c); m <= end; m++) {
      expect(holds(k.fire, c, m), `minute ${m}`).toBe(true);
      expect(holds(k.fire, other, m), `minute ${m}`).toBe(false);
    }
  });

  it("the just-under series misses it by less than 5% on its tighter window", () => {
    const end = endMinute(k.under);
    const tighter = Math.min(burnOver(k.under, c.shortWindow, end), burnOver(k.under, c.longWindow, end));
    expect(tighter).toBeLessThan(c.burnRate);
    expect(tighter).toBeGreaterThan(c.burnRate * 0.95);
    expect(holds(k.under, other, end)).toBe(false);
  });

  it.skipIf(promtool.skip)("promtool: fires alone above, silent just under", async () => {
    const tests = file.tests.filter((t) => t.name.startsWith(`${name}:`));
    expect(tests).toHaveLength(2);
    const result = await promtoolOn(variantOf(c));
    expect(result.output).toContain("SUCCESS");
    expect(result.status, result.output).toBe(0);
  });
});
