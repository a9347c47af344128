/**
 * Where plans come from: one seam, `Planner`, with three implementations.
 *
 * - **The offline planner** (`offlinePlanner`) wraps `planStack` from the stand-in provider harness,
 *   `test/terraform/harness.ts` (`OFFLINE_HARNESS`; also looked for at `test/terraform/plugin/harness.ts`):
 *   real `terraform plan` against stand-in providers,
 *   so it runs without credentials (forks). It is called as `planStack(headStackDir, { baseStackDir })`
 *   and may return the plan or a promise of it; the second argument lets a harness that keeps state
 *   apply the base first, so the plan is the change from base to head. A stack that was removed, or a
 *   plan that fails, falls back to the synth diff, with a note on that stack.
 * - **The file planner** (`filePlanner`) reads plans that CI already made (`terraform show -json`),
 *   one file per stack; stacks without a file go to the fallback.
 * - **The synth diff planner** (`synthDiffPlanner`), the fallback: `synth-diff.ts`, labelled
 *   "synth diff, not a Terraform plan".
 *
 * `defaultPlanner` picks the offline planner when the harness exists and exports `planStack`, and the
 * synth diff otherwise.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { StackDoc } from "../../policy/types";
import { loadPlan, loadPlanFile, type PlanSource, type StackPlan } from "./plan";
import { configurationChanges, synthDiffPlan } from "./synth-diff";

/** What a planner gets for one stack. */
export interface PlanRequest {
  stack: string;
  /** The stack's folder in the head synth output; absent when head removed the stack. */
  headStackDir?: string;
  /** The stack's folder in the base synth output; absent when head added the stack. */
  baseStackDir?: string;
  headDoc?: StackDoc;
  baseDoc?: StackDoc;
}

/** Produces the plan of one stack. */
export type Planner = (request: PlanRequest) => Promise<StackPlan>;

/** The harness's entry point, as the offline planner calls it. */
export type PlanStackFn = (stackDir: string, options?: { baseStackDir?: string }) => unknown;

/** Path of the stand-in provider harness, relative to the repository root. */
export const OFFLINE_HARNESS = "test/terraform/harness.ts";
/** Where `planStack` is looked for, in order. */
export const OFFLINE_HARNESS_CANDIDATES: readonly string[] = [
  OFFLINE_HARNESS,
  "test/terraform/plugin/harness.ts",
];

/** Most paths named in the note about changes outside resources. */
const MAX_NOTED_PATHS = 8;

/**
 * The fallback: a synth diff of the two documents. When the configuration changed outside resources
 * (the `terraform` block, providers, outputs), the plan's note names what.
 */
export function synthDiffPlanner(): Planner {
  return async (request) => {
    const outside =
      request.baseDoc && request.headDoc ? configurationChanges(request.baseDoc, request.headDoc) : [];
    const listed = outside.slice(0, MAX_NOTED_PATHS).join(", ");
    const more = outside.length > MAX_NOTED_PATHS ? ` and ${outside.length - MAX_NOTED_PATHS} more` : "";
    return {
      stack: request.stack,
      plan: synthDiffPlan(request.baseDoc, request.headDoc),
      source: "synth-diff",
      ...(outside.length > 0 ? { note: `changed outside resources: ${listed}${more}` } : {}),
    };
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}

function withNote(planned: StackPlan, note: string): StackPlan {
  return { ...planned, note: planned.note ? `${note}; ${planned.note}` : note };
}

/** Plans with the harness's `planStack`; see the module comment. */
export function offlinePlanner(planStack: PlanStackFn, fallback: Planner = synthDiffPlanner()): Planner {
  return async (request) => {
    if (request.headStackDir === undefined) {
      return withNote(await fallback(request), "removed in head: the offline planner plans head stacks only");
    }
    try {
      const options = request.baseStackDir === undefined ? {} : { baseStackDir: request.baseStackDir };
      const plan = loadPlan(
        await planStack(request.headStackDir, options),
        `offline plan of ${request.stack}`,
      );
      return { stack: request.stack, plan, source: "offline" };
    } catch (error) {
      return withNote(await fallback(request), `offline plan failed: ${message(error)}`);
    }
  };
}

/** Plans read from files (`<stack>` -> `terraform show -json` output). */
export function filePlanner(
  files: ReadonlyMap<string, string>,
  fallback: Planner = synthDiffPlanner(),
  source: PlanSource = "terraform",
): Planner {
  return async (request) => {
    const file = files.get(request.stack);
    if (file === undefined) return fallback(request);
    return { stack: request.stack, plan: loadPlanFile(file), source };
  };
}

/** Imports `planStack` from the first harness under `repoRoot` that exports one; load errors go to `problems`. */
export async function loadPlanStack(
  repoRoot: string,
  candidates: readonly string[] = OFFLINE_HARNESS_CANDIDATES,
  problems: string[] = [],
): Promise<{ planStack: PlanStackFn; file: string } | undefined> {
  for (const candidate of candidates) {
    const file = path.join(repoRoot, candidate);
    if (!existsSync(file)) continue;
    try {
      const mod = (await import(pathToFileURL(file).href)) as {
        planStack?: unknown;
        default?: { planStack?: unknown };
      };
      const fn = mod.planStack ?? mod.default?.planStack;
      if (typeof fn === "function") return { planStack: fn as PlanStackFn, file: candidate };
    } catch (error) {
      problems.push(`${candidate} failed to load: ${message(error)}`);
    }
  }
  return undefined;
}

/** Which planner to use. */
export type PlannerChoice = "auto" | "offline" | "synth-diff";

/** The planner for `choice`, and one line saying which it is. Throws when `offline` is not available. */
export async function choosePlanner(
  choice: PlannerChoice,
  repoRoot: string,
  candidates: readonly string[] = OFFLINE_HARNESS_CANDIDATES,
): Promise<{ planner: Planner; description: string }> {
  if (choice === "synth-diff") return { planner: synthDiffPlanner(), description: "synth diff (requested)" };
  const problems: string[] = [];
  const found = await loadPlanStack(repoRoot, candidates, problems);
  if (found !== undefined) {
    return {
      planner: offlinePlanner(found.planStack),
      description: `offline Terraform plans (${found.file})`,
    };
  }
  const why =
    problems.length > 0 ? problems.join("; ") : `no planStack exported by ${candidates.join(" or ")}`;
  if (choice === "offline") throw new Error(`--planner offline: ${why}`);
  return { planner: synthDiffPlanner(), description: `synth diff (${why})` };
}
