#!/usr/bin/env node
// @ts-check
/**
 * The app's fast entry point, for `npm run synth` and the cdktf CLI (cdktf.json "app"). Takes the same
 * flags as main.ts and behaves the same; it runs main.ts from a prebuilt bundle instead of compiling
 * every TypeScript file through tsx on each run.
 *
 * 1. `DEBUG` set: runs `node --import tsx main.ts` as before, for readable stack traces.
 * 2. Otherwise checks the bundle under node_modules/.cache/fast-entry against the sources
 *    (scripts/fast-entry/stamp.cjs) and rebuilds it when anything changed (build.cjs), so it never runs
 *    stale and needs no separate build step.
 * 3. Runs the bundle through `vm.Script` with a V8 code cache (bytecode saved after the first
 *    successful run, per node version and flags), which skips most parsing and compiling, and on
 *    Node 20 with a larger interrupt budget, so that V8 spends less time optimizing code that runs
 *    only a few times.
 */
"use strict";

const { spawnSync } = require("node:child_process");
const { createHash } = require("node:crypto");
const { isAscii } = require("node:buffer");
const { readFileSync } = require("node:fs");
const Module = require("node:module");
const { dirname, join, resolve } = require("node:path");
const vm = require("node:vm");

const ROOT = resolve(__dirname, "..", "..");
const ENTRY = "main.ts";
/** @type {import("./stamp.cjs").Target} */
const TARGET = { root: ROOT, entry: ENTRY, cacheDir: join(ROOT, "node_modules", ".cache", "fast-entry") };

/** The previous entry point, `node --import tsx main.ts`, in a child process with the same arguments. */
function runWithTsx() {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, "--import", "tsx", join(ROOT, ENTRY), ...process.argv.slice(2)],
    { stdio: "inherit" },
  );
  if (child.error) {
    console.error(`synth: could not start tsx: ${child.error.message}`);
    process.exitCode = 2;
  } else if (child.signal) {
    process.kill(process.pid, child.signal);
  } else {
    process.exitCode = child.status ?? 2;
  }
}

/**
 * Returns the bundle's path and code, rebuilding it when the stamp says it is stale.
 * @param {import("./stamp.cjs").Target} target
 * @returns {Promise<{ bundle: string, code: string, rebuilt?: string }>}
 */
async function ensureBuilt(target) {
  const state = require("./stamp.cjs").check(target);
  if (state.fresh) {
    try {
      return { bundle: state.bundle, code: readSource(state.bundle) };
    } catch {
      // Removed by a concurrent rebuild between the check and the read: build again.
    }
  }
  const reason = state.fresh ? "bundle removed" : state.reason;
  const { bundle, code, warnings } = await require("./build.cjs").build(target);
  for (const w of warnings) console.error(`fast entry: warning: ${w}`);
  return { bundle, code, rebuilt: reason };
}

/**
 * The bundle's text. esbuild writes it as ASCII (non-ASCII characters escaped, comments dropped), and
 * ASCII decodes as Latin-1 several times faster than as UTF-8 (about 5 ms against 30 ms for the 10 MB
 * bundle); anything else is decoded as UTF-8.
 * @param {string} file
 */
function readSource(file) {
  const bytes = readFileSync(file);
  return isAscii(bytes) ? bytes.latin1Slice(0, bytes.length) : bytes.toString("utf8");
}

/**
 * V8 11 (Node 20) compiles a function to optimized code once it has used up its interrupt budget
 * (about 66 kB of bytecode run, by default) a few times, on a second thread. A synth runs for well
 * under a second and most of its code runs a handful of times, so that work is mostly wasted: with a
 * budget of 1 MB, the synth takes about 14% less CPU and the same wall time on Node 20 (`npm run
 * bench`, 2026-12-03). V8 12 (Node 22) and later have no such flag (they count invocations instead,
 * and print "unrecognized flag" for it), so there nothing is set and the gain is Node 20's only. A
 * budget the user sets on the command line is kept (Node refuses V8 tuning flags in NODE_OPTIONS).
 */
const INTERRUPT_BUDGET = 1_000_000;

/**
 * The V8 flag to set before the bundle is compiled, or undefined when this V8 has no interrupt budget
 * or the user chose one.
 * @param {readonly string[]} execArgv @param {string} v8Version such as process.versions.v8
 */
function jitFlag(execArgv, v8Version) {
  if (Number.parseInt(v8Version, 10) !== 11) return undefined;
  const chosen = execArgv.some((a) => /^--interrupt[-_]budget(=|$)/.test(a));
  return chosen ? undefined : `--interrupt-budget=${INTERRUPT_BUDGET}`;
}

/** Where the code cache for this bundle, node and set of flags lives. @param {string} bundle */
function codeCachePath(bundle) {
  const flags = createHash("sha256")
    .update(JSON.stringify([process.execArgv, process.env.NODE_OPTIONS ?? ""]))
    .digest("hex")
    .slice(0, 12);
  return bundle.replace(/\.cjs$/, `.${process.version}-${process.arch}-${flags}.v8`);
}

/**
 * Runs the bundle as a CommonJS module of its own file, with the code cache when there is a valid
 * one, and saves a fresh cache once a run has succeeded (after it, so lazily compiled functions are in).
 * @param {string} bundle @param {string} code
 */
function runBundle(bundle, code) {
  const cacheFile = codeCachePath(bundle);
  /** @type {Buffer | undefined} */
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(code), { filename: bundle, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    process.once("beforeExit", () => {
      if ((process.exitCode ?? 0) !== 0) return;
      try {
        require("./stamp.cjs").writeAtomic(cacheFile, script.createCachedData());
      } catch {
        // No cache, only slower.
      }
    });
  }
  const mod = { exports: {}, filename: bundle, id: ".", loaded: false };
  script.runInThisContext()(mod.exports, Module.createRequire(bundle), mod, bundle, dirname(bundle));
}

if (require.main === module) {
  if (process.env.DEBUG) {
    runWithTsx();
  } else {
    const flag = jitFlag(process.execArgv, process.versions.v8);
    if (flag) require("node:v8").setFlagsFromString(flag);
    ensureBuilt(TARGET).then(
      ({ bundle, code, rebuilt }) => {
        if (rebuilt) console.error(`fast entry: rebuilt (${rebuilt})`);
        try {
          runBundle(bundle, code);
        } catch (err) {
          // Outside the promise, so it fails the way a throwing main module does.
          process.nextTick(() => {
            throw err;
          });
        }
      },
      (err) => {
        const e = /** @type {Error & { errors?: unknown[] }} */ (err);
        if (Array.isArray(e.errors)) {
          // esbuild could not compile a source: its message names the file and line.
          console.error(`Synthesis failed: could not build the entry point: ${e.message}`);
          process.exitCode = 2;
        } else {
          // Nothing wrong with the sources (a read-only cache, say): run them the slow way.
          console.error(`fast entry: could not build (${e.message}); running through tsx`);
          runWithTsx();
        }
      },
    );
  }
}

module.exports = { ensureBuilt, jitFlag, readSource, TARGET };
