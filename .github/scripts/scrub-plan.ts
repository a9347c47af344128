/**
 * Makes a `terraform show -json` plan safe to keep as a workflow artifact. Terraform prints sensitive
 * values in clear text in that JSON (`prior_state`, `planned_values`, and `before`/`after` of every
 * change, with only a mask saying which ones are sensitive). This keeps what the plan preview reads,
 * `resource_changes` and `output_changes`, sets every value the masks mark sensitive to null (the masks
 * stay, so the preview still prints "(sensitive value)"), and drops everything else.
 *
 *   npx tsx .github/scripts/scrub-plan.ts plan-full.json plan.json
 */
import { readFileSync, writeFileSync } from "node:fs";

interface Change {
  [key: string]: unknown;
  before?: unknown;
  after?: unknown;
  before_sensitive?: unknown;
  after_sensitive?: unknown;
}
interface Plan {
  [key: string]: unknown;
  resource_changes?: { [key: string]: unknown; change: Change }[];
  output_changes?: Record<string, Change>;
}

/** `value` with every part that `mask` marks `true` replaced by null. */
export function scrub(value: unknown, mask: unknown): unknown {
  if (mask === true) return value === undefined ? undefined : null;
  if (Array.isArray(value)) return value.map((v, i) => scrub(v, Array.isArray(mask) ? mask[i] : undefined));
  if (value !== null && typeof value === "object") {
    const m = mask !== null && typeof mask === "object" && !Array.isArray(mask) ? mask : {};
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, scrub(v, (m as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

function scrubChange(change: Change): Change {
  return {
    ...change,
    before: scrub(change.before, change.before_sensitive),
    after: scrub(change.after, change.after_sensitive),
  };
}

/** The parts of a plan the preview reads, without sensitive values. */
export function scrubPlan(plan: Plan): Plan {
  return {
    format_version: plan.format_version,
    terraform_version: plan.terraform_version,
    resource_changes: (plan.resource_changes ?? []).map((rc) => ({ ...rc, change: scrubChange(rc.change) })),
    output_changes: Object.fromEntries(
      Object.entries(plan.output_changes ?? {}).map(([name, change]) => [name, scrubChange(change)]),
    ),
  };
}

if (require.main === module) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error("usage: scrub-plan.ts <terraform show -json output> <out.json>");
    process.exitCode = 2;
  } else {
    writeFileSync(output, `${JSON.stringify(scrubPlan(JSON.parse(readFileSync(input, "utf8")) as Plan))}\n`);
  }
}
