/** Small readers over synthesized Terraform JSON, shared by the tests. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";

export type Attrs = Record<string, unknown>;

/** Resources of one type, keyed by logical name, from a `Testing.synthScope` or stack JSON string. */
export function resourcesOf(synthesized: string | Attrs, type: string): Record<string, Attrs> {
  const doc = typeof synthesized === "string" ? (JSON.parse(synthesized) as Attrs) : synthesized;
  const resources = (doc.resource ?? {}) as Record<string, Record<string, Attrs>>;
  return resources[type] ?? {};
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

/** The stacks that hold a Kubernetes cluster and its platform. */
export const CLUSTER_STACKS = ["dev", "staging", "prod-blue", "prod-green"] as const;
