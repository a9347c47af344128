import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ENVIRONMENTS_DIR } from "../../environments/load";
import { synth } from "../../scripts/synth";
import { synthDir, tempDir } from "../helpers";

function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.set(relative(dir, path), readFileSync(path, "utf8"));
    }
  };
  walk(dir);
  return out;
}

describe("determinism", () => {
  it("synthesizes byte-identical output twice", async () => {
    const second = join(tempDir("platform-det"), "cdktf.out");
    expect(
      await synth({ environmentsDir: ENVIRONMENTS_DIR, outdir: second, atomic: true, log: () => {} }),
    ).toBe(0);
    const [a, b] = [files(synthDir()), files(second)];
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [path, text] of a) expect(b.get(path), path).toBe(text);
  });
});
