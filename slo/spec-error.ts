/** Collects every problem of a spec into one error naming path, received value, allowed values and a fix. */
import type { z } from "zod";

/** One problem in a spec. */
export interface SpecProblem {
  /** Dotted path with indexes, e.g. `slos[1].objective`. */
  readonly path: string;
  /** The value found at the path, rendered as JSON (or "nothing" when missing). */
  readonly received: string;
  /** What is wrong, what is allowed, and a fix hint. */
  readonly message: string;
}

/** Thrown by `parseSloSpec` (and option parsers); its message lists every problem, one per line. */
export class SloSpecError extends Error {
  override readonly name = "SloSpecError";

  constructor(
    /** What was parsed, e.g. "SLO spec slo/specs/user-service.ts"; starts the message. */
    readonly source: string,
    /** Every problem found. */
    readonly problems: readonly SpecProblem[],
  ) {
    super(
      `Invalid ${source} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${p.path}: ${p.message} (received: ${p.received})`).join("\n"),
    );
  }
}

/** Turns zod issues into problems, reading the received values from the input. */
export function problemsOf(issues: readonly z.core.$ZodIssue[], input: unknown): readonly SpecProblem[] {
  return issues.map((issue) => ({
    path: formatPath(issue.path),
    received: describeValue(valueAt(input, issue.path), issue),
    message: issue.message,
  }));
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(spec)";
  return path
    .map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join("");
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describeValue(value: unknown, issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return `unknown field(s) ${issue.keys.join(", ")}`;
  if (value === undefined) return "nothing (field missing)";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
