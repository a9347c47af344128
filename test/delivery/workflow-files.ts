/** Readers over .github: the workflows and local actions as parsed YAML, and their steps. */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";

export const REPO = join(__dirname, "..", "..");
export const WORKFLOWS_DIR = join(REPO, ".github", "workflows");
export const ACTIONS_DIR = join(REPO, ".github", "actions");

/** A GitHub Actions expression as the YAML spells it: `expr("inputs.stack")` is "${{ inputs.stack }}". */
export const expr = (expression: string) => `\${{ ${expression} }}`;

export interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, unknown>;
}

export interface Job {
  readonly "runs-on"?: string;
  readonly needs?: string | string[];
  readonly if?: string;
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
  readonly permissions?: Record<string, string> | string;
  readonly environment?: string | { name: string };
  readonly concurrency?: string | { group: string; "cancel-in-progress"?: boolean };
  readonly strategy?: { matrix?: Record<string, unknown> | string };
  readonly outputs?: Record<string, string>;
  readonly env?: Record<string, unknown>;
  readonly steps?: Step[];
}

export interface Workflow {
  readonly name: string;
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string> | string;
  readonly concurrency?: string | { group: string; "cancel-in-progress"?: boolean };
  readonly env?: Record<string, unknown>;
  readonly jobs: Record<string, Job>;
}

export interface Inputs {
  readonly [name: string]: { readonly required?: boolean; readonly default?: unknown };
}

export interface ActionFile {
  readonly inputs?: Inputs;
  readonly runs: { readonly using: string; readonly steps?: Step[] };
}

export interface Loaded<T> {
  /** Path from the repository root, e.g. `.github/workflows/pr.yml`. */
  readonly path: string;
  readonly text: string;
  readonly doc: T;
}

function load<T>(path: string): Loaded<T> {
  const text = readFileSync(path, "utf8");
  return { path: relative(REPO, path), text, doc: parse(text) as T };
}

export function workflows(): Loaded<Workflow>[] {
  return readdirSync(WORKFLOWS_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => load<Workflow>(join(WORKFLOWS_DIR, f)));
}

export function workflow(file: string): Loaded<Workflow> {
  return load<Workflow>(join(WORKFLOWS_DIR, file));
}

/** Local composite actions, by their `uses:` path (`./.github/actions/node`). */
export function localActions(): Map<string, Loaded<ActionFile>> {
  return new Map(
    readdirSync(ACTIONS_DIR)
      .sort()
      .map((dir) => [`./.github/actions/${dir}`, load<ActionFile>(join(ACTIONS_DIR, dir, "action.yml"))]),
  );
}

/** Every step of a workflow, with the job it belongs to. */
export function stepsOf(wf: Workflow): { job: string; step: Step }[] {
  return Object.entries(wf.jobs).flatMap(([job, j]) => (j.steps ?? []).map((step) => ({ job, step })));
}

/** The `needs` of a job as a list. */
export function needsOf(job: Job): string[] {
  return job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
}

/** The workflow's triggers as a list of event names. */
export function eventsOf(wf: Workflow): string[] {
  return typeof wf.on === "string"
    ? [wf.on]
    : Array.isArray(wf.on)
      ? (wf.on as string[])
      : Object.keys(wf.on);
}

/** The steps of a job, with the steps of the local composite actions it uses spliced in. */
export function expandedSteps(job: Job, actions: ReadonlyMap<string, Loaded<ActionFile>>): Step[] {
  return (job.steps ?? []).flatMap((step) => {
    const local = step.uses ? actions.get(step.uses) : undefined;
    return local ? [step, ...(local.doc.runs.steps ?? [])] : [step];
  });
}

/**
 * Checkout steps of a privileged workflow (pull_request_target, workflow_run) that fetch the pull
 * request's code, or that name no ref at all: such a workflow must say which trusted ref it checks out.
 */
export function headCheckouts(wf: Workflow): string[] {
  const privileged = eventsOf(wf).some((e) => e === "pull_request_target" || e === "workflow_run");
  if (!privileged) return [];
  return stepsOf(wf)
    .filter(({ step }) => step.uses?.startsWith("actions/checkout@"))
    .filter(
      ({ step }) =>
        /head|refs\/pull|merge|pull_request/.test(JSON.stringify(step.with ?? {})) || !step.with?.ref,
    )
    .map(({ job, step }) => `${job}: checkout ${JSON.stringify(step.with ?? {})}`);
}
