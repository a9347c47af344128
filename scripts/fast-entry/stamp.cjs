// @ts-check
/**
 * The fast entry's freshness check, run before every synth: is the bundle in the cache still the
 * build of today's sources?
 *
 * A build records a stamp: a key (stamp format, node version, platform, project root, entry) and every
 * file the build depended on (each input esbuild read, each package.json that steered resolution, the
 * lock files, tsconfig.json and the builder's own files), each with its size, mtime, ctime, inode and
 * content hash. Files that were absent are recorded as absent. Each project folder holding an input is
 * recorded with a hash of the source-like file names in it, so a new file that would change how an
 * import resolves (`app.tsx` next to `app.ts`) is noticed too.
 *
 * The check stats every recorded file and lists every recorded folder. A file whose size, mtime, ctime and inode all match is taken as
 * unchanged (the kernel updates ctime on every write, and no tool can set it back); any other file is
 * hashed, and only a different hash makes the build stale. Hash matches after a mere touch (or a fresh
 * clone) are written back, so the next run is fast again. Plain CommonJS on purpose: it runs before
 * anything could compile TypeScript.
 */
"use strict";

const { createHash } = require("node:crypto");
const { readdirSync, readFileSync, renameSync, statSync, writeFileSync } = require("node:fs");
const { join, resolve } = require("node:path");

/** Bump when the stamp's shape or the builder's output changes meaning. */
const STAMP_FORMAT = 1;
/**
 * Files that can take part in module resolution (sources, package and tsconfig files). Folders need
 * no record: a file always wins over a folder of the same name, and a folder that resolved an import
 * already holds a recorded input.
 */
const RESOLVABLE = /\.(?:[cm]?[jt]sx?|json)$/;

/**
 * @typedef {[rel: string, size: number, mtimeMs: number, ctimeMs: number, ino: number, sha256: string] | [rel: string, absent: null]} FileRecord
 * @typedef {[rel: string, listing: string]} DirRecord
 * @typedef {{ format: number, node: string, platform: string, arch: string, root: string, entry: string }} StampKey
 * @typedef {{ key: StampKey, bundle: string, bundleSize: number, files: FileRecord[], dirs: DirRecord[] }} Stamp
 * @typedef {{ root: string, entry: string, cacheDir: string }} Target
 */

/** @param {Target} target @returns {StampKey} */
function keyOf(target) {
  return {
    format: STAMP_FORMAT,
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    root: resolve(target.root),
    entry: target.entry,
  };
}

/** @param {string | Buffer} data */
function sha256(data) {
  return createHash("sha256").update(data).digest("hex");
}

/** Hash of the names in a folder that could change module resolution, sorted. @param {string} dir */
function listingOf(dir) {
  try {
    return sha256(
      readdirSync(dir)
        .filter((name) => RESOLVABLE.test(name))
        .sort()
        .join("\n"),
    );
  } catch {
    return "absent";
  }
}

/** The record of one file as it is now. @param {string} root @param {string} rel @returns {FileRecord} */
function fileRecord(root, rel) {
  const abs = resolve(root, rel);
  const st = statSync(abs, { throwIfNoEntry: false });
  if (!st) return [rel, null];
  return [rel, st.size, st.mtimeMs, st.ctimeMs, st.ino, sha256(readFileSync(abs))];
}

/** @param {string} root @param {string} rel @returns {DirRecord} */
function dirRecord(root, rel) {
  return [rel, listingOf(resolve(root, rel))];
}

/** @param {Target} target */
function stampPath(target) {
  return join(target.cacheDir, "stamp.json");
}

/** Writes a file through a temporary sibling and a rename, so a reader never sees half of it. */
function writeAtomic(/** @type {string} */ file, /** @type {string | Uint8Array} */ data) {
  const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * Checks the stamp against the disk. Returns the bundle's path when it is fresh, or the reason it
 * is not. Cheap when nothing changed: one stat per recorded file, one listing per recorded folder.
 * @param {Target} target
 * @returns {{ fresh: true, bundle: string } | { fresh: false, reason: string }}
 */
function check(target) {
  /** @type {Stamp} */
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampPath(target), "utf8"));
  } catch {
    return { fresh: false, reason: "no build yet" };
  }
  const key = keyOf(target);
  for (const [name, value] of Object.entries(key)) {
    const had = /** @type {Record<string, unknown> | undefined} */ (stamp.key)?.[name];
    if (had !== value) return { fresh: false, reason: `${name} changed (${String(had)} -> ${value})` };
  }
  const bundle = join(target.cacheDir, stamp.bundle);
  if (statSync(bundle, { throwIfNoEntry: false })?.size !== stamp.bundleSize) {
    return { fresh: false, reason: "bundle missing" };
  }
  let touched = false;
  for (let i = 0; i < stamp.files.length; i++) {
    const was = /** @type {FileRecord} */ (stamp.files[i]);
    const rel = was[0];
    const st = statSync(resolve(target.root, rel), { throwIfNoEntry: false });
    if (was[1] === null) {
      if (st) return { fresh: false, reason: `added: ${rel}` };
      continue;
    }
    if (!st) return { fresh: false, reason: `removed: ${rel}` };
    if (st.size === was[1] && st.mtimeMs === was[2] && st.ctimeMs === was[3] && st.ino === was[4]) continue;
    const now = fileRecord(target.root, rel);
    if (now[5] !== was[5]) return { fresh: false, reason: `changed: ${rel}` };
    stamp.files[i] = now;
    touched = true;
  }
  for (const [rel, listing] of stamp.dirs) {
    if (listingOf(resolve(target.root, rel)) !== listing) {
      return { fresh: false, reason: `source files added or removed in ${rel}/` };
    }
  }
  if (touched) {
    try {
      writeAtomic(stampPath(target), JSON.stringify(stamp));
    } catch {
      // A read-only cache stays correct, only slower: the next run hashes again.
    }
  }
  return { fresh: true, bundle };
}

module.exports = { check, dirRecord, fileRecord, keyOf, sha256, stampPath, writeAtomic };
