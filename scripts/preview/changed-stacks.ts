/**
 * Change detection between two synth outputs (`cdktf.out` folders): which stacks must be planned.
 *
 * A stack is **changed** when its normalized `cdk.tf.json` differs. Normalizing removes what Terraform
 * never sees or what differs between machines: `"//"` comment keys (cdktf metadata and inline policy
 * waivers), key order, the content hash in asset paths (`assets/<Name>/<HASH>`), and absolute paths
 * under the given roots (the output folder, the source tree). Asset *contents* still count: the files
 * under each stack's `assets/` are hashed, with the hash folder masked, and compared too.
 *
 * Then every stack that **depends** on a changed or added stack, transitively (`dependencies` in
 * `manifest.json`, so nothing here lists stack names), and the stacks **added** or **removed**.
 *
 * CLI, for a GitHub Actions matrix:
 *
 * ```sh
 * npx tsx scripts/preview/changed-stacks.ts --base-dir base.out --head-dir cdktf.out [--matrix]
 * ```
 *
 * prints `{"stacks":[...],"reasons":{...},"changed":[...],"dependents":[...],"added":[...],
 * "removed":[...],"unchanged":[...],"any":true,"matrix":{"include":[{"stack":"prod","reason":"changed"}]}}`;
 * with `--matrix` only the matrix object, for `strategy.matrix: ${{ fromJSON(needs.detect.outputs.matrix) }}`
 * (guard that job with the `any` field: an empty matrix fails the workflow).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

/** Why a stack is in the set to plan. */
export type ChangeReason = "changed" | "added" | "removed" | "dependent";

/** One stack of `manifest.json`. */
export interface ManifestStack {
  name: string;
  /** Path of `cdk.tf.json`, relative to the output folder. */
  synthesizedStackPath: string;
  /** Names of the stacks this stack depends on. */
  dependencies: string[];
}

/** Result of `detectChangedStacks`. */
export interface ChangeSet {
  /** Stacks to plan, base and head order merged: dependencies before dependents, removed last. */
  stacks: string[];
  /** Why each stack in `stacks` is there. */
  reasons: Record<string, ChangeReason>;
  /** Stacks whose normalized configuration differs. */
  changed: string[];
  /** Stacks that only depend on a changed or added stack. */
  dependents: string[];
  added: string[];
  removed: string[];
  /** Stacks present on both sides, identical and not dependent on a change. */
  unchanged: string[];
}

/** Options of `detectChangedStacks`. */
export interface DetectOptions {
  /** Absolute paths masked in the base output (besides `baseDir` itself), e.g. the base source tree. */
  baseRoots?: readonly string[];
  /** Absolute paths masked in the head output (besides `headDir` itself), e.g. the repository root. */
  headRoots?: readonly string[];
}

/** Reads `manifest.json` of an output folder. Throws naming the file when it is missing or malformed. */
export function readManifest(outDir: string): Map<string, ManifestStack> {
  const file = path.join(outDir, "manifest.json");
  if (!existsSync(file))
    throw new Error(`${file} not found; synthesize first (npm run synth -- --out ${outDir})`);
  const raw = JSON.parse(readFileSync(file, "utf8")) as { stacks?: Record<string, Partial<ManifestStack>> };
  if (typeof raw.stacks !== "object" || raw.stacks === null) {
    throw new Error(`${file}: expected { "stacks": { <name>: { "synthesizedStackPath": ... } } }`);
  }
  const stacks = new Map<string, ManifestStack>();
  for (const [name, entry] of Object.entries(raw.stacks)) {
    if (typeof entry.synthesizedStackPath !== "string") {
      throw new Error(`${file}: stack ${name} has no synthesizedStackPath`);
    }
    stacks.set(name, {
      name,
      synthesizedStackPath: entry.synthesizedStackPath,
      dependencies: Array.isArray(entry.dependencies) ? entry.dependencies.map(String) : [],
    });
  }
  return stacks;
}

