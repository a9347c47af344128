/**
 * Reads every environment data file (`environments/*.json`), parses each through the schema, and
 * applies the rules that span files. Collects all problems before failing.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { ConfigError, type ConfigProblem, problemsFromZod } from "./errors";
import { JsonSourceError, parseJsonStrict } from "./json-source";
import { type Color, type Environment, EnvironmentSchema } from "./schema";

/** The folder holding the checked-in environment files. */
export const ENVIRONMENTS_DIR = __dirname;
/** The stack that creates the remote state bucket; its name is reserved. */
export const BOOTSTRAP_STACK = "bootstrap";
/** The Azure state account's stack (local backend), when any environment has an Azure side. */
export const AZURE_BOOTSTRAP_STACK = "bootstrap-azure";
export const COLORS: readonly Color[] = ["blue", "green"];

/** The registry stack of a self-contained environment: `<env>-registry`. */
export function registryStackOf(envName: string): string {
  return `${envName}-registry`;
}

/**
 * Names of the stacks an environment produces: a self-contained one its registry and itself, prod
 * its foundation plus one per color (and its edge and Azure side).
 */
export function stackNamesOf(env: Pick<Environment, "name" | "tier" | "azure" | "edge">): string[] {
  const withColors = (base: string) =>
    env.tier === "production" ? [base, ...COLORS.map((c) => `${base}-${c}`)] : [base];
  return [
    // A self-contained environment's registry is applied (and pushed to) before the environment.
    ...(env.tier === "production" ? [] : [registryStackOf(env.name)]),
    ...withColors(env.name),
    ...(env.edge ? [`${env.name}-edge`] : []),
    ...(env.azure
      ? env.tier === "production"
        ? withColors(`${env.name}-azure`)
        : [`${env.name}-azure`, `${env.name}-azure-cluster`]
      : []),
  ];
}

/** Parses raw environment documents (file name to parsed JSON). Throws {@link ConfigError}. */
export function parseEnvironments(files: ReadonlyMap<string, unknown>): Environment[] {
  const problems: ConfigProblem[] = [];
  const envs: { file: string; env: Environment }[] = [];
  for (const [file, raw] of files) {
    const result = EnvironmentSchema.safeParse(raw);
    if (result.success) envs.push({ file, env: result.data });
    else problems.push(...problemsFromZod(file, raw, result.error));
  }
  problems.push(...acrossFiles(envs));
  if (problems.length > 0) throw new ConfigError(problems);
  return envs.map((e) => e.env);
}

function acrossFiles(envs: readonly { file: string; env: Environment }[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const owners = new Map<string, string>([[BOOTSTRAP_STACK, "(reserved)"]]);
  for (const { file, env } of envs) {
    for (const stack of stackNamesOf(env)) {
      const owner = owners.get(stack);
      if (owner) {
        problems.push({
          file,
          path: "name",
          value: env.name,
          allowed: `a name whose stacks are unique, but stack "${stack}" is already used by ${owner}`,
          hint: "every environment needs a unique name",
        });
      }
      owners.set(stack, file);
    }
  }
  const onAws = envs.flatMap(({ file, env }) => (env.aws ? [{ file, state: env.aws.state }] : []));
  const first = onAws[0];
  for (const { file, state } of onAws.slice(1)) {
    if (first && (state.bucket !== first.state.bucket || state.region !== first.state.region)) {
      problems.push({
        file,
        path: "aws.state",
        value: state,
        allowed: `the same state location as ${first.file} (${JSON.stringify(first.state)})`,
        hint: "the bootstrap stack creates one state bucket; keys separate the stacks",
      });
    }
  }
  return problems;
}

/** Reads `*.json` from a folder (sorted, so output is deterministic) and parses them. */
export function loadEnvironments(dir: string = ENVIRONMENTS_DIR): Environment[] {
  const files = new Map<string, unknown>();
  const problems: ConfigProblem[] = [];
  const names = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  for (const name of names) {
    const path = join(dir, name);
    const display = relative(process.cwd(), path) || basename(path);
    try {
      files.set(display, parseJsonStrict(readFileSync(path, "utf8")));
    } catch (err) {
      if (!(err instanceof JsonSourceError)) throw err;
      for (const p of err.problems) {
        problems.push({
          file: `${display}:${p.line}:${p.column}`,
          path: p.path || "(file)",
          value: p.found,
          allowed: p.path ? "each key once per object" : "valid JSON",
          hint: p.message,
        });
      }
    }
  }
  if (names.length === 0) {
    problems.push({
      file: dir,
      path: "(dir)",
      value: [],
      allowed: "at least one *.json",
      hint: "add an environment file",
    });
  }
  // Files that did not read are left out of the parse; their problems come first, each once.
  let parsed: ConfigProblem[] = [];
  let envs: Environment[] = [];
  try {
    envs = parseEnvironments(files);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    parsed = [...err.problems];
  }
  if (problems.length > 0 || parsed.length > 0) throw new ConfigError([...problems, ...parsed]);
  return envs;
}
