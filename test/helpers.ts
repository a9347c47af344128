/** Small readers over synthesized Terraform JSON, and the run's shared synth (`synthDir`), for the tests. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { inject } from "vitest";
import { parse } from "yaml";

export type Attrs = Record<string, unknown>;

/** Resources of one type, keyed by logical name, from a `Testing.synthScope` or stack JSON string. */
export function resourcesOf(synthesized: string | Attrs, type: string): Record<string, Attrs> {
  const doc = typeof synthesized === "string" ? (JSON.parse(synthesized) as Attrs) : synthesized;
  const resources = (doc.resource ?? {}) as Record<string, Record<string, Attrs>>;
  return resources[type] ?? {};
}

/**
 * Every address `address` waits for through `depends_on`, directly or through what those wait for
 * (such as the cluster's readiness gate), in one synthesized stack.
 */
export function waitsFor(synthesized: string | Attrs, address: string): Set<string> {
  const doc = typeof synthesized === "string" ? (JSON.parse(synthesized) as Attrs) : synthesized;
  const resources = (doc.resource ?? {}) as Record<string, Record<string, Attrs>>;
  const depsOf = (a: string): string[] => {
    const dot = a.indexOf(".");
    return (resources[a.slice(0, dot)]?.[a.slice(dot + 1)]?.depends_on as string[] | undefined) ?? [];
  };
  const seen = new Set<string>();
  const todo = [...depsOf(address)];
  while (todo.length > 0) {
    const next = todo.pop() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    todo.push(...depsOf(next));
  }
  return seen;
}

/** Reads one synthesized stack from an output folder. */
export function readStack(outdir: string, stack: string): Attrs {
  return JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as Attrs;
}

/** Logical names of one resource type with the 8-hex hash suffix removed, sorted. */
export function logicalIds(out: string, type: string): string[] {
  return Object.keys(resourcesOf(out, type))
    .map((k) => k.replace(/_[0-9A-F]{8}$/, ""))
    .sort();
}

/** The one resource of `type` whose logical name (hash removed) is exactly `id`. */
export function resourceById(out: string, type: string, id: string): Attrs {
  const match = Object.entries(resourcesOf(out, type)).find(([k]) => k.replace(/_[0-9A-F]{8}$/, "") === id);
  if (!match) throw new Error(`no ${type} named ${id}; have ${logicalIds(out, type).join(", ")}`);
  return match[1];
}

/** Data sources of one type, keyed by logical name. */
export function dataSourcesOf(out: string, type: string): Record<string, Attrs> {
  const doc = JSON.parse(out) as { data?: Record<string, Record<string, Attrs>> };
  return doc.data?.[type] ?? {};
}

/** Statements of the policy document that a `${data.aws_iam_policy_document.X.json}` reference names. */
export function statementsOf(out: string, jsonRef: unknown): Attrs[] {
  const name = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(String(jsonRef))?.[1];
  const doc = name ? dataSourcesOf(out, "aws_iam_policy_document")[name] : undefined;
  if (!doc) throw new Error(`not a policy document reference: ${String(jsonRef)}`);
  return doc.statement as Attrs[];
}

