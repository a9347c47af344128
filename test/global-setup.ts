/**
 * Synthesizes the whole app once per test run, into a temporary folder, through the same code path as
 * `npm run synth` (validation, then an atomic swap). Tests read the stacks with `inject("synthDir")`,
 * so cross-stack references are resolved exactly as in a real synth.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { ENVIRONMENTS_DIR } from "../environments/load";
import { synth } from "../scripts/synth";

declare module "vitest" {
  export interface ProvidedContext {
    synthDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const root = mkdtempSync(join(tmpdir(), "platform-synth-"));
  const outdir = join(root, "cdktf.out");
  const lines: string[] = [];
  const code = await synth({
    environmentsDir: ENVIRONMENTS_DIR,
    outdir,
    atomic: true,
    log: (l) => lines.push(l),
  });
  if (code !== 0) throw new Error(`global synth failed (${code}):\n${lines.join("\n")}`);
  project.provide("synthDir", outdir);
  return () => rmSync(root, { recursive: true, force: true });
}
