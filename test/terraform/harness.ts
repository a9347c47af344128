/**
 * Real Terraform over the synthesized stacks, offline: schemas rebuilt from the provider bindings
 * (`schema/`), served by the stand-in provider plugin (`plugin/`) through a filesystem mirror.
 *
 * - {@link offlineTerraform}: one mirror for every provider the stacks in a cdktf output folder use.
 * - {@link checkStack}: `init`, `validate`, `plan -out` and `show -json` of one stack against an
 *   empty local state (remote state faked from the producer's declared outputs).
 * - {@link planStack}: the plan preview's entry point (`scripts/preview/planner.ts`). With a base
 *   stack, the base's planned resources become the prior state, so the head's plan shows what the
 *   change does (updates, replacements, deletes), not a create of everything.
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { type Mirror, prepareMirror, runTerraform, type TerraformResult } from "./plugin/harness";
import { prepareStackWorkdir } from "./plugin/stack-workdir";
import { buildSchemasFor } from "./schema/build-schemas";
import type { ProvidersSchemaJson } from "./schema/types";
import { listUsedTypes } from "./schema/used-types";

export interface OfflineTerraform {
  readonly schemas: ProvidersSchemaJson;
  readonly mirror: Mirror;
}

/** Minimal view of `terraform show -json <plan>`. */
export interface PlanJson {
  readonly format_version: string;
  readonly resource_changes?: readonly {
    readonly address: string;
    readonly mode: string;
    readonly type: string;
    readonly name: string;
    readonly index?: string | number;
    readonly provider_name: string;
    readonly change: { readonly actions: readonly string[]; readonly after?: unknown };
  }[];
  readonly planned_values?: { readonly root_module?: PlannedModule };
  readonly [key: string]: unknown;
}

interface PlannedModule {
  readonly resources?: readonly {
    readonly address: string;
    readonly mode: string;
    readonly type: string;
    readonly name: string;
    readonly index?: string | number;
    readonly provider_name: string;
    readonly schema_version?: number;
    readonly values?: Record<string, unknown>;
  }[];
}

export interface StackCheck {
  readonly stack: string;
  readonly validate: TerraformResult;
  readonly plan: TerraformResult;
  /** The plan as `terraform show -json` prints it; undefined when a step failed. */
  readonly planJson?: PlanJson;
}

