/**
 * Real Terraform over the synthesized stacks, offline: schemas rebuilt from the provider bindings
 * (`schema/`), served by the stand-in provider plugin (`plugin/`) through a filesystem mirror.
 *
 * - {@link offlineTerraform}: one mirror for every provider the stacks in a cdktf output folder use.
 * - {@link checkStack}: `init`, `validate`, `plan -out` and `show -json` of one stack against an
 *   empty local state (remote state faked from the producer's declared outputs).
 * - {@link planStack}: the plan preview's entry point (`scripts/preview/planner.ts`). With a base
 *   stack, both are planned and compared by address ({@link comparePlans}), so the preview shows
 *   what the change does (creates, updates, deletes), not a create of everything.
 */
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import {
  type Mirror,
  type ProviderServers,
  prepareMirror,
  runTerraform,
  type TerraformResult,
} from "./plugin/harness";
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
function must(dir: string, args: readonly string[], env: Record<string, string>): TerraformResult {
  const r = runTerraform(dir, args, env);
  if (r.code !== 0) throw new Error(`terraform ${args[0]} failed in ${dir}:\n${r.stderr || r.stdout}`);
  return r;
}

/**
 * `init`, `validate`, `plan` and `show -json` of `stacksDir/<stack>` in `workDir`, against an empty
 * state. Failures are returned, not thrown. `init` always installs the providers from the mirror;
 * with `servers` (see `serveProviders`), the other commands use those running providers instead of
 * starting the installed ones.
 */
export function checkStack(
  tf: OfflineTerraform,
  stacksDir: string,
  stack: string,
  workDir: string,
  servers?: ProviderServers,
): StackCheck {
  const work = prepareStackWorkdir(stacksDir, stack, workDir, tf.schemas);
  must(work.dir, ["init", "-no-color", "-input=false"], tf.mirror.env);
  const env = servers?.env ?? tf.mirror.env;
  const validate = runTerraform(work.dir, ["validate", "-no-color"], env);
  if (validate.code !== 0) return { stack, validate, plan: validate };
  const plan = runTerraform(work.dir, ["plan", "-no-color", "-input=false", "-out", "tfplan"], env);
  if (plan.code !== 0) return { stack, validate, plan };
  const show = must(work.dir, ["show", "-no-color", "-json", "tfplan"], env);
  return { stack, validate, plan, planJson: JSON.parse(show.stdout) as PlanJson };
}

type Change = NonNullable<PlanJson["resource_changes"]>[number] & {
  readonly change: Record<string, unknown> & { readonly actions: readonly string[] };
};

/**
 * The change from `base` to `head`, from two plans against an empty state: resources only in head
 * are created, only in base deleted, in both updated where their known planned values differ. (The
 * stand-in cannot apply, so there is no state to plan against; replacements, which need a provider's
 * knowledge of which arguments force them, show as updates.)
 */
export function comparePlans(base: PlanJson, head: PlanJson): PlanJson {
  const before = new Map((base.resource_changes ?? []).map((c) => [c.address, c as Change]));
  const after = new Map((head.resource_changes ?? []).map((c) => [c.address, c as Change]));
  const changes: Change[] = [];
  for (const [address, h] of after) {
    const b = before.get(address);
    if (!b) {
      changes.push(h);
      continue;
    }
    const same = JSON.stringify(b.change.after) === JSON.stringify(h.change.after);
    changes.push({
      ...h,
      change: {
        ...h.change,
        actions: same ? ["no-op"] : ["update"],
        before: b.change.after,
        before_sensitive: b.change.after_sensitive,
      },
    });
  }
  for (const [address, b] of before) {
    if (after.has(address)) continue;
    changes.push({
      ...b,
      change: {
        actions: ["delete"],
        before: b.change.after,
        before_sensitive: b.change.after_sensitive,
        after: null,
        after_unknown: {},
        after_sensitive: false,
      },
    });
  }
  return { ...head, resource_changes: changes.sort((x, y) => x.address.localeCompare(y.address)) };
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
  const plan = (stackDir: string, work: string) => {
    const r = checkStack(tf, dirname(stackDir), basename(stackDir), join(root, work));
    if (!r.planJson) {
      throw new Error(
        `offline plan of ${stackDir} failed:\n${r.validate.stderr}${r.plan.stderr}${r.plan.stdout}`,
      );
    }
    return r.planJson;
  };
  const after = plan(headStackDir, "head");
  return base ? comparePlans(plan(base, "base"), after) : after;
}

/** Stack names in a cdktf output folder, sorted. */
export function stacksIn(synthDir: string): string[] {
  return readdirSync(join(synthDir, "stacks"))
    .filter((s) => existsSync(join(synthDir, "stacks", s, "cdk.tf.json")))
    .sort();
}
