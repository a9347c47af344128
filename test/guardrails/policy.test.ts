/** `npm run policy` over the real app: every rule against every stack, zero unwaived findings. */
import { describe, expect, inject, it } from "vitest";
import { runPolicy } from "../../policy/run-policy";

describe("policy over the synthesized app", () => {
  it("passes every stack with zero unwaived findings", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runPolicy(["--dir", inject("synthDir")], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
    });
    const report = out.join("\n");
    expect(err.join("\n")).toBe("");
    expect(report).toMatch(/policy PASS: 6 stack\(s\), \d+ rule\(s\), 0 unwaived finding\(s\)/);
    expect(code, report).toBe(0);
  });
});
