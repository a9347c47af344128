/**
 * "A test file per construct" (README.md, CONTRIBUTING.md): every file under constructs/ that exports a
 * class extending `Construct` has `test/<same path>.test.ts` beside it in the mirrored tree.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");
const CONSTRUCT_CLASS = /^export (?:abstract )?class (\w+) extends Construct\b/m;

/** Every `.ts` file under `dir`, relative to the repository root, sorted. */
function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .map((f) => path.posix.join(dir, f.split(path.sep).join("/")))
    .sort();
}

/** The construct files: relative path and the first construct class each exports. */
const constructFiles = sources("constructs").flatMap((file) => {
  const name = CONSTRUCT_CLASS.exec(readFileSync(path.join(ROOT, file), "utf8"))?.[1];
  return name ? [{ file, name, test: `test/${file.replace(/\.ts$/, ".test.ts")}` }] : [];
});

describe("a test file per construct", () => {
  it("finds the construct files (the scan itself works)", () => {
    expect(constructFiles.map((c) => c.file)).toEqual(
      expect.arrayContaining(["constructs/aws/kms-key.ts", "constructs/k8s/web-service.ts"]),
    );
    expect(constructFiles.find((c) => c.file === "constructs/validation.ts")).toBeUndefined();
  });

  it("has test/<path>.test.ts for every constructs/**/*.ts that exports a Construct", () => {
    const missing = constructFiles
      .filter((c) => !existsSync(path.join(ROOT, c.test)))
      .map((c) => `${c.file} (${c.name}): add ${c.test}`);
    expect(missing).toEqual([]);
  });

  it("each of those test files names its construct", () => {
    const silent = constructFiles
      .filter((c) => existsSync(path.join(ROOT, c.test)))
      .filter((c) => !new RegExp(`\\b${c.name}\\b`).test(readFileSync(path.join(ROOT, c.test), "utf8")))
      .map((c) => `${c.test} never mentions ${c.name}`);
    expect(silent).toEqual([]);
  });
});
