/**
 * Once per test run, before any test file:
 * - a folder for the shared synth of the whole app, which `synthDir()` (test/helpers.ts) fills on
 *   first use, so test files that never read it never wait for a synth;
 * - promtool and amtool, fetched into .tools/ by `.ci/install-tools` when they are missing, so the
 *   first run on a new machine executes their tests. Where that is impossible, one line says why:
 *   their tests skip, or fail under CI=true (test/slo/tools.ts).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's folder for the shared synth; read it through `synthDir()` from test/helpers.ts. */
    sharedSynthRoot: string;
  }
}

const REPO_ROOT = resolve(__dirname, "..");

/** Runs `.ci/install-tools` (instant when the tools are there) and prints one line if it did anything. */
function fetchTools(): void {
  const r = spawnSync("bash", [join(REPO_ROOT, ".ci", "install-tools"), "--auto"], {
    encoding: "utf8",
    timeout: 300_000,
  });
  const said = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n").pop() ?? "";
  if (r.status === 0) {
    if (said) console.log(said);
    return;
  }
  const why = r.error ? r.error.message : said.replace(/^install-tools: /, "") || `exit ${r.status}`;
  const effect = process.env.CI === "true" ? "their tests FAIL (CI=true)" : "their tests are skipped";
  console.warn(
    `promtool/amtool not installed and not fetched (${why}); ${effect}. Fix: bash .ci/install-tools (as root if apt needs an update)`,
  );
}

export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), "platform-synth-"));
  project.provide("sharedSynthRoot", root);
  fetchTools();
  return () => rmSync(root, { recursive: true, force: true });
}
