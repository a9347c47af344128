/** Small readers over synthesized Terraform JSON, shared by the tests. */
import { readFileSync } from "node:fs";
import { join } from "node:path";

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

/** Masks values that legitimately vary between machines (absolute paths, asset hashes). */
export function sanitize(doc: Attrs): Attrs {
  const text = JSON.stringify(doc, null, 2)
    .replaceAll(process.cwd(), "<repo>")
    .replace(/assets\/[A-Za-z0-9_-]+\/[0-9A-F]{32}/g, "assets/<asset>/<hash>");
  return JSON.parse(text) as Attrs;
}
