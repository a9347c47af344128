/**
 * Locates promtool/amtool for the tool tests: `.tools/usr/bin/<tool>` (which test/global-setup.ts
 * fills through `.ci/install-tools` when it can) first, then PATH. A missing tool skips the tests
 * locally but fails them when CI=true. `TOOLS_DIR` (relative to the repository root) replaces `.tools`,
 * for `.ci/install-tools` too.
 *
 * Runs them in as few processes as the checks allow: `runRuleTests` hands many rule-test files to one
 * `promtool test rules` and splits its report per file; `runToolAsync` lets heavy runs overlap.
 */
import { type SpawnSyncReturns, spawn, spawnSync } from "node:child_process";
import { accessSync, closeSync, constants, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { tempDir } from "../helpers";

/** Repository root (this file is test/slo/tools.ts). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Whether missing tools must fail rather than skip. */
export const IS_CI = process.env.CI === "true";

/** Where `.ci/install-tools` unpacks the Debian packages. */
export const TOOLS_DIR = path.resolve(REPO_ROOT, process.env.TOOLS_DIR ?? ".tools");

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
    path.join(TOOLS_DIR, "usr", "bin", name),
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

/**
 * The tools' environment. GOGC=400 (unless set): promtool's rule evaluation spends about 8% less CPU
 * with a collector that runs less often, for about twice the heap (the day-long burn series: 70 ->
 * 125 MB).
 */
const TOOL_ENV = { GOGC: "400", ...process.env };

/** Runs a tool synchronously and returns its exit code and output. */
export function runTool(tool: Tool, args: readonly string[], cwd?: string): SpawnSyncReturns<string> {
  const result = spawnSync(toolPath(tool), [...args], {
    cwd,
    env: TOOL_ENV,
    encoding: "utf8",
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return result;
}

/** Exit code and output of a tool run, stdout and stderr interleaved as the tool wrote them. */
export interface ToolRun {
  readonly status: number;
  readonly output: string;
}

/** A file that takes both stdout and stderr, so that their lines keep the tool's order. */
function outputFile(): { fd: number; read: () => string } {
  const file = path.join(tempDir("tool-output"), "output.txt");
  const fd = openSync(file, "w");
  return {
    fd,
    read: () => {
      closeSync(fd);
      return readFileSync(file, "utf8");
    },
  };
}

/** Runs a tool in the background; resolves when it exits (after `timeoutMs`, it is killed). */
export function runToolAsync(
  tool: Tool,
  args: readonly string[],
  cwd?: string,
  timeoutMs = 120_000,
): Promise<ToolRun> {
  const out = outputFile();
  return new Promise((resolve, reject) => {
    const child = spawn(toolPath(tool), [...args], { cwd, env: TOOL_ENV, stdio: ["ignore", out.fd, out.fd] });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const output = out.read();
      if (code === null) reject(new Error(`${tool.name} ${args.join(" ")}: ${signal}\n${output}`));
      else resolve({ status: code, output });
    });
  });
}

/**
 * `promtool test rules` over several test files in one process. promtool reports each file in turn
 * (`Unit Testing:  <file>`, then `SUCCESS` or `FAILED:` and the failures) and exits 1 if any failed;
 * the result is that report split per file, each with the status promtool gave it.
 */
export function runRuleTests(promtool: Tool, files: readonly string[], cwd: string): Map<string, ToolRun> {
  const out = outputFile();
  const r = spawnSync(toolPath(promtool), ["test", "rules", ...files], {
    cwd,
    env: TOOL_ENV,
    stdio: ["ignore", out.fd, out.fd],
    timeout: 120_000,
  });
  const output = out.read();
  if (r.error) throw r.error;
  return ruleTestReport(output, r.status, files);
}

/** Splits a `promtool test rules` report per file; throws unless it covers `files` and the exit code. */
export function ruleTestReport(
  output: string,
  status: number | null,
  files: readonly string[],
): Map<string, ToolRun> {
  const runs = new Map<string, ToolRun>();
  const sections = output.split(/^(?=Unit Testing: )/m).filter((s) => s.startsWith("Unit Testing: "));
  for (const section of sections) {
    const file = /^Unit Testing: +(.+)$/m.exec(section)![1]!.trim();
    const verdict = /^ {2}(SUCCESS|FAILED:)$/m.exec(section)?.[1];
    if (verdict) runs.set(file, { status: verdict === "SUCCESS" ? 0 : 1, output: section });
  }
  const failed = [...runs.values()].some((run) => run.status !== 0);
  const missing = files.filter((f) => !runs.has(f));
  if (missing.length > 0 || status !== (failed ? 1 : 0)) {
    throw new Error(
      `promtool test rules exited ${status} with a report that does not match (no verdict for ${missing.join(", ") || "-"}):\n${output}`,
    );
  }
  return runs;
}

export { tempDir };

/** Writes files (relative path -> text) under a directory, creating parents. */
export function writeFiles(dir: string, files: ReadonlyMap<string, string>): void {
  for (const [rel, text] of files) {
    const target = path.join(dir, rel);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}
