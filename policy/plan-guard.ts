/**
 * Plan guard: reads `terraform show -json <planfile>` output and blocks changes that lose data, unless
 * the exact address is allowed with a reason:
 *
 * - any delete or forget of a stateful resource (`isStatefulResource`, `policy/stateful-types.ts`);
 * - any replacement (delete + create, in either order) of any resource;
 * - any in-place update that weakens a data protection (`policy/plan-weakening.ts`).
 *
 * Input that is not a usable plan is refused (`PlanInputError`): not JSON, a state file, a plan with
 * `errored: true`, a `format_version` other than 1.x.
 *
 * Plan format: https://developer.hashicorp.com/terraform/internals/json-format (`format_version` 1.x,
 * `resource_changes[].change.actions`). The plan's `configuration` section does not carry `lifecycle`
 * (terraform `internal/command/jsonconfig`), and a forgotten resource has left the configuration anyway,
 * so `prevent_destroy` is not visible: every forget of a stateful type is blocked.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { isObject } from "./lib/values.js";
import { weakenings } from "./plan-weakening.js";
import { isStatefulResource, statefulType } from "./stateful-types.js";

const ACTIONS = ["no-op", "create", "read", "update", "delete", "forget"] as const;

const planSchema = z.object({
  format_version: z.string().regex(/^1\./, "expected a 1.x format_version"),
  terraform_version: z.string().optional(),
  errored: z.boolean().optional(),
  resource_changes: z
    .array(
      z.object({
        address: z.string(),
        mode: z.string().optional(),
        type: z.string(),
        name: z.string().optional(),
        deposed: z.string().optional(),
        action_reason: z.string().optional(),
        change: z.object({
          actions: z.array(z.enum(ACTIONS)).min(1),
          before: z.unknown().optional(),
          after: z.unknown().optional(),
          after_unknown: z.unknown().optional(),
          replace_paths: z.array(z.array(z.union([z.string(), z.number()]))).optional(),
        }),
      }),
    )
    .optional(),
});

/** The parts of a Terraform JSON plan the guard reads. */
export type TerraformPlan = z.infer<typeof planSchema>;
/** One entry of `resource_changes`. */
export type ResourceChange = NonNullable<TerraformPlan["resource_changes"]>[number];

/** What a resource change does, with Terraform's action lists folded into one word. */
export type ChangeKind = "create" | "update" | "replace" | "delete" | "no-op" | "read" | "forget";

/** An address allowed to be deleted, replaced, forgotten or weakened, and why. */
export interface Allowance {
  /** Exact address (no wildcards). */
  address: string;
  reason: string;
}

/** A change the guard objects to. */
export interface GuardedChange {
  address: string;
  type: string;
  kind: "replace" | "delete" | "forget" | "update";
  /** Why the change is dangerous. */
  why: string;
}

/** An allowance that allowed nothing, and why. */
export interface UnusedAllowance extends Allowance {
  /** `not in the plan`, or what the plan does to the address instead. */
  why: string;
}

/** Options of `guardPlan`. */
export interface GuardOptions {
  /** Fail when an allowance allows nothing (a stale allow file). */
  strict?: boolean;
}

/** The guard's decision for a plan. */
export interface PlanVerdict {
  /** Number of resource changes per kind. */
  counts: Record<ChangeKind, number>;
  /** Dangerous changes without a valid allowance: the plan must not be applied. */
  blocked: GuardedChange[];
  /** Dangerous changes covered by an allowance. */
  allowed: Array<GuardedChange & { reason: string }>;
  /** Allowances ignored because they have no reason. */
  ignored: Allowance[];
  /** Allowances (with a reason) that match no dangerous change of the plan. */
  unused: UnusedAllowance[];
  /** Whether `--strict` was in force (unused allowances fail the plan). */
  strict: boolean;
  ok: boolean;
}

/** Error for input the guard cannot read (exit code 2). */
export class PlanInputError extends Error {
  override name = "PlanInputError";
}

