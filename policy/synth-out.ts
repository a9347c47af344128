/**
 * Reads a cdktf output directory: `manifest.json` and each stack's `cdk.tf.json`.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { isObject } from "./lib/values.js";
import type { StackDoc } from "./types.js";

/** One synthesized stack. */
export interface SynthesizedStack {
  name: string;
  /** Absolute path of its `cdk.tf.json`. */
  file: string;
  doc: StackDoc;
}

/** Path of the manifest in an output directory. */
export function manifestPath(outDir: string): string {
  return path.join(outDir, "manifest.json");
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot read ${file}: ${detail}`);
  }
}

/** Every stack listed in `<outDir>/manifest.json`, sorted by name. Throws a readable error when absent. */
export function readSynthesizedStacks(outDir: string): SynthesizedStack[] {
  const manifestFile = manifestPath(outDir);
  if (!existsSync(manifestFile))
    throw new Error(`${manifestFile} not found; run the synth first (npm run synth)`);
  const manifest = readJson(manifestFile);
  if (!isObject(manifest) || !isObject(manifest.stacks)) {
    throw new Error(`${manifestFile}: expected { "stacks": { <name>: { "synthesizedStackPath": ... } } }`);
  }
  return Object.entries(manifest.stacks)
    .map(([name, entry]) => {
      const relative = isObject(entry) ? entry.synthesizedStackPath : undefined;
      if (typeof relative !== "string")
        throw new Error(`${manifestFile}: stack ${name} has no synthesizedStackPath`);
      const file = path.resolve(outDir, relative);
      const doc = readJson(file);
      if (!isObject(doc)) throw new Error(`${file}: expected a JSON object`);
      return { name, file, doc: doc as StackDoc };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
