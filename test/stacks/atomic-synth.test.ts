/**
 * All-or-nothing output when synthesis fails part-way: after the first stack has been written into
 * the temporary folder, a failing stack must leave the previous `cdktf.out` as it was and no
 * temporary folder behind. (Bad configuration fails before anything is written; see
 * test/environments/bad-input.test.ts.)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App, TerraformStack } from "../../constructs/core";
import { ENVIRONMENTS_DIR } from "../../environments/load";
import { synth } from "../../scripts/synth";
import { tempDir } from "../helpers";

/** Stacks whose `cdk.tf.json` exists under an output folder. */
function writtenStacks(outdir: string): string[] {
  const stacks = join(outdir, "stacks");
  if (!existsSync(stacks)) return [];
  return readdirSync(stacks).filter((s) => existsSync(join(stacks, s, "cdk.tf.json")));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("atomic synth", () => {
  it("leaves the previous output untouched when a stack fails after another was written", async () => {
    const outdir = join(tempDir("platform-atomic"), "cdktf.out");
    mkdirSync(outdir);
    const marker = join(outdir, "previous.txt");
    writeFileSync(marker, "previous synth");
    const temporary = `${outdir}.tmp-${process.pid}`;

    // The synthesizer serializes each stack with `toTerraform()` right before writing it: fail the
    // first stack serialized once another stack's file is on disk.
    const writtenBeforeFailure: string[] = [];
    const original = TerraformStack.prototype.toTerraform;
    vi.spyOn(TerraformStack.prototype, "toTerraform").mockImplementation(function (this: TerraformStack) {
      const written = writtenStacks(App.of(this).outdir);
      if (written.length > 0) {
        writtenBeforeFailure.push(...written);
        throw new Error(`injected failure in ${this.node.id}`);
      }
      return original.call(this);
    });

    const lines: string[] = [];
    const code = await synth({
      environmentsDir: ENVIRONMENTS_DIR,
      outdir,
      atomic: true,
      log: (l) => lines.push(l),
    });

    expect(writtenBeforeFailure.length).toBeGreaterThan(0);
    expect(code).not.toBe(0);
    expect(code).toBe(2);
    expect(lines.join("\n")).toMatch(/^Synthesis failed: Error: injected failure in \S+/);
    expect(readdirSync(outdir)).toEqual(["previous.txt"]);
    expect(readFileSync(marker, "utf8")).toBe("previous synth");
    expect(existsSync(temporary)).toBe(false);
    expect(readdirSync(dirname(outdir))).toEqual(["cdktf.out"]);
  });
});
