/**
 * The fast entry (scripts/fast-entry): its bundle is rebuilt whenever anything it was built from
 * changes and reused otherwise, keeps per-file `__dirname` and class names, and the real entry
 * behaves like `node --import tsx main.ts` (output tree, lines, exit codes).
 */
import { isAscii } from "node:buffer";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ENVIRONMENTS_DIR } from "../../environments/load";
import { summarize } from "../../scripts/synth";
import { diffTrees } from "../../scripts/tree-diff";
import { tempDir } from "../helpers";

interface Target {
  readonly root: string;
  readonly entry: string;
  readonly cacheDir: string;
}
type FileRecord = [string, number, number, number, number, string] | [string, null];
interface Stamp {
  key: Record<string, unknown>;
  bundle: string;
  files: FileRecord[];
}
const require = createRequire(import.meta.url);
const { ensureBuilt, jitFlag, readSource } = require("../../scripts/fast-entry/run.cjs") as {
  ensureBuilt(target: Target): Promise<{ bundle: string; code: string; rebuilt?: string }>;
  jitFlag(execArgv: readonly string[], v8Version: string): string | undefined;
  readSource(file: string): string;
};
const { check } = require("../../scripts/fast-entry/stamp.cjs") as {
  check(target: Target): { fresh: true; bundle: string } | { fresh: false; reason: string };
};

const REPO = resolve(__dirname, "../..");
const FAST_ENTRY = join(REPO, "scripts/fast-entry/run.cjs");
/** A fixed mtime, so a test can put a file's mtime back exactly after editing it. */
const FIXED_MTIME_S = 1_700_000_000;

/**
 * A tiny project: two modules that both declare `class Greeter` (the bundler renames one of them), a
 * module reporting its `__dirname`, and a lock file.
 */
/** Builds a fixture whose main.ts is `lines`, and returns the bundle's path. */
async function bundleOfMain(lines: readonly string[]): Promise<string> {
  const t = fixture();
  writeFileSync(join(t.root, "main.ts"), lines.join("\n"));
  return (await ensureBuilt(t)).bundle;
}

function fixture(): Target {
  const root = tempDir("platform-fast-entry");
  mkdirSync(join(root, "lib"));
  const files: Record<string, string> = {
    "main.ts": [
      'import { Greeter, greet } from "./lib/greet";',
      'import { Greeter as Other } from "./lib/other";',
      'import { here } from "./lib/where";',
      "console.log([greet(), Greeter.name, Other.name, here].join(' '));",
    ].join("\n"),
    "lib/greet.ts": 'export class Greeter {}\nexport function greet(): string {\n  return "hello";\n}\n',
    "lib/other.ts": "export class Greeter {}\n",
    "lib/where.ts": "export const here = __dirname;\n",
    "package-lock.json": '{ "lockfileVersion": 3 }\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    writeFileSync(join(root, rel), text);
    utimesSync(join(root, rel), FIXED_MTIME_S, FIXED_MTIME_S);
  }
  return { root, entry: "main.ts", cacheDir: join(root, "node_modules/.cache/fast-entry") };
}

/** Runs a built bundle with plain node and returns its stdout. */
function runBundle(bundle: string): string {
  const run = spawnSync(process.execPath, [bundle], { encoding: "utf8" });
  expect(run.stderr).toBe("");
  return run.stdout.trim();
}

const readStamp = (t: Target) => JSON.parse(readFileSync(join(t.cacheDir, "stamp.json"), "utf8")) as Stamp;

