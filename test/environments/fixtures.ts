/** Builders for environment test cases: the checked-in files, deep-copied, with a mutation applied. */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ENVIRONMENTS_DIR } from "../../environments/load";
import { tempDir } from "../helpers";

export type Json = Record<string, unknown>;
export const ENV_FILES = ["dev", "staging", "prod"] as const;
export type EnvName = (typeof ENV_FILES)[number];

export function loadRaw(name: EnvName): Json {
  return JSON.parse(readFileSync(join(ENVIRONMENTS_DIR, `${name}.json`), "utf8")) as Json;
}

/** Sets `value` at a dotted path (`a.b.0.c`); `undefined` deletes the key. */
export function setPath(doc: Json, path: string, value: unknown): Json {
  const keys = path.split(".");
  let cur = doc as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) cur = cur[key] as Record<string, unknown>;
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return doc;
}

/** Writes the three environments (with optional edits and extra files) into a fresh folder. */
export function writeEnvironments(
  edit: (envs: Record<EnvName, Json>) => Record<string, Json | string> | undefined,
): string {
  const envs = { dev: loadRaw("dev"), staging: loadRaw("staging"), prod: loadRaw("prod") };
  const extra = edit(envs) ?? {};
  const dir = tempDir("platform-envs");
  mkdirSync(dir, { recursive: true });
  for (const [name, doc] of Object.entries({ ...envs, ...extra })) {
    writeFileSync(join(dir, `${name}.json`), typeof doc === "string" ? doc : JSON.stringify(doc, null, 2));
  }
  return dir;
}