/** The message a construction throws; fails the test when it does not throw. */
export function errorOf(build: () => unknown): string {
  try {
    build();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected construction to throw");
}

/** The line a `Validator` writes for one problem, without the hint. */
export function problem(field: string, value: unknown, allowed: string): string {
  return `${field}: got ${JSON.stringify(value)}; allowed: ${allowed}`;
}

const tempDirs: string[] = [];

/** A fresh folder under the OS temp dir, removed once the test file is done (see test/setup.ts). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

/** Removes every folder `tempDir` made in this test file. */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A Kubernetes object as a RawManifests release delivers it. */
export interface Delivered {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly [key: string]: unknown;
}

/** Every object that a stack delivers through the `manifests` values of its helm releases. */
export function deliveredObjects(outdir: string, stack: string): { release: string; object: Delivered }[] {
  return Object.values(resourcesOf(readStack(outdir, stack), "helm_release")).flatMap((r) =>
    ((r.values as string[] | undefined) ?? []).flatMap((text) => {
      const doc = parse(text) as { manifests?: Delivered[] } | null;
      return (doc?.manifests ?? []).map((object) => ({ release: String(r.name), object }));
    }),
  );
}

/** Every stack the checked-in environments make, sorted: both clouds, the edge and the bootstraps. */
export const ALL_STACKS: readonly string[] = [
  "bootstrap",
  "bootstrap-azure",
  "dev",
  "dev-registry",
  "prod",
  "prod-azure",
  "prod-azure-blue",
  "prod-azure-green",
  "prod-blue",
  "prod-edge",
  "prod-green",
  "staging",
  "staging-azure",
  "staging-azure-cluster",
  "staging-registry",
];

/** The Azure stacks that hold an AKS cluster and the platform. */
export const AZURE_CLUSTER_STACKS = ["staging-azure-cluster", "prod-azure-blue", "prod-azure-green"] as const;

/** The stacks that hold an EKS cluster and its platform. */
export const CLUSTER_STACKS = ["dev", "staging", "prod-blue", "prod-green"] as const;
/** Every cluster stack, on either cloud. */
export const EVERY_CLUSTER_STACK = [...CLUSTER_STACKS, ...AZURE_CLUSTER_STACKS] as const;

/** Repository root (this file is test/helpers.ts). */
const REPO_ROOT = resolve(__dirname, "..");

/**
 * How the shared synth runs: `npm run synth`'s own entry (scripts/fast-entry/run.cjs, main.ts as a
 * cached bundle: validation, then an atomic swap into `--out`) in a child process. Its output is
 * byte-identical to `node --import tsx main.ts` (npm run bench checks it every round).
 */
const SYNTH_COMMAND = ["scripts/fast-entry/run.cjs"] as const;

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** The pid in a lock folder; 0 while the holder has not written it yet (or the lock is gone). */
function lockHolder(lock: string): number {
  try {
    return Number(readFileSync(join(lock, "pid"), "utf8")) || 0;
  } catch {
    return 0;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The whole app, synthesized once per test run and shared by every test file that reads it: the
 * `cdktf.out` folder in the run's folder from test/global-setup.ts. The first caller in any worker
 * synthesizes it (a lock folder makes the others wait for that one), so test files that never call
 * this never wait for a synth. Throws the synth's output when it failed.
 */
export function synthDir(): string {
  const root = inject("sharedSynthRoot");
  const outdir = join(root, "cdktf.out");
  const failed = join(root, "synth-failed.txt");
  const lock = join(root, "synth.lock");
  const deadline = Date.now() + 300_000;
  for (;;) {
    // The atomic swap renames a complete folder into place: a manifest means the synth is done.
    if (existsSync(join(outdir, "manifest.json"))) return outdir;
    if (existsSync(failed)) throw new Error(readFileSync(failed, "utf8"));
    try {
      mkdirSync(lock);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const holder = lockHolder(lock);
      // A worker that died holding the lock (a killed run): take over.
      if (holder > 0 && !alive(holder)) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`shared synth: still locked by pid ${holder} after 300 s`);
      Atomics.wait(sleeper, 0, 0, 20);
      continue;
    }
    writeFileSync(join(lock, "pid"), String(process.pid));
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    // DEBUG makes the fast entry fall back to tsx (source-mapped traces); the tests need no traces.
    delete env.DEBUG;
    const r = spawnSync(process.execPath, [...SYNTH_COMMAND, "--out", outdir], {
      cwd: REPO_ROOT,
      env,
      encoding: "utf8",
      timeout: 240_000,
    });
    if (r.status !== 0 || !existsSync(join(outdir, "manifest.json"))) {
      const why = r.error ? r.error.message : `exit ${r.status ?? r.signal}`;
      writeFileSync(failed, `shared synth failed (${why}):\n${r.stdout}${r.stderr}`);
    }
  }
}
