/**
 * Turns schema problems into one readable message: every problem with its config path, the value
 * received, what is allowed and a hint. The app prints it and exits non-zero before writing anything.
 */
import type { z } from "zod";

/** One configuration problem. */
export interface ConfigProblem {
  /** The file the problem is in, relative to the repo, e.g. `environments/prod.json`. */
  readonly file: string;
  /** Dotted path inside the file, e.g. `network.privateSubnetCidrs.1`. */
  readonly path: string;
  readonly value: unknown;
  readonly allowed: string;
  readonly hint: string;
}

/** Thrown when any environment is invalid; `message` lists every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(formatProblems(problems));
    this.name = "ConfigError";
  }
}

const HINTS: Partial<Record<string, string>> = {
  invalid_type: "use a value of the expected type",
  too_small: "raise the value",
  too_big: "lower the value",
  invalid_value: "use one of the listed values",
  invalid_format: "fix the format",
  invalid_union: "use one of the listed values",
};

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur = input;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** Converts zod issues for one file into problems. */
export function problemsFromZod(file: string, input: unknown, error: z.ZodError): ConfigProblem[] {
  return error.issues.flatMap((issue): ConfigProblem[] => {
    const path = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        file,
        path: [...path, key].join("."),
        value: valueAt(input, [...issue.path, key]),
        allowed: "no such key",
        hint: `remove "${key}" or fix its spelling (the schema is strict)`,
      }));
    }
    if (issue.code === "invalid_key") {
      // The key itself is wrong: say what about it, not zod's "Invalid key in record".
      const key = path[path.length - 1];
      return [
        {
          file,
          path: path.join("."),
          value: key,
          allowed: issue.issues.map((i) => i.message).join("; "),
          hint: "rename the key",
        },
      ];
    }
    const params = issue.code === "custom" ? (issue.params as { hint?: string } | undefined) : undefined;
    const value = issue.code === "custom" && "input" in issue ? issue.input : valueAt(input, issue.path);
    const allowed = issue.code === "invalid_union" ? unionAllowed(issue) : plainAllowed(issue);
    return [
      {
        file,
        path: path.join(".") || "(root)",
        value,
        allowed,
        hint: params?.hint ?? HINTS[issue.code] ?? "see environments/schema.ts",
      },
    ];
  });
}

const UNITS: Partial<Record<string, string>> = { string: " characters", array: " items", set: " items" };

/**
 * What is allowed, in words, for zod's generic issues ("Too big: expected number to be <=35" becomes
 * "at most 35"); a custom message (a refinement's own) is kept as written.
 */
function plainAllowed(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type") return `a value of type ${issue.expected}`;
  if (issue.code === "too_small" || issue.code === "too_big") {
    const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
    const exact = issue.inclusive !== false;
    const word =
      issue.code === "too_small" ? (exact ? "at least" : "more than") : exact ? "at most" : "less than";
    const generic = /^Too (big|small): expected /.test(issue.message);
    return generic ? `${word} ${String(bound)}${UNITS[issue.origin] ?? ""}` : issue.message;
  }
  return issue.message;
}

function unionAllowed(issue: z.core.$ZodIssueInvalidUnion): string {
  const options = issue.errors.flat().flatMap((i) => ("values" in i ? (i.values as unknown[]) : []));
  return options.length > 0 ? `one of ${options.map((o) => JSON.stringify(o)).join(", ")}` : issue.message;
}

function show(value: unknown): string {
  if (value === undefined) return "(missing)";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function formatProblems(problems: readonly ConfigProblem[]): string {
  const lines = [`Invalid environment configuration: ${problems.length} problem(s). Nothing was written.`];
  for (const p of problems) {
    lines.push(`  - ${p.file}: ${p.path}: got ${show(p.value)}; allowed: ${p.allowed}; hint: ${p.hint}`);
  }
  return lines.join("\n");
}