describe("fast entry build", () => {
  it("builds on the first run, then reuses the bundle while nothing changed", async () => {
    const t = fixture();
    const first = await ensureBuilt(t);
    expect(first.rebuilt).toBe("no build yet");
    expect(runBundle(first.bundle)).toBe(`hello Greeter Greeter ${join(t.root, "lib")}`);
    expect(first.code).toMatch(/\bGreeter2\b/); // the rename that keepNames has to undo

    const second = await ensureBuilt(t);
    expect(second.rebuilt).toBeUndefined();
    expect(second.bundle).toBe(first.bundle);
  });

  it("rebuilds when a source changes, even with the same size and mtime", async () => {
    const t = fixture();
    await ensureBuilt(t);
    const file = join(t.root, "lib/greet.ts");
    writeFileSync(file, readFileSync(file, "utf8").replace("hello", "howdy"));
    utimesSync(file, FIXED_MTIME_S, FIXED_MTIME_S);
    const recorded = readStamp(t).files.find((f) => f[0] === "lib/greet.ts")!;
    expect([statSync(file).size, statSync(file).mtimeMs]).toEqual([recorded[1], recorded[2]]);

    const again = await ensureBuilt(t);
    expect(again.rebuilt).toBe("changed: lib/greet.ts");
    expect(runBundle(again.bundle)).toMatch(/^howdy /);
    expect((await ensureBuilt(t)).rebuilt).toBeUndefined();
  });

  it("keeps the bundle after a touch that changes no content, and records the new stat", async () => {
    const t = fixture();
    const built = await ensureBuilt(t);
    const file = join(t.root, "lib/greet.ts");
    utimesSync(file, FIXED_MTIME_S + 60, FIXED_MTIME_S + 60);

    const again = await ensureBuilt(t);
    expect(again.rebuilt).toBeUndefined();
    expect(again.bundle).toBe(built.bundle);
    const recorded = readStamp(t).files.find((f) => f[0] === "lib/greet.ts")!;
    expect(recorded[2]).toBe(statSync(file).mtimeMs);
  });

  it.each([
    [
      "the lock file changes",
      "package-lock.json",
      '{ "lockfileVersion": 3, "packages": {} }\n',
      "changed: package-lock.json",
    ],
    [
      "a recorded-absent file appears",
      "tsconfig.json",
      '{ "compilerOptions": {} }\n',
      "added: tsconfig.json",
    ],
    [
      "a new file would change how an import resolves",
      "lib/greet.tsx",
      'export class Greeter {}\nexport function greet(): string {\n  return "shadow";\n}\n',
      "source files added or removed in lib/",
    ],
  ])("rebuilds when %s", async (_case, rel, text, reason) => {
    const t = fixture();
    await ensureBuilt(t);
    writeFileSync(join(t.root, rel), text);
    const again = await ensureBuilt(t);
    expect(again.rebuilt).toBe(reason);
    if (rel.endsWith(".tsx")) expect(runBundle(again.bundle)).toMatch(/^shadow /);
  });

  it("rebuilds for another node version, and when the bundle is gone", async () => {
    const t = fixture();
    const built = await ensureBuilt(t);
    const stamp = readStamp(t);
    writeFileSync(
      join(t.cacheDir, "stamp.json"),
      JSON.stringify({ ...stamp, key: { ...stamp.key, node: "v0.0.0" } }),
    );
    expect((await ensureBuilt(t)).rebuilt).toBe(`node changed (v0.0.0 -> ${process.version})`);

    rmSync(built.bundle);
    expect((await ensureBuilt(t)).rebuilt).toBe("bundle missing");
  });

  it("reports a removed input without building", async () => {
    const t = fixture();
    await ensureBuilt(t);
    rmSync(join(t.root, "lib/where.ts"));
    expect(check(t)).toEqual({ fresh: false, reason: "removed: lib/where.ts" });
  });

  it("records the builder's own files and esbuild's version among the inputs", async () => {
    const t = fixture();
    await ensureBuilt(t);
    const paths = readStamp(t).files.map((f) => f[0]);
    for (const own of ["build.cjs", "run.cjs", "stamp.cjs"]) {
      expect(paths).toContainEqual(
        expect.stringMatching(new RegExp(`scripts/fast-entry/${own.replace(".", "\\.")}$`)),
      );
    }
    expect(paths).toContainEqual(expect.stringMatching(/node_modules\/esbuild\/package\.json$/));
    expect(readStamp(t).files.find((f) => f[0] === "tsconfig.json")).toEqual(["tsconfig.json", null]);
  });

  it("skips cdktf's per-token stack trace unless DEBUG is set, and sets names only where they differ", async () => {
    const t = fixture();
    const traces = join(REPO, "node_modules/cdktf/lib/tokens/private/stack-trace.js");
    writeFileSync(
      join(t.root, "main.ts"),
      `import { captureStackTrace } from ${JSON.stringify(traces)};\nconsole.log(captureStackTrace().length);\n`,
    );
    const { bundle, code } = await ensureBuilt(t);
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.DEBUG;
    const frames = (debug?: string) =>
      Number(
        spawnSync(process.execPath, [bundle], {
          encoding: "utf8",
          env: debug ? { ...env, DEBUG: debug } : env,
        }).stdout,
      );
    expect(frames()).toBe(0);
    expect(frames("1")).toBeGreaterThan(0);
    expect(code).toMatch(/^var __name = \((\w+), value\) => \1\.name === value \? \1 : __defProp\(/m);
  });

  it("loads cdktf's archiver only when an asset is zipped", async () => {
    const t = fixture();
    const helpers = join(REPO, "node_modules/cdktf/lib/private/fs.js");
    writeFileSync(
      join(t.root, "main.ts"),
      `import { archiveSync, copySync } from ${JSON.stringify(helpers)};\nconsole.log(typeof archiveSync, typeof copySync);\n`,
    );
    const { bundle, code } = await ensureBuilt(t);
    expect(runBundle(bundle)).toBe("function function");
    expect(code).toMatch(/\barchiver = .*\(\.\.\.(\w+)\) => require_archiver\(\)\(\.\.\.\1\)/);
    expect(code).not.toMatch(/\barchiver = require_archiver\(\)/);
  });

  it("finds the text of every patch in the installed packages", () => {
    const { PATCHES } = require("../../scripts/fast-entry/patches.cjs") as {
      PATCHES: readonly { name: string; module: RegExp; find: string }[];
    };
    const files = [
      "node_modules/cdktf/lib/tokens/private/stack-trace.js",
      "node_modules/cdktf/lib/private/fs.js",
      "node_modules/cdktf/lib/util.js",
      "node_modules/constructs/lib/construct.js",
    ].map((f) => resolve(REPO, f));
    for (const patch of PATCHES) {
      const file = files.find((f) => patch.module.test(f));
      expect(file, patch.name).toBeDefined();
      expect(readFileSync(file!, "utf8").includes(patch.find), patch.name).toBe(true);
    }
  });

  it("gives cdktf's snake case and constructs' paths as before, computed once", async () => {
    const t = fixture();
    const util = join(REPO, "node_modules/cdktf/lib/util.js");
    const constructs = join(REPO, "node_modules/constructs/lib/index.js");
    const keys = ["dependsOn", "forEach", "provider", "ABCDef", "already_snake", "x-y z", "", "Ünïcode"];
    writeFileSync(
      join(t.root, "main.ts"),
      [
        `import { snakeCase } from ${JSON.stringify(util)};`,
        `import { Construct, RootConstruct } from ${JSON.stringify(constructs)};`,
        `const keys = ${JSON.stringify(keys)};`,
        "const root = new RootConstruct('');",
        "const leaf = new Construct(new Construct(root, 'Stack'), 'Leaf');",
        "console.log(JSON.stringify([keys.map((k) => snakeCase(k)), keys.map((k) => snakeCase(k)), leaf.node.path, leaf.node.path]));",
      ].join("\n"),
    );
    const { bundle, code } = await ensureBuilt(t);
    expect(code).toContain("snakeCaseCache");
    expect(code).toContain("_cachedPath");
    const { snakeCase } = require(util) as { snakeCase(s: string): string };
    const expected = keys.map((k) => snakeCase(k));
    expect(JSON.parse(runBundle(bundle))).toEqual([expected, expected, "Stack/Leaf", "Stack/Leaf"]);
  });

  it("writes an ASCII bundle from non-ASCII sources, which still prints the same text", async () => {
    const bundle = await bundleOfMain([
      "function say(code: string): string {",
      "  switch (code) {",
      "    case 'a':",
      '      return "é 😀";',
      "    // Tipus invàlid, Неправильні: esbuild keeps a comment between cases as it is",
      "    default:",
      "      return 'other';",
      "  }",
      "}",
      "console.log(say('a'), say.toString().includes('Tipus inv'));",
    ]);
    expect(isAscii(readFileSync(bundle))).toBe(true);
    expect(runBundle(bundle)).toBe("é 😀 true");
  });

  it("raises V8's interrupt budget on V8 11 (Node 20) only, unless the user set one", () => {
    const v20 = "11.3.244.8-node.33";
    expect(jitFlag([], v20)).toBe("--interrupt-budget=1000000");
    expect(jitFlag(["--max-old-space-size=4096"], v20)).toBe("--interrupt-budget=1000000");
    expect(jitFlag(["--interrupt-budget=5000"], v20)).toBeUndefined();
    expect(jitFlag(["--interrupt_budget=5000"], v20)).toBeUndefined();
    // Another flag that merely starts with the name is not the user's budget.
    expect(jitFlag(["--interrupt-budget-for-feedback-allocation=940"], v20)).toBe(
      "--interrupt-budget=1000000",
    );
    // Node 22 (V8 12.4) and 24 (V8 13.6) print "unrecognized flag" for it.
    expect(jitFlag([], "12.4.254.21-node.33")).toBeUndefined();
    expect(jitFlag([], "13.6.233.17-node.28")).toBeUndefined();
  });

  it("sets the interrupt budget only where this node's V8 accepts it", () => {
    const flag = jitFlag([], process.versions.v8);
    if (!flag) return;
    const r = spawnSync(
      process.execPath,
      ["-e", `require("node:v8").setFlagsFromString(${JSON.stringify(flag)})`],
      {
        encoding: "utf8",
      },
    );
    expect(r.stderr).toBe("");
  });

  it("leaves non-ASCII text outside comments as it is, such as a tagged template's raw text", async () => {
    const bundle = await bundleOfMain(["console.log(String.raw`é\\u00e9`.length, String.raw`é`);", ""]);
    expect(runBundle(bundle)).toBe("7 é");
  });

  it("leaves a bundle non-ASCII when a template's raw text has a // line with non-ASCII text", async () => {
    const bundle = await bundleOfMain([
      "// A comment: café",
      "const text = String.raw`line one",
      "// café — note",
      "`;",
      "console.log(text.length);",
      "",
    ]);
    // Escaped, the raw text would be 34 characters long instead of 24.
    expect(runBundle(bundle)).toBe("24");
    expect(isAscii(readFileSync(bundle))).toBe(false);
  });

  it("reads an ASCII bundle as Latin-1 and anything else as UTF-8, to the same text", () => {
    const dir = tempDir("platform-fast-entry-read");
    for (const text of ["plain ascii\n", "non-ascii: é 😀\n"]) {
      const file = join(dir, "bundle.cjs");
      writeFileSync(file, text);
      expect(readSource(file)).toBe(text);
    }
  });

  it("fails with esbuild's message when a source does not compile", async () => {
    const t = fixture();
    writeFileSync(join(t.root, "lib/greet.ts"), "export function greet( {\n");
    await expect(ensureBuilt(t)).rejects.toThrow(/lib\/greet\.ts:\d+:\d+: ERROR/);
  });
});

/** Runs an entry in the repository without DEBUG (which would send the fast entry to tsx). */
function runEntry(args: readonly string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DEBUG;
  delete env.CDKTF_OUTDIR;
  const run = spawnSync(process.execPath, args, { cwd: REPO, encoding: "utf8", env });
  return {
    status: run.status,
    stdout: run.stdout,
    stderr: run.stderr.replace(/^fast entry: rebuilt .*\n/m, ""),
  };
}
const fast = (...args: string[]) => runEntry([FAST_ENTRY, ...args]);
const tsx = (...args: string[]) => runEntry(["--import", "tsx", "main.ts", ...args]);
/** The summary line carries the elapsed time and the output folder; the rest must match exactly. */
const stable = (stdout: string) => stdout.replace(/ in \d+\.\d+ s -> .*$/m, "");

describe("fast entry against the tsx entry", () => {
  it("writes the same cdktf.out, byte for byte, and the same lines for one environment", () => {
    const envs = tempDir("platform-fast-envs");
    copyFileSync(join(ENVIRONMENTS_DIR, "dev.json"), join(envs, "dev.json"));
    const out = tempDir("platform-fast-out");
    const a = fast("--environments", envs, "--out", join(out, "fast"));
    const b = tsx("--environments", envs, "--out", join(out, "tsx"));
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    expect(stable(a.stdout)).toBe(stable(b.stdout));
    expect(a.stdout).toMatch(/^dev +\d+ resources$/m);
    // The counts come from the construct tree; they are what the files hold.
    const printed = [...a.stdout.matchAll(/^(\S+) +(\d+) resources$/gm)].map((m) => ({
      name: m[1],
      resources: Number(m[2]),
    }));
    expect(printed).toEqual(summarize(join(out, "fast")));
    expect(diffTrees(join(out, "fast"), join(out, "tsx"))).toEqual([]);
  });

  it.each([
    ["bad configuration", (dir: string) => ["--environments", dir, "--out", join(dir, "out")], 1],
    ["an unknown flag", () => ["--colour"], 2],
    ["--help", () => ["--help"], 0],
  ])("answers %s with the same output and exit code", (_case, argsOf, status) => {
    const envs = tempDir("platform-fast-bad");
    writeFileSync(join(envs, "dev.json"), JSON.stringify({ name: "dev", tier: "nope" }));
    const args = argsOf(envs);
    const a = fast(...args);
    const b = tsx(...args);
    expect(a).toEqual(b);
    expect(a.status).toBe(status);
  });
});
