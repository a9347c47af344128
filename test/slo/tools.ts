/**
 * Locates promtool/amtool for the SLO tests: `.tools/usr/bin/<tool>` (installed by
 * `bash .ci/install-tools`) first, then PATH. A missing tool skips the tests locally but fails
 * them when CI=true.
 */
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { accessSync, constants, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Repository root (this file is test/slo/tools.ts). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Whether missing tools must fail rather than skip. */
export const IS_CI = process.env.CI === "true";

/** A located (or missing) tool. */
export interface Tool {
  readonly name: string;
  readonly path: string | undefined;
  /** True when the tool is missing and this is not CI: tests using it skip. */
  readonly skip: boolean;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds a tool in `.tools/usr/bin` or on PATH. */
export function findTool(name: string): Tool {
  const candidates = [
    path.join(REPO_ROOT, ".tools", "usr", "bin", name),
    ...(process.env.PATH ?? "")
      .split(path.delimiter)
      .filter(Boolean)
      .map((dir) => path.join(dir, name)),
  ];
  const found = candidates.find(executable);
  return { name, path: found, skip: found === undefined && !IS_CI };
}

/** The tool's path; throws (failing the test) when it is missing, which only happens in CI. */
export function toolPath(tool: Tool): string {
  if (tool.path === undefined) {
    throw new Error(
      `${tool.name} not found at .tools/usr/bin/${tool.name} or on PATH (CI=true makes this a failure); run: bash .ci/install-tools`,
    );
  }
  return tool.path;
}

/** A note for skipped tests. */
export function missingNote(tool: Tool): string {
  return `${tool.name} not found (.tools/usr/bin or PATH); run bash .ci/install-tools to enable these tests`;
}

/** Runs a tool synchronously and returns its exit code and output. */
export function runTool(tool: Tool, args: readonly string[], cwd?: string): SpawnSyncReturns<string> {
  const result = spawnSync(toolPath(tool), [...args], { cwd, encoding: "utf8", timeout: 60_000 });
  if (result.error) throw result.error;
  return result;
}

export { tempDir } from "../helpers";

/** Writes files (relative path -> text) under a directory, creating parents. */
export function writeFiles(dir: string, files: ReadonlyMap<string, string>): void {
  for (const [rel, text] of files) {
    const target = path.join(dir, rel);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}
