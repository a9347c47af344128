import { describe, expect, it } from "vitest";
import { findTool, IS_CI, toolPath } from "./tools.js";

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