/** One line: Terraform and zod messages may hold newlines. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}

/** Why a parsed document is not a usable plan, before its shape is checked. */
function notAPlan(json: unknown): string | undefined {
  if (!isObject(json)) return undefined;
  if ("values" in json && !("resource_changes" in json) && !("planned_values" in json)) {
    return "is a state file (values, but no resource_changes or planned_values); expected a saved plan: terraform show -json plan.out";
  }
  return undefined;
}

/** Parses and validates plan JSON text. */
export function parsePlan(text: string, source = "plan"): TerraformPlan {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PlanInputError(
      oneLine(`${source}: not JSON (${error instanceof Error ? error.message : String(error)})`),
    );
  }
  const state = notAPlan(json);
  if (state !== undefined) throw new PlanInputError(`${source}: ${state}`);
  const parsed = planSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PlanInputError(
      oneLine(
        `${source}: not a terraform show -json plan: ${issue.path.join(".") || "(root)"}: ${issue.message}`,
      ),
    );
  }
  if (parsed.data.errored === true) {
    throw new PlanInputError(
      `${source}: the plan errored (errored: true), so it is incomplete; fix the errors terraform plan reported and plan again`,
    );
  }
  return parsed.data;
}

/** Reads and validates a plan file. */
export function readPlanFile(file: string): TerraformPlan {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new PlanInputError(
      oneLine(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
  return parsePlan(text, file);
}

/** Folds a Terraform action list into one kind. */
export function classify(actions: readonly string[]): ChangeKind {
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  const [first] = actions;
  return (ACTIONS as readonly string[]).includes(first ?? "") ? (first as ChangeKind) : "no-op";
}

function danger(change: ResourceChange, kind: ChangeKind): GuardedChange | undefined {
  const { address, type } = change;
  const stateful = isStatefulResource(type, change.change.before);
  const holds = statefulType(type)?.holds ?? "data";
  if (kind === "delete" && stateful) {
    return { address, type, kind, why: `deletes a stateful ${type}; ${holds} would be lost` };
  }
  if (kind === "forget" && stateful) {
    return {
      address,
      type,
      kind,
      why: `forgets a stateful ${type}: it leaves Terraform's state and every protection (prevent_destroy, the plan guard, the inventory) with it`,
    };
  }
  if (kind === "replace") {
    const paths = (change.change.replace_paths ?? []).map((p) => p.join("."));
    const cause = paths.length > 0 ? ` (forced by ${paths.join(", ")})` : "";
    const order = change.change.actions[0] === "create" ? "create-before-destroy" : "destroy-before-create";
    return {
      address,
      type,
      kind,
      why: `replaces the resource, ${order}${cause}${stateful ? `; ${type} is stateful, ${holds} would be lost` : ""}`,
    };
  }
  if (kind === "update") {
    const reasons = weakenings(type, change.change.before, change.change.after, change.change.after_unknown);
    if (reasons.length > 0)
      return { address, type, kind, why: `weakens a data protection: ${reasons.join("; ")}` };
  }
  return undefined;
}

function unusedWhy(allowance: Allowance, plan: TerraformPlan): string {
  const change = (plan.resource_changes ?? []).find((c) => c.address === allowance.address);
  return change === undefined
    ? "not in the plan"
    : `its change (${classify(change.change.actions)}) is not one the guard blocks`;
}

/**
 * Applies the guard to a plan. Allowances without a reason are ignored (reported in `ignored`);
 * allowances that match no dangerous change are reported in `unused`, and fail the plan with `strict`.
 */
export function guardPlan(
  plan: TerraformPlan,
  allowances: readonly Allowance[] = [],
  options: GuardOptions = {},
): PlanVerdict {
  const counts: Record<ChangeKind, number> = {
    create: 0,
    update: 0,
    replace: 0,
    delete: 0,
    "no-op": 0,
    read: 0,
    forget: 0,
  };
  const valid = allowances.filter((a) => a.reason.trim() !== "");
  const ignored = allowances.filter((a) => a.reason.trim() === "");
  const used = new Set<Allowance>();
  const blocked: GuardedChange[] = [];
  const allowed: PlanVerdict["allowed"] = [];
  for (const change of plan.resource_changes ?? []) {
    const kind = classify(change.change.actions);
    counts[kind]++;
    const guarded = danger(change, kind);
    if (guarded === undefined) continue;
    const allowance = valid.find((a) => a.address === change.address);
    if (allowance) {
      used.add(allowance);
      allowed.push({ ...guarded, reason: allowance.reason });
    } else blocked.push(guarded);
  }
  const unused = valid.filter((a) => !used.has(a)).map((a) => ({ ...a, why: unusedWhy(a, plan) }));
  const strict = options.strict === true;
  return {
    counts,
    blocked,
    allowed,
    ignored,
    unused,
    strict,
    ok: blocked.length === 0 && (!strict || unused.length === 0),
  };
}

function exactAddress(address: string, where: string): string {
  if (address.includes("*")) {
    throw new PlanInputError(
      `${where}: allowance "${address}" has a wildcard; expected an exact address (allow each resource by name)`,
    );
  }
  return address;
}

/** Parses `--allow <address>=<reason>`. Refuses wildcards. */
export function parseAllowArg(arg: string): Allowance {
  const eq = arg.indexOf("=");
  if (eq <= 0) throw new PlanInputError(`--allow expects <address>=<reason>, got "${arg}"`);
  return { address: exactAddress(arg.slice(0, eq).trim(), "--allow"), reason: arg.slice(eq + 1).trim() };
}

const allowFileSchema = z.union([
  z.array(z.object({ address: z.string().min(1), reason: z.string() })),
  z.record(z.string(), z.string()),
]);

/**
 * Reads an allow file: `[{ "address": "...", "reason": "..." }]` or `{ "<address>": "<reason>" }`.
 * Refuses wildcards.
 */
export function readAllowFile(file: string): Allowance[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new PlanInputError(
      oneLine(`cannot read allow file ${file}: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
  const parsed = allowFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new PlanInputError(
      `${file}: expected [{ "address": ..., "reason": ... }] or { "<address>": "<reason>" }`,
    );
  }
  const data = parsed.data;
  const entries = Array.isArray(data)
    ? data.map((a) => ({ address: a.address, reason: a.reason }))
    : Object.entries(data).map(([address, reason]) => ({ address, reason }));
  return entries.map((a) => ({ address: exactAddress(a.address, file), reason: a.reason }));
}

/** Human-readable verdict: summary line, warnings, allowed changes, blocked changes with reasons. */
export function formatVerdict(verdict: PlanVerdict): string {
  const c = verdict.counts;
  const lines = [
    `plan: ${c.create} to create, ${c.update} to update, ${c.replace} to replace, ${c.delete} to delete, ${c.forget} to forget, ${c["no-op"]} unchanged` +
      (c.read > 0 ? `, ${c.read} to read` : ""),
  ];
  for (const a of verdict.ignored) {
    lines.push(`warning: allowance for ${a.address} ignored: it has no reason (use <address>=<reason>)`);
  }
  for (const a of verdict.unused) {
    lines.push(
      `${verdict.strict ? "error" : "warning"}: allowance for ${a.address} allows nothing: ${a.why}${verdict.strict ? " (--strict)" : ""}`,
    );
  }
  if (verdict.allowed.length > 0) {
    lines.push("allowed:");
    for (const a of verdict.allowed)
      lines.push(`  - ${a.address} (${a.kind}): ${a.why}; allowed because: ${a.reason}`);
  }
  if (verdict.blocked.length > 0) {
    lines.push(`BLOCKED: ${verdict.blocked.length} change(s) would destroy data or weaken its protection:`);
    for (const b of verdict.blocked) lines.push(`  - ${b.address} (${b.kind}): ${b.why}`);
    lines.push('To proceed deliberately, re-run with --allow "<address>=<reason>" for each address.');
  } else if (!verdict.ok) {
    lines.push(`plan guard: FAIL: ${verdict.unused.length} unused allowance(s) with --strict; remove them`);
  } else {
    lines.push("plan guard: OK");
  }
  return lines.join("\n");
}
