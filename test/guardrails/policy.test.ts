/** `npm run policy` over the real app: every rule against every stack, zero unwaived findings. */
import { describe, expect, it } from "vitest";
import { runPolicy } from "../../policy/run-policy";
import { ALL_STACKS, synthDir } from "../helpers";

describe("policy over the synthesized app", () => {
  it("passes every stack with zero unwaived findings", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runPolicy(["--dir", synthDir()], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
    });
    const report = out.join("\n");
    expect(err.join("\n")).toBe("");
    expect(report).toMatch(
      new RegExp(
        `policy PASS: ${ALL_STACKS.length} stack\\(s\\), \\d+ rule\\(s\\), 0 unwaived finding\\(s\\)`,
      ),
    );
    expect(code, report).toBe(0);
  });
});
