// @ts-check
/**
 * What the bundle changes in its dependencies, each to skip work whose result is never used or to
 * do the same work faster. Every patch leaves the synthesized output byte for byte the same:
 * `test/scripts/fast-entry.test.ts` compares the bundle's cdktf.out with the tsx entry's (which runs
 * the packages unpatched), and tests each patch on its own.
 *
 * A patch names the exact text it replaces. When a dependency's update changes that text, the patch
 * does not apply and the build prints a warning naming it; the bundle then runs that part unpatched,
 * slower but correct.
 */
"use strict";

/**
 * @typedef {{
 *   name: string,
 *   module: RegExp,
 *   find: string,
 *   replace: string,
 *   unpatched: string,
 * }} Patch
 */

/** A module path under node_modules, for any separator. @param {string} rel */
const moduleFile = (rel) =>
  new RegExp(`[\\\\/]node_modules[\\\\/]${rel.split("/").map(regexQuote).join("[\\\\/]")}$`);
/** @param {string} s */
function regexQuote(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** @type {readonly Patch[]} */
const PATCHES = [
  {
    name: "token stack traces",
    // cdktf records a full stack trace for every token it creates, shown only when that token fails
    // to resolve; `withoutTokenTraces` (constructs/core.ts) already formats them as empty during
    // synthesis, and DEBUG runs use tsx, not the bundle.
    module: moduleFile("cdktf/lib/tokens/private/stack-trace.js"),
    find: "function captureStackTrace(below) {",
    replace: "function captureStackTrace(below) {\n    if (!process.env.DEBUG) return [];",
    unpatched: "token traces stay on",
  },
  {
    name: "lazy archiver",
    // Only zipping an asset uses archiver, and no asset here is an archive; loading it and its
    // dependencies cost about 12 ms of every synth.
    module: moduleFile("cdktf/lib/private/fs.js"),
    find: 'const archiver = require("archiver");',
    replace: 'const archiver = (...args) => require("archiver")(...args);',
    unpatched: "archiver loads at startup",
  },
  {
    name: "snake case cache",
    // cdktf converts the same few keys (depends_on, provider, lifecycle, ...) with three regular
    // expressions for every element; the result depends only on the key.
    module: moduleFile("cdktf/lib/util.js"),
    find: "function snakeCase(str) {",
    replace: [
      "const snakeCaseCache = new Map();",
      "function snakeCase(str) {",
      '    if (typeof str !== "string") return snakeCaseUncached(str);',
      "    let cached = snakeCaseCache.get(str);",
      "    if (cached === undefined) snakeCaseCache.set(str, (cached = snakeCaseUncached(str)));",
      "    return cached;",
      "}",
      "function snakeCaseUncached(str) {",
    ].join("\n"),
    unpatched: "keys are converted on every call",
  },
  {
    name: "construct path cache",
    // A construct's path (its scopes' ids) cannot change once it exists, but constructs rebuilds it
    // from the root on every read, and cdktf reads it for every element several times.
    module: moduleFile("constructs/lib/construct.js"),
    find: "    get path() {\n        const components = [];",
    replace:
      "    get path() {\n        if (this._cachedPath !== undefined) return this._cachedPath;\n        const components = [];",
    unpatched: "paths are rebuilt on every read",
  },
  {
    name: "construct path cache (store)",
    module: moduleFile("constructs/lib/construct.js"),
    find: "        return components.join(Node.PATH_SEP);",
    replace: "        return (this._cachedPath = components.join(Node.PATH_SEP));",
    unpatched: "paths are rebuilt on every read",
  },
];

/**
 * Applies the patches for `file` to its text, and pushes a warning for each one that no longer finds
 * its text.
 * @param {string} file @param {string} text @param {string[]} warnings
 */
function applyPatches(file, text, warnings) {
  let out = text;
  for (const p of PATCHES) {
    if (!p.module.test(file)) continue;
    if (out.includes(p.find)) {
      out = out.replace(p.find, p.replace);
    } else {
      warnings.push(`${file} no longer has the text of the "${p.name}" patch; ${p.unpatched}`);
    }
  }
  return out;
}

module.exports = { applyPatches, PATCHES };
