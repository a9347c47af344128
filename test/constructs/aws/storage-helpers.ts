/** Small readers shared by the storage and backup construct tests. */
import { type Attrs, resourcesOf } from "../../helpers";

/** Logical names of one resource type with the 8-hex hash suffix removed, sorted. */
export function logicalIds(out: string, type: string): string[] {
  return Object.keys(resourcesOf(out, type))
    .map((k) => k.replace(/_[0-9A-F]{8}$/, ""))
    .sort();
}

/** The one resource of `type` whose logical name (hash removed) is exactly `id`. */
export function resourceById(out: string, type: string, id: string): Attrs {
  const match = Object.entries(resourcesOf(out, type)).find(([k]) => k.replace(/_[0-9A-F]{8}$/, "") === id);
  if (!match) throw new Error(`no ${type} named ${id}; have ${logicalIds(out, type).join(", ")}`);
  return match[1];
}

/** Data sources of one type, keyed by logical name. */
export function dataSourcesOf(out: string, type: string): Record<string, Attrs> {
  const doc = JSON.parse(out) as { data?: Record<string, Record<string, Attrs>> };
  return doc.data?.[type] ?? {};
}

/** The message a construction throws; fails the test when it does not throw. */
export function errorOf(build: () => unknown): string {
  try {
    build();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected construction to throw");
}

/** The line a `Validator` writes for one problem, without the hint. */
export function problem(field: string, value: unknown, allowed: string): string {
  return `${field}: got ${JSON.stringify(value)}; allowed: ${allowed}`;
}

/** Statements of the `aws_iam_policy_document` that a `${data....json}` reference points at. */
export function statementsOf(out: string, jsonRef: unknown): Attrs[] {
  const name = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(String(jsonRef))?.[1];
  const doc = name ? dataSourcesOf(out, "aws_iam_policy_document")[name] : undefined;
  if (!doc) throw new Error(`not a policy document reference: ${String(jsonRef)}`);
  return doc.statement as Attrs[];
}
