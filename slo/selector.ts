/**
 * Label selectors: how a spec names series, how they render as PromQL, and how the test-fixture
 * generator checks that its synthetic series really match them.
 */

/** A PromQL label-match operator. */
export type MatchOp = "=" | "!=" | "=~" | "!~";

/** A label matcher written out in full: `{ op: "=~", value: "5.." }`. */
export interface LabelMatcherObject {
  readonly op: MatchOp;
  readonly value: string;
}

/** A label matcher: a plain string means equality, an object names the operator. */
export type LabelMatcher = string | LabelMatcherObject;

/** A non-empty record of label name to matcher, e.g. `{ service: "user-service" }`. */
export type LabelSelector = Readonly<Record<string, LabelMatcher>>;

/** Concrete label values of one synthetic series. */
export type LabelSet = Readonly<Record<string, string>>;

/** One normalized matcher. */
export interface Matcher {
  readonly name: string;
  readonly op: MatchOp;
  readonly value: string;
}

/** Flattens selectors (in order) into matchers, dropping exact duplicates. */
export function matchersOf(...selectors: readonly (LabelSelector | undefined)[]): readonly Matcher[] {
  const out: Matcher[] = [];
  for (const selector of selectors) {
    for (const [name, matcher] of Object.entries(selector ?? {})) {
      const m: Matcher =
        typeof matcher === "string" ? { name, op: "=", value: matcher } : { name, ...matcher };
      if (!out.some((o) => o.name === m.name && o.op === m.op && o.value === m.value)) out.push(m);
    }
  }
  return out;
}

/** A PromQL string literal (Go double-quoted string syntax; JSON escaping is a subset of it). */
export function promqlString(value: string): string {
  return JSON.stringify(value);
}

/** Renders matchers as the inside of a PromQL selector: `service="a",status=~"5.."`. */
export function renderMatchers(matchers: readonly Matcher[]): string {
  return matchers.map((m) => `${m.name}${m.op}${promqlString(m.value)}`).join(",");
}

/** Renders a full series selector: `metric{service="a"}`. */
export function renderSelector(metric: string, matchers: readonly Matcher[]): string {
  return matchers.length === 0 ? metric : `${metric}{${renderMatchers(matchers)}}`;
}

/** The labels fixed by equality matchers: the part of a selector a synthetic series can copy. */
export function equalityLabels(matchers: readonly Matcher[]): LabelSet {
  return Object.fromEntries(matchers.filter((m) => m.op === "=").map((m) => [m.name, m.value]));
}

/**
 * Whether a label set matches every matcher, with Prometheus semantics: a missing label is the
 * empty string and regular expressions are fully anchored. JS regular expressions stand in for
 * RE2; they agree on the syntax label selectors use in practice (alternation, classes, `.`, `*`).
 */
export function labelsMatch(labels: LabelSet, matchers: readonly Matcher[]): boolean {
  return matchers.every((m) => matches(labels[m.name] ?? "", m));
}

function matches(actual: string, m: Matcher): boolean {
  switch (m.op) {
    case "=":
      return actual === m.value;
    case "!=":
      return actual !== m.value;
    case "=~":
      return anchored(m.value).test(actual);
    case "!~":
      return !anchored(m.value).test(actual);
  }
}

function anchored(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

/** Whether a regular expression compiles (JS syntax as the stand-in for RE2). */
export function isValidRegex(pattern: string): boolean {
  try {
    anchored(pattern);
    return true;
  } catch {
    return false;
  }
}

/** Renders a synthetic series for promtool `input_series`: `metric{a="1",b="2"}`. */
export function renderSeries(metric: string, labels: LabelSet): string {
  const names = Object.keys(labels).sort();
  if (names.length === 0) return metric;
  return `${metric}{${names.map((n) => `${n}=${promqlString(labels[n]!)}`).join(",")}}`;
}
