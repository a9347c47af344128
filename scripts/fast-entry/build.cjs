// @ts-check
/**
 * Builds the fast entry: one esbuild bundle of the app entry (main.ts) with every dependency inside,
 * written under node_modules/.cache/ with the stamp that scripts/fast-entry/stamp.cjs checks. Loaded
 * only when that check finds the bundle missing or stale.
 *
 * The bundle behaves as the sources run through tsx do:
 * - `__dirname` and `__filename` keep their per-file values. A file that uses them gets its own
 *   definitions, so `environments/load.ts` still finds the environment files and the raw-manifests
 *   chart (a cdktf asset) still resolves next to its construct, and cdktf's archive helper still
 *   spawns its own file rather than the bundle.
 * - `patches.cjs` changes a few spots in cdktf and constructs that cost time on
 *   every synth without changing what it writes (token stack traces nobody reads, a module nothing
 *   calls, conversions repeated for the same input); each is listed and explained there. DEBUG runs
 *   do not use the bundle at all (scripts/fast-entry/run.cjs runs tsx).
 */
"use strict";

const { isAscii } = require("node:buffer");
const { mkdirSync, readdirSync, readFileSync, rmSync, statSync } = require("node:fs");
const { isBuiltin } = require("node:module");
const { dirname, extname, join, relative, resolve, sep } = require("node:path");
const { applyPatches } = require("./patches.cjs");
const { dirRecord, fileRecord, keyOf, sha256, stampPath, writeAtomic } = require("./stamp.cjs");

/** How esbuild should read a file the plugin loaded, by extension. */
const LOADERS = /** @type {const} */ ({
  ".ts": "ts",
  ".mts": "ts",
  ".cts": "ts",
  ".tsx": "tsx",
  ".js": "js",
  ".cjs": "js",
  ".mjs": "js",
  ".json": "json",
});

