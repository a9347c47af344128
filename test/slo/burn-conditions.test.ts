/**
 * Each burn-rate condition has its own promtool proof on the compiled user-service rules: a series
 * that fires the alert through that condition alone, and the same shape just under its threshold
 * that stays silent. Moving any of the four conditions' windows or thresholds fails one of them.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderYaml } from "../../slo/index.js";
import {
  burnConditionTests,
  burnOver,
  CASES,
  conditionName,
  endMinute,
  forMinutes,
  holds,
  sibling,
} from "./burn-conditions-cases.js";
import { PromtoolWorkdir, RULES } from "./promtool-workdir.js";
import { findTool, runTool } from "./tools.js";

const promtool = findTool("promtool");
const work = new PromtoolWorkdir();
const file = burnConditionTests(`../${RULES}`);

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

  it.skipIf(promtool.skip)("promtool: fires alone above, silent just under", () => {
    const variant = `burn-conditions-${c.tier}-${c.burnRate}x`;
    const tests = file.tests.filter((t) => t.name.startsWith(`${name}:`));
    expect(tests).toHaveLength(2);
    writeFileSync(path.join(work.dir, `tests/${variant}.test.yaml`), renderYaml({ ...file, tests }));
    const result = runTool(promtool, ["test", "rules", `tests/${variant}.test.yaml`], work.dir);
    expect(result.stdout + result.stderr).toContain("SUCCESS");
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });
});
