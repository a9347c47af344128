/**
 * Construction-time validation for constructs: collect every problem, then throw one error that names
 * each field, the value received, what is allowed and how to fix it.
 */

export interface PropProblem {
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;
  readonly hint: string;
}

export class ValidationError extends Error {
  constructor(
    readonly construct: string,
    readonly problems: readonly PropProblem[],
  ) {
    super(
      [
        `${construct}: ${problems.length} invalid prop(s)`,
        ...problems.map(
          (p) => `  - ${p.field}: got ${JSON.stringify(p.value)}; allowed: ${p.allowed}; hint: ${p.hint}`,
        ),
      ].join("\n"),
    );
    this.name = "ValidationError";
  }
}

/** Collects problems for one construct; `throwIfAny` raises them together. */
export class Validator {
  private readonly problems: PropProblem[] = [];

  constructor(private readonly construct: string) {}

  /** Records a problem when `ok` is false. */
  check(ok: boolean, field: string, value: unknown, allowed: string, hint: string): this {
    if (!ok) this.problems.push({ field, value, allowed, hint });
    return this;
  }

  throwIfAny(): void {
    if (this.problems.length > 0) throw new ValidationError(this.construct, this.problems);
  }
}
