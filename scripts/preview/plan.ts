/**
 * The Terraform JSON plan as the preview reads it (`terraform show -json <planfile>`, `format_version`
 * 1.x; https://developer.hashicorp.com/terraform/internals/json-format), and the one way a plan enters
 * the preview: from a file, a string or an already parsed object, validated by the plan guard's own
 * schema (`parsePlan` in `policy/plan-guard.ts`) so the guard and the preview accept the same plans.
 *
 * The guard's schema strips what it does not read; the preview keeps the whole document, because it
 * renders `change.before`/`after` and must see `before_sensitive`/`after_sensitive`/`after_unknown`.
 *
 * Every plan carries where it came from (`PlanSource`): a real Terraform plan (CI, against the real
 * cloud), an offline plan (real Terraform against the stand-in providers), or a synth diff (no
 * Terraform at all). The comment labels each stack with it.
 */
import { readFileSync } from "node:fs";
import { parsePlan, type ResourceChange, type TerraformPlan } from "../../policy/plan-guard";

type GuardChange = ResourceChange["change"];

/** `change` of one resource, with the value fields the guard does not read. */
export interface PlanChange extends GuardChange {
  before?: unknown;
  after?: unknown;
  /** Mirrors `after`: `true` where the value is only known after apply. */
  after_unknown?: unknown;
  /** Mirrors `before`: `true` where the value is sensitive. */
  before_sensitive?: unknown;
  /** Mirrors `after`: `true` where the value is sensitive. */
  after_sensitive?: unknown;
}

/** One entry of `resource_changes`. Assignable to the plan guard's `ResourceChange`. */
export interface PlanResourceChange extends Omit<ResourceChange, "change"> {
  index?: unknown;
  provider_name?: string;
  change: PlanChange;
}

/** A whole plan. Assignable to the plan guard's `TerraformPlan`, so `guardPlan` takes it as is. */
export interface PlanJson extends Omit<TerraformPlan, "resource_changes"> {
  resource_changes?: PlanResourceChange[];
  [key: string]: unknown;
}

/** Where a stack's plan came from. */
export type PlanSource =
  /** `terraform plan` against the real providers (CI with credentials), read from a file. */
  | "terraform"
  /** `terraform plan` against the stand-in providers (forks, local runs): real Terraform, fake cloud. */
  | "offline"
  /** Derived by diffing the synthesized resources of base and head: not a Terraform plan. */
  | "synth-diff";

/** The plan of one stack and its provenance. */
export interface StackPlan {
  stack: string;
  plan: PlanJson;
  source: PlanSource;
  /** Said next to the stack: why this source was used (the offline planner failed), or what the plan cannot show (changes outside resources). */
  note?: string;
}

/**
 * Validates a plan with the plan guard's schema and returns the full document. Accepts the JSON text or
 * the parsed value. Throws `PlanInputError` (from the guard) with `source` in the message.
 */
export function loadPlan(input: unknown, source = "plan"): PlanJson {
  const text = typeof input === "string" ? input : JSON.stringify(input);
  parsePlan(text, source);
  return (typeof input === "string" ? JSON.parse(input) : input) as PlanJson;
}

/** Reads and validates a plan file. */
export function loadPlanFile(file: string): PlanJson {
  return loadPlan(readFileSync(file, "utf8"), file);
}
