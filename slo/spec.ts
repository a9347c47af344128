/**
 * SLO specs: the public parse function and types. The schema lives in spec-schema.ts, the parsed
 * types (with TSDoc per field) in spec-types.ts.
 */
import type { z } from "zod";
import { problem } from "./problem.js";
import { problemsOf, SloSpecError } from "./spec-error.js";
import { sloSpecSchema } from "./spec-schema.js";
import type { SloSpec } from "./spec-types.js";

export { SloSpecError, type SpecProblem } from "./spec-error.js";
export { sloSpecSchema } from "./spec-schema.js";
export type * from "./spec-types.js";

/** What a spec author writes: {@link SloSpec} with optional fields (window, alert tiers, canary). */
export type SloSpecInput = z.input<typeof sloSpecSchema>;

// The schema's output must be the documented SloSpec; this fails to compile if they drift apart.
const _schemaMatchesTypes: (parsed: z.output<typeof sloSpecSchema>) => SloSpec = (parsed) => parsed;
void _schemaMatchesTypes;

/** Messages for the zod issues that the schema does not word itself (types, unknown fields). */
function defaultMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      return problem(
        `expected ${issue.expected}`,
        `a ${issue.expected}`,
        "see the spec fields in slo/README.md",
      );
    case "unrecognized_keys":
      return problem(
        "unknown field",
        "the fields listed in slo/README.md",
        "check the spelling or remove the field",
      );
    case "too_small":
    case "too_big":
      return problem(
        `value out of range`,
        `${issue.code === "too_small" ? "at least" : "at most"} ${String(issue.minimum ?? issue.maximum)}${
          issue.inclusive === false ? " (exclusive)" : ""
        }`,
        "see the spec fields in slo/README.md",
      );
    default:
      return undefined;
  }
}

/**
 * Validates an SLO spec and applies defaults.
 * @param input - the spec as written (object literal, or parsed YAML/JSON)
 * @param source - names the spec in the error message (e.g. `SLO spec specs/user-service.yaml`)
 * @throws {@link SloSpecError} listing every problem (path, received value, allowed values, hint)
 */
export function parseSloSpec(input: unknown, source = "SLO spec"): SloSpec {
  const result = sloSpecSchema.safeParse(input, { error: defaultMessage });
  if (!result.success) throw new SloSpecError(source, problemsOf(result.error.issues, input));
  return result.data;
}
