/**
 * Plan guard: reads `terraform show -json <planfile>` output and blocks changes that lose data:
 * any delete of a stateful resource type (`STATEFUL_TYPES`) and any replacement (delete + create, in
 * either order) of any resource, unless the address is allowed with a non-empty reason.
 *
 * Plan format: https://developer.hashicorp.com/terraform/internals/json-format (`format_version` 1.x,
 * `resource_changes[].change.actions`).
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { isStatefulType } from "./stateful-types.js";
import { addressMatches } from "./waiver-check.js";

const ACTIONS = ["no-op", "create", "read", "update", "delete", "forget"] as const;

const planSchema = z.object({
  format_version: z.string().regex(/^1\./, "expected a 1.x format_version"),
  terraform_version: z.string().optional(),
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

/** An address allowed to be deleted or replaced, and why. */
export interface Allowance {
  /** Exact address, or a glob with `*`. */
  address: string;
  reason: string;
}

/** A change the guard objects to. */
export interface GuardedChange {
  address: string;
  type: string;
  kind: "replace" | "delete";
  /** Why the change is dangerous. */
  why: string;
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
  ok: boolean;
}

/** Error for input the guard cannot read (exit code 2). */
export class PlanInputError extends Error {
  override name = "PlanInputError";
}

/** Parses and validates plan JSON text. */
export function parsePlan(text: string, source = "plan"): TerraformPlan {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PlanInputError(
      `${source}: not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const parsed = planSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PlanInputError(
      `${source}: not a terraform show -json plan: ${issue.path.join(".") || "(root)"}: ${issue.message}`,
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
      `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
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
  const stateful = isStatefulType(change.type);
  if (kind === "delete" && stateful) {
    return {
      address: change.address,
      type: change.type,
      kind,
      why: `deletes a stateful ${change.type}; its data would be lost`,
    };
  }
  if (kind === "replace") {
    const paths = (change.change.replace_paths ?? []).map((p) => p.join("."));
    const cause = paths.length > 0 ? ` (forced by ${paths.join(", ")})` : "";
    const order = change.change.actions[0] === "create" ? "create-before-destroy" : "destroy-before-create";
    return {
      address: change.address,
      type: change.type,
      kind,
      why: `replaces the resource, ${order}${cause}${stateful ? `; ${change.type} is stateful, its data would be lost` : ""}`,
    };
  }
  return undefined;
}

/** Applies the guard to a plan. Allowances without a reason are ignored (reported in `ignored`). */
export function guardPlan(plan: TerraformPlan, allowances: readonly Allowance[] = []): PlanVerdict {
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
  const blocked: GuardedChange[] = [];
  const allowed: PlanVerdict["allowed"] = [];
  for (const change of plan.resource_changes ?? []) {
    const kind = classify(change.change.actions);
    counts[kind]++;
    const guarded = danger(change, kind);
    if (guarded === undefined) continue;
    const allowance = valid.find((a) => addressMatches(a.address, change.address));
    if (allowance) allowed.push({ ...guarded, reason: allowance.reason });
    else blocked.push(guarded);
  }
  return { counts, blocked, allowed, ignored, ok: blocked.length === 0 };
}

/** Parses `--allow <address>=<reason>`. */
export function parseAllowArg(arg: string): Allowance {
  const eq = arg.indexOf("=");
  if (eq <= 0) throw new PlanInputError(`--allow expects <address>=<reason>, got "${arg}"`);
  return { address: arg.slice(0, eq).trim(), reason: arg.slice(eq + 1).trim() };
}

const allowFileSchema = z.union([
  z.array(z.object({ address: z.string().min(1), reason: z.string() })),
  z.record(z.string(), z.string()),
]);

/**
 * Reads an allow file: `[{ "address": "...", "reason": "..." }]` or `{ "<address>": "<reason>" }`.
 */
export function readAllowFile(file: string): Allowance[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new PlanInputError(
      `cannot read allow file ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const parsed = allowFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new PlanInputError(
      `${file}: expected [{ "address": ..., "reason": ... }] or { "<address>": "<reason>" }`,
    );
  }
  const data = parsed.data;
  return Array.isArray(data)
    ? data.map((a) => ({ address: a.address, reason: a.reason }))
    : Object.entries(data).map(([address, reason]) => ({ address, reason }));
}

/** Human-readable verdict: summary line, blocked changes with reasons, allowed changes. */
export function formatVerdict(verdict: PlanVerdict): string {
  const c = verdict.counts;
  const lines = [
    `plan: ${c.create} to create, ${c.update} to update, ${c.replace} to replace, ${c.delete} to delete, ${c["no-op"]} unchanged` +
      (c.read > 0 ? `, ${c.read} to read` : ""),
  ];
  for (const a of verdict.ignored) {
    lines.push(`warning: allowance for ${a.address} ignored: it has no reason (use <address>=<reason>)`);
  }
  if (verdict.allowed.length > 0) {
    lines.push("allowed:");
    for (const a of verdict.allowed)
      lines.push(`  - ${a.address} (${a.kind}): ${a.why}; allowed because: ${a.reason}`);
  }
  if (verdict.blocked.length > 0) {
    lines.push(`BLOCKED: ${verdict.blocked.length} change(s) would destroy data or resources:`);
    for (const b of verdict.blocked) lines.push(`  - ${b.address} (${b.kind}): ${b.why}`);
    lines.push('To proceed deliberately, re-run with --allow "<address>=<reason>" for each address.');
  } else {
    lines.push("plan guard: OK");
  }
  return lines.join("\n");
}