const ASSET_HASH = /(assets\/[^/"\\]+\/)[0-9A-Fa-f]{32,64}/g;

/** A copy with object keys sorted and cdktf's `//` metadata dropped, for comparing synthesized JSON. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .filter((k) => k !== "//")
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

function maskRoots(text: string, roots: readonly string[]): string {
  let out = text;
  // Longest first, so a folder inside another root is masked as itself.
  for (const root of [...new Set(roots)].filter((r) => r.length > 1).sort((a, b) => b.length - a.length)) {
    out = out.split(root).join("<root>");
  }
  return out;
}

function listFiles(dir: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const full = path.join(dir, entry);
      const rel = prefix === "" ? entry : `${prefix}/${entry}`;
      return statSync(full).isDirectory() ? listFiles(full, rel) : [rel];
    });
}

/** Content digest of a stack's `assets/` folder, with the hash folder names masked. */
export function assetDigest(stackDir: string): Record<string, string> {
  const assets = path.join(stackDir, "assets");
  return Object.fromEntries(
    listFiles(assets).map((rel) => [
      rel.replace(/^([^/]+\/)[0-9A-Fa-f]{32,64}/, "$1<hash>"),
      createHash("sha256")
        .update(readFileSync(path.join(assets, rel)))
        .digest("hex"),
    ]),
  );
}

/**
 * The comparable form of a stack: canonical JSON of the document without `"//"` keys, asset hashes
 * and the given absolute roots masked, plus the asset digest.
 */
export function normalizeStack(docText: string, stackDir: string, roots: readonly string[]): string {
  const masked = maskRoots(
    docText,
    roots.map((r) => path.resolve(r)),
  ).replace(ASSET_HASH, "$1<hash>");
  return JSON.stringify({ doc: canonical(JSON.parse(masked)), assets: assetDigest(stackDir) });
}

function normalizedStacks(outDir: string, roots: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const stack of readManifest(outDir).values()) {
    const file = path.join(outDir, stack.synthesizedStackPath);
    out.set(stack.name, normalizeStack(readFileSync(file, "utf8"), path.dirname(file), [outDir, ...roots]));
  }
  return out;
}

/** Stacks in dependency order (dependencies first), ties by name. Unknown dependencies are ignored. */
export function dependencyOrder(manifest: ReadonlyMap<string, ManifestStack>): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string, trail: Set<string>) => {
    if (seen.has(name) || trail.has(name)) return;
    trail.add(name);
    for (const dep of [...(manifest.get(name)?.dependencies ?? [])].sort())
      if (manifest.has(dep)) visit(dep, trail);
    seen.add(name);
    order.push(name);
  };
  for (const name of [...manifest.keys()].sort()) visit(name, new Set());
  return order;
}

/** Every stack that depends on one of `roots`, directly or through others (roots excluded). */
export function dependentsOf(
  manifest: ReadonlyMap<string, ManifestStack>,
  roots: Iterable<string>,
): Set<string> {
  const reverse = new Map<string, string[]>();
  for (const stack of manifest.values()) {
    for (const dep of stack.dependencies) reverse.set(dep, [...(reverse.get(dep) ?? []), stack.name]);
  }
  const start = new Set(roots);
  const found = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    for (const next of reverse.get(queue.shift()!) ?? []) {
      if (!found.has(next) && !start.has(next)) {
        found.add(next);
        queue.push(next);
      }
    }
  }
  return found;
}

/** Compares two synth outputs; see the module comment. */
export function detectChangedStacks(
  baseDir: string,
  headDir: string,
  options: DetectOptions = {},
): ChangeSet {
  const baseManifest = readManifest(baseDir);
  const headManifest = readManifest(headDir);
  const base = normalizedStacks(path.resolve(baseDir), options.baseRoots ?? []);
  const head = normalizedStacks(path.resolve(headDir), options.headRoots ?? []);

  const added = [...head.keys()].filter((s) => !base.has(s)).sort();
  const removed = [...base.keys()].filter((s) => !head.has(s)).sort();
  const changed = [...head.keys()].filter((s) => base.has(s) && base.get(s) !== head.get(s)).sort();
  // Dependents in head of what changed or appeared; dependents in base of what disappeared.
  const dependents = new Set([
    ...dependentsOf(headManifest, [...changed, ...added]),
    ...[...dependentsOf(baseManifest, removed)].filter((s) => head.has(s)),
  ]);
  for (const s of [...changed, ...added]) dependents.delete(s);

  const reasons: Record<string, ChangeReason> = {};
  for (const s of changed) reasons[s] = "changed";
  for (const s of added) reasons[s] = "added";
  for (const s of dependents) reasons[s] = "dependent";
  for (const s of removed) reasons[s] = "removed";
  const stacks = [
    ...dependencyOrder(headManifest).filter((s) => reasons[s] !== undefined),
    ...dependencyOrder(baseManifest).filter((s) => reasons[s] === "removed"),
  ];
  const unchanged = [...head.keys()].filter((s) => reasons[s] === undefined).sort();
  return { stacks, reasons, changed, dependents: [...dependents].sort(), added, removed, unchanged };
}

/** The GitHub Actions matrix for a change set: one entry per stack to plan. */
export function toMatrix(changes: ChangeSet): { include: Array<{ stack: string; reason: ChangeReason }> } {
  return { include: changes.stacks.map((stack) => ({ stack, reason: changes.reasons[stack]! })) };
}

/** CLI entry; returns the exit code (0, or 2 for bad arguments and unreadable output). */
export function main(argv: readonly string[], out: (text: string) => void = console.log): number {
  const usage = "usage: tsx scripts/preview/changed-stacks.ts --base-dir <dir> --head-dir <dir> [--matrix]";
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        "base-dir": { type: "string" },
        "head-dir": { type: "string" },
        matrix: { type: "boolean", default: false },
      },
      allowPositionals: false,
    });
    if (!values["base-dir"] || !values["head-dir"])
      throw new Error(`--base-dir and --head-dir are required\n${usage}`);
    const changes = detectChangedStacks(values["base-dir"], values["head-dir"], {
      baseRoots: [process.cwd()],
      headRoots: [process.cwd()],
    });
    const matrix = toMatrix(changes);
    out(JSON.stringify(values.matrix ? matrix : { ...changes, any: changes.stacks.length > 0, matrix }));
    return 0;
  } catch (error) {
    console.error(`changed-stacks: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename)
  process.exitCode = main(process.argv.slice(2));