/** Schemas for every type used under any of `synthDirs`, and a mirror serving them. */
export function offlineTerraform(synthDirs: readonly string[], dir?: string): OfflineTerraform {
  const requests = new Map<string, { source: string; resources: Set<string>; dataSources: Set<string> }>();
  for (const synthDir of synthDirs) {
    for (const used of Object.values(listUsedTypes(synthDir))) {
      const r = requests.get(used.source) ?? {
        source: used.source,
        resources: new Set(),
        dataSources: new Set(),
      };
      for (const t of used.resources) r.resources.add(t);
      for (const t of used.dataSources) r.dataSources.add(t);
      requests.set(used.source, r);
    }
  }
  const bundle = buildSchemasFor(
    [...requests.values()].map((r) => ({
      source: r.source,
      resources: [...r.resources].sort(),
      dataSources: [...r.dataSources].sort(),
    })),
  );
  const providers = Object.entries(bundle.providers).map(([source, origin]) => ({
    source: source.replace(/^registry\.terraform\.io\//, ""),
    version: origin.version,
  }));
  return { schemas: bundle.schemas, mirror: prepareMirror(bundle.schemas, providers, { dir }) };
}

/** Runs one Terraform command and throws with its output unless it succeeded. */
function must(dir: string, args: readonly string[], tf: OfflineTerraform): TerraformResult {
  const r = runTerraform(dir, args, tf.mirror.env);
  if (r.code !== 0) throw new Error(`terraform ${args[0]} failed in ${dir}:\n${r.stderr || r.stdout}`);
  return r;
}

/**
 * `init`, `validate`, `plan` and `show -json` of `stacksDir/<stack>` in `workDir`, against `prior`
 * state when given (a state file's JSON), else an empty one. Failures are returned, not thrown.
 */
export function checkStack(
  tf: OfflineTerraform,
  stacksDir: string,
  stack: string,
  workDir: string,
  prior?: string,
): StackCheck {
  const work = prepareStackWorkdir(stacksDir, stack, workDir, tf.schemas);
  if (prior) writeFileSync(join(work.dir, "terraform.tfstate"), prior);
  must(work.dir, ["init", "-no-color", "-input=false"], tf);
  const validate = runTerraform(work.dir, ["validate", "-no-color"], tf.mirror.env);
  if (validate.code !== 0) return { stack, validate, plan: validate };
  const plan = runTerraform(work.dir, ["plan", "-no-color", "-input=false", "-out", "tfplan"], tf.mirror.env);
  if (plan.code !== 0) return { stack, validate, plan };
  const show = must(work.dir, ["show", "-no-color", "-json", "tfplan"], tf);
  return { stack, validate, plan, planJson: JSON.parse(show.stdout) as PlanJson };
}

/**
 * A Terraform state (format 4) holding the managed resources a plan would leave, so that a later
 * plan against it shows only what changed. Values unknown until apply are left null.
 */
export function stateFromPlan(plan: PlanJson): string {
  const groups = new Map<
    string,
    { mode: string; type: string; name: string; provider: string; instances: unknown[] }
  >();
  const visit = (module: PlannedModule | undefined) => {
    for (const r of module?.resources ?? []) {
      if (r.mode !== "managed") continue;
      const key = r.address.replace(/\[[^\]]*\]$/, "");
      const group = groups.get(key) ?? {
        mode: "managed",
        type: r.type,
        name: r.name,
        provider: `provider["${r.provider_name}"]`,
        instances: [],
      };
      group.instances.push({
        ...(r.index !== undefined ? { index_key: r.index } : {}),
        schema_version: r.schema_version ?? 0,
        attributes: r.values ?? {},
        sensitive_attributes: [],
      });
      groups.set(key, group);
    }
  };
  visit(plan.planned_values?.root_module);
  return JSON.stringify({
    version: 4,
    terraform_version: "1.11.4",
    serial: 1,
    lineage: randomUUID(),
    outputs: {},
    resources: [...groups.values()],
    check_results: null,
  });
}

const cache = new Map<string, OfflineTerraform>();

/**
 * The offline plan of one synthesized stack (`<synth>/stacks/<stack>`), for the plan preview. With
 * `baseStackDir`, the base is planned first and its result is the prior state of the head's plan.
 */
export function planStack(headStackDir: string, options: { baseStackDir?: string } = {}): PlanJson {
  const synthOf = (stackDir: string) => dirname(dirname(stackDir));
  const head = synthOf(headStackDir);
  const base = options.baseStackDir && existsSync(options.baseStackDir) ? options.baseStackDir : undefined;
  const key = [head, base ? synthOf(base) : ""].join("\n");
  const tf = cache.get(key) ?? offlineTerraform(base ? [head, synthOf(base)] : [head]);
  cache.set(key, tf);
  const root = mkdtempSync(join(tmpdir(), "offline-plan-"));
  let prior: string | undefined;
  if (base) {
    const before = checkStack(tf, dirname(base), basename(base), join(root, "base"));
    if (!before.planJson) throw new Error(`offline plan of the base failed:\n${before.plan.stderr}`);
    prior = stateFromPlan(before.planJson);
  }
  const after = checkStack(tf, dirname(headStackDir), basename(headStackDir), join(root, "head"), prior);
  if (!after.planJson) throw new Error(`offline plan failed:\n${after.validate.stderr}${after.plan.stderr}`);
  return after.planJson;
}

/** Stack names in a cdktf output folder, sorted. */
export function stacksIn(synthDir: string): string[] {
  return readdirSync(join(synthDir, "stacks"))
    .filter((s) => existsSync(join(synthDir, "stacks", s, "cdk.tf.json")))
    .sort();
}

/** Reads a JSON file. */
export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}
