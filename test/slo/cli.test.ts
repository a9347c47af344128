import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import YAML from "yaml";
import { runCli } from "../../slo/cli-main.js";
import { errorRateSlo, specInput } from "./builders.js";
import { findTool, REPO_ROOT, runTool, tempDir } from "./tools.js";

/** Runs the CLI in-process and captures its output. */
function cli(...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = runCli(argv, {
    stdout: { write: (t: string) => stdout.push(t) },
    stderr: { write: (t: string) => stderr.push(t) },
  });
  return { code, stdout: stdout.join(""), stderr: stderr.join("") };
}

/**
 * Runs slo/cli.ts itself, in-process, as node would with `argv`: a fresh import of the module with
 * process.argv set and process.stdout/stderr captured; its result is the exit code it set.
 */
let runs = 0;
async function entry(...argv: string[]) {
  const saved = { argv: process.argv, exitCode: process.exitCode };
  const stdout: string[] = [];
  const stderr: string[] = [];
  const capture = (into: string[]) => (chunk: string | Uint8Array) => {
    into.push(String(chunk));
    return true;
  };
  const out = vi.spyOn(process.stdout, "write").mockImplementation(capture(stdout));
  const err = vi.spyOn(process.stderr, "write").mockImplementation(capture(stderr));
  try {
    process.argv = [process.execPath, path.join(REPO_ROOT, "slo", "cli.ts"), ...argv];
    process.exitCode = undefined;
    // A query makes a fresh module of cli.ts (so it runs again); what it imports stays loaded.
    const module = `${path.join(REPO_ROOT, "slo", "cli.ts")}?run=${++runs}`;
    await import(/* @vite-ignore */ module);
    return { status: process.exitCode, stdout: stdout.join(""), stderr: stderr.join("") };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.argv = saved.argv;
    process.exitCode = saved.exitCode;
  }
}

const EXPECTED_FILES = [
  "rules/user-service.rules.yaml",
  "tests/user-service.test.yaml",
  "prometheus-rules/user-service.yaml",
  "analysis-templates/user-service.yaml",
  "dashboards/user-service-availability.yaml",
  "dashboards/user-service-latency.yaml",
  "dashboards/user-service-error-rate.yaml",
  "alertmanager.yaml",
];

describe("slo CLI", () => {
  it("writes every artefact of the built-in specs and prints what it wrote", () => {
    const out = tempDir("slo-cli");
    const { code, stdout, stderr } = cli("--out", out);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    for (const file of EXPECTED_FILES) {
      expect(stdout).toContain(`wrote ${path.join(out, file)}\n`);
      expect(existsSync(path.join(out, file))).toBe(true);
    }
    expect(stdout).toContain("8 files for 1 service(s), 3 SLO(s)");
    const template = YAML.parse(readFileSync(path.join(out, "analysis-templates/user-service.yaml"), "utf8"));
    expect(template.kind).toBe("AnalysisTemplate");
  });

  it("compiles spec files (YAML or JSON) and passes the timezone through", () => {
    const dir = tempDir("slo-cli-spec");
    const specFile = path.join(dir, "demo.yaml");
    writeFileSync(specFile, YAML.stringify(specInput([errorRateSlo()])));
    const out = path.join(dir, "out");
    const { code, stdout } = cli("--out", out, "--spec", specFile, "--timezone", "UTC");
    expect(code).toBe(0);
    expect(stdout).toContain("rules/demo.rules.yaml");
    expect(readFileSync(path.join(out, "alertmanager.yaml"), "utf8")).toContain("location: UTC");
    const promtool = findTool("promtool");
    if (promtool.path !== undefined) {
      const check = runTool(promtool, ["check", "rules", path.join(out, "rules/demo.rules.yaml")]);
      expect(check.status, check.stdout + check.stderr).toBe(0);
    }
  });

  it("exits 1 with a readable message (no stack trace) on an invalid spec", () => {
    const dir = tempDir("slo-cli-bad");
    const specFile = path.join(dir, "bad.json");
    writeFileSync(
      specFile,
      JSON.stringify(specInput([errorRateSlo({ objective: 100, window: "7d" as "30d" })])),
    );
    const { code, stdout, stderr } = cli("--out", path.join(dir, "out"), "--spec", specFile);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain(`slo: Invalid SLO spec ${specFile} (2 problems):`);
    expect(stderr).toContain("slos[0].objective: objective must be below 100");
    expect(stderr).toContain('slos[0].window: unknown window; allowed: "30d" (rolling)');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(dir, "out"))).toBe(false);
  });

  it("exits 1 on unparseable YAML and on an unknown timezone", () => {
    const dir = tempDir("slo-cli-yaml");
    const specFile = path.join(dir, "broken.yaml");
    writeFileSync(specFile, "service: [unclosed\n");
    expect(cli("--out", dir, "--spec", specFile)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("(file):"),
    });
    const tz = cli("--out", dir, "--timezone", "Nowhere/Land");
    expect(tz.code).toBe(1);
    expect(tz.stderr).toContain("timezone: unknown timezone");
  });

  it.each([
    [["--bogus"], "Unknown option '--bogus'"],
    [[], "--out <dir> is required"],
    [["--out", "/tmp/x", "--spec", "/does/not/exist.yaml"], "cannot read spec file /does/not/exist.yaml"],
  ])("exits 2 with usage on bad arguments %j", (argv, message) => {
    const { code, stderr } = cli(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain("Usage: npm run slo -- --out <dir>");
  });

  it("runs as `tsx slo/cli.ts` (the npm script) with the exit code", async () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
    expect(pkg.scripts.slo).toBe("tsx slo/cli.ts");
    const out = tempDir("slo-cli-entry");
    const ok = await entry("--out", out);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("alertmanager.yaml");
    const bad = await entry("--nope");
    expect(bad.status).toBe(2);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