/** A hashbang line, then comments and a "use strict" directive, if any. */
const PROLOGUE = /^(?:#![^\n]*\n)?(?:(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*(["'])use strict\1;?)?/;

/** Files outside the inputs that steer the build; recorded even when absent. */
const EXTRA_INPUTS = [
  "package.json",
  "package-lock.json",
  "node_modules/.package-lock.json",
  "tsconfig.json",
];

/** Relative path with forward slashes. @param {string} root @param {string} abs */
function relOf(root, abs) {
  return relative(root, abs).split(sep).join("/");
}

/** The package.json of the package a node_modules file belongs to. @param {string} rel */
function packageJsonOf(rel) {
  const parts = rel.split("/");
  const at = parts.lastIndexOf("node_modules");
  if (at < 0) return undefined;
  const name = parts[at + 1]?.startsWith("@") ? 2 : 1;
  return [...parts.slice(0, at + 1 + name), "package.json"].join("/");
}

/**
 * Rewrites one loaded file (see the header). Returns the contents unchanged when nothing applies.
 * @param {string} file @param {string} contents @param {string[]} warnings
 */
function rewrite(file, contents, warnings) {
  const out = applyPatches(file, contents, warnings);
  const uses = [];
  if (/\b__dirname\b/.test(out)) uses.push(`var __dirname = ${JSON.stringify(dirname(file))};`);
  if (/\b__filename\b/.test(out)) uses.push(`var __filename = ${JSON.stringify(file)};`);
  if (uses.length === 0) return out;
  // After a hashbang and a "use strict" prologue (so strict code stays strict), on the same line (so
  // line numbers in messages stay as they were).
  const head = PROLOGUE.exec(out)?.[0] ?? "";
  return `${head}${uses.join(" ")} ${out.slice(head.length)}`;
}

/** esbuild's helper behind `keepNames`, as it prints it. */
const NAME_HELPER =
  /^var __name = \((\w+), value\) => __defProp\(\1, "name", \{ value, configurable: true \}\);$/m;

/**
 * `keepNames` makes every function and class restate its name through `__name`, about 3,300 calls at
 * startup, most of them for names that are already right; esbuild only renames the ones that collide.
 * The helper is rewritten to skip the property write when the name is already the one it would set,
 * which leaves every name the same and saves most of what `keepNames` costs.
 * @param {string} code @param {string[]} warnings
 */
function fastNames(code, warnings) {
  if (NAME_HELPER.test(code)) {
    return code.replace(
      NAME_HELPER,
      'var __name = ($1, value) => $1.name === value ? $1 : __defProp($1, "name", { value, configurable: true });',
    );
  }
  if (code.includes("__name("))
    warnings.push("esbuild's __name helper changed shape; names are set the slow way");
  return code;
}

/** A line that starts with `//` and holds a non-ASCII character: what `asciiOnly` escapes. */
const NON_ASCII_COMMENT_LINE = /^[ \t]*\/\/.*[^\p{ASCII}].*$/gmu;

/**
 * esbuild escapes every non-ASCII character in code where it can (its default `charset: "ascii"`) but
 * copies the comments it keeps as they are, and a few dependencies' comments hold non-ASCII text.
 * Escaping the characters on lines that are a `//` comment makes the bundle ASCII, which `run.cjs`
 * decodes as Latin-1, several times faster than UTF-8. Other lines are left alone: the raw text of a
 * tagged template, say, would change meaning if escaped, and a line of one may start with `//` too,
 * so `build` calls this only when `keepsNonAsciiCode` found no source file that could hold such a
 * line. A bundle that stays non-ASCII is correct, only read more slowly.
 * @param {string} code
 */
function asciiOnly(code) {
  return code.replace(NON_ASCII_COMMENT_LINE, (line) =>
    line.replace(/[^\p{ASCII}]/gu, (ch) => {
      const cp = /** @type {number} */ (ch.codePointAt(0));
      return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, "0")}`;
    }),
  );
}

/**
 * Whether a loaded file could put a `//` line with non-ASCII text into the bundle that is not a
 * comment (a line of a tagged template's raw text, which esbuild copies as it is). Only files with
 * such a line are checked, about a dozen small ones: esbuild prints each without comments and with
 * strings escaped, and anything non-ASCII left is code, so the bundle keeps its text as it is.
 * @param {string} contents @param {import("esbuild").Loader} loader
 */
function keepsNonAsciiCode(contents, loader) {
  NON_ASCII_COMMENT_LINE.lastIndex = 0;
  if (!NON_ASCII_COMMENT_LINE.test(contents)) return false;
  try {
    const { code } = require("esbuild").transformSync(contents, {
      loader,
      minifyWhitespace: true,
      legalComments: "none",
      charset: "ascii",
      logLevel: "silent",
    });
    return !isAscii(Buffer.from(code));
  } catch {
    return true;
  }
}

/**
 * Bundles `target.entry` and writes `<hash>.cjs` and `stamp.json` into `target.cacheDir`, removing
 * older builds. The stamp lists every file read, with the stat taken before the read, so an edit
 * that lands while the build runs makes the next check rebuild.
 * @param {import("./stamp.cjs").Target} target
 * @returns {Promise<{ bundle: string, code: string, warnings: string[] }>}
 */
async function build(target) {
  const esbuild = require("esbuild");
  const root = resolve(target.root);
  mkdirSync(target.cacheDir, { recursive: true });
  /** @type {Map<string, import("./stamp.cjs").FileRecord>} */
  const files = new Map();
  const record = (/** @type {string} */ rel) => {
    if (!files.has(rel)) files.set(rel, fileRecord(root, rel));
  };
  for (const rel of EXTRA_INPUTS) record(rel);
  for (const name of readdirSync(__dirname)) record(relOf(root, join(__dirname, name)));
  record(relOf(root, require.resolve("esbuild/package.json")));

  /** @type {string[]} */
  const warnings = [];
  /** Files whose non-ASCII text is not only in comments (see `keepsNonAsciiCode`). */
  let keepsNonAscii = false;
  /** @type {import("esbuild").Plugin} */
  const plugin = {
    name: "fast-entry",
    setup(b) {
      b.onLoad({ filter: /\.(?:[cm]?[jt]s|tsx|json)$/ }, (args) => {
        const loader = LOADERS[/** @type {keyof typeof LOADERS} */ (extname(args.path))];
        if (args.namespace !== "file" || !loader) return undefined;
        const rel = relOf(root, args.path);
        const st = statSync(args.path);
        const bytes = readFileSync(args.path);
        files.set(rel, [rel, st.size, st.mtimeMs, st.ctimeMs, st.ino, sha256(bytes)]);
        const text = bytes.toString("utf8");
        const contents = loader === "json" ? text : rewrite(args.path, text, warnings);
        if (loader !== "json" && keepsNonAsciiCode(contents, loader)) keepsNonAscii = true;
        return { contents, loader };
      });
    },
  };

  const outfile = join(target.cacheDir, "entry.cjs");
  const result = await esbuild.build({
    entryPoints: [resolve(root, target.entry)],
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format: "cjs",
    // The running node, as tsx targets: modern syntax is left as tsx leaves it.
    target: `node${process.versions.node}`,
    // Classes and functions keep their names, as in the sources (esbuild renames colliding ones).
    keepNames: true,
    legalComments: "none",
    outfile,
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [plugin],
  });
  for (const w of result.warnings) warnings.push(w.text);

  const inputs = Object.keys(result.metafile.inputs);
  for (const rel of inputs) {
    record(rel);
    const pkg = packageJsonOf(rel);
    if (pkg) record(pkg);
  }
  const dirs = [...new Set(inputs.filter((rel) => !rel.includes("node_modules/")).map((rel) => dirname(rel)))]
    .sort()
    .map((rel) => dirRecord(root, rel));
  const externals = Object.values(result.metafile.outputs)
    .flatMap((o) => o.imports)
    .filter((i) => i.external && !isBuiltin(i.path))
    .map((i) => i.path);
  if (externals.length > 0) warnings.push(`left outside the bundle: ${[...new Set(externals)].join(", ")}`);

  const output = result.outputFiles.find((f) => f.path === outfile);
  if (!output) throw new Error(`esbuild wrote no ${outfile}`);
  const named = fastNames(output.text, warnings);
  const code = keepsNonAscii ? named : asciiOnly(named);
  const key = keyOf(target);
  const name = `${sha256(JSON.stringify(key) + code).slice(0, 16)}.cjs`;
  const bundle = join(target.cacheDir, name);
  writeAtomic(bundle, code);
  /** @type {import("./stamp.cjs").Stamp} */
  const stamp = {
    key,
    bundle: name,
    bundleSize: Buffer.byteLength(code),
    files: [...files.values()].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    dirs,
  };
  writeAtomic(stampPath(target), JSON.stringify(stamp));
  prune(target.cacheDir, name);
  return { bundle, code, warnings };
}

/** Removes older bundles and their code caches. @param {string} cacheDir @param {string} keep */
function prune(cacheDir, keep) {
  const id = keep.replace(/\.cjs$/, "");
  for (const name of readdirSync(cacheDir)) {
    if (name === "stamp.json" || name.startsWith(`${id}.`) || name.includes(".tmp-")) continue;
    rmSync(join(cacheDir, name), { force: true });
  }
}

module.exports = { asciiOnly, build };
