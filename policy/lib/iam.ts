/**
 * IAM policy documents, normalised. A policy attribute is either a JSON string (parsed here) or a
 * reference to `data.aws_iam_policy_document.<name>.json`, in which case the data source's `statement`
 * blocks in the same stack are read. Anything else (`"${jsonencode(...)}"`, a reference to another
 * resource or a variable) cannot be evaluated at synth time and yields `undefined`: rules skip it.
 */
import type { JsonObject, StackIndex } from "../types.js";
import { asStrings, blocks, isObject, isReference } from "./values.js";

/** A principal block: `{ type: "AWS", identifiers: ["arn:..."] }`; `Principal: "*"` is type `*`. */
export interface Principal {
  type: string;
  identifiers: string[];
}

/** One statement of a policy document. */
export interface Statement {
  effect: string;
  actions: string[];
  notActions: string[];
  resources: string[];
  principals: Principal[];
  hasCondition: boolean;
}

function principalsOfJson(value: unknown): Principal[] {
  if (value === "*") return [{ type: "*", identifiers: ["*"] }];
  if (!isObject(value)) return [];
  return Object.entries(value).map(([type, ids]) => ({ type, identifiers: asStrings(ids) }));
}

function fromJsonStatement(s: JsonObject): Statement {
  return {
    effect: typeof s.Effect === "string" ? s.Effect : "Allow",
    actions: asStrings(s.Action),
    notActions: asStrings(s.NotAction),
    resources: asStrings(s.Resource),
    principals: principalsOfJson(s.Principal),
    hasCondition: isObject(s.Condition) && Object.keys(s.Condition).length > 0,
  };
}

function fromDataStatement(s: JsonObject): Statement {
  return {
    effect: typeof s.effect === "string" ? s.effect : "Allow",
    actions: asStrings(s.actions),
    notActions: asStrings(s.not_actions),
    resources: asStrings(s.resources),
    principals: blocks(s.principals).map((p) => ({
      type: typeof p.type === "string" ? p.type : "",
      identifiers: asStrings(p.identifiers),
    })),
    hasCondition: blocks(s.condition).length > 0,
  };
}

const DATA_DOC = /^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.(json|minified_json)\}$/;

/** The statements of a policy attribute, or `undefined` when they cannot be known at synth time. */
export function policyStatements(value: unknown, stack: StackIndex): Statement[] | undefined {
  if (typeof value !== "string") return undefined;
  const data = DATA_DOC.exec(value.trim());
  if (data) {
    const doc = stack.data("aws_iam_policy_document", data[1]!);
    return doc === undefined ? undefined : blocks(doc.statement).map(fromDataStatement);
  }
  if (isReference(value)) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    if (!isObject(parsed)) return undefined;
    const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
    return statements.filter(isObject).map(fromJsonStatement);
  } catch {
    return undefined;
  }
}

/** True for `Principal: "*"` or `{ AWS: "*" }` (any principal). */
export function hasWildcardPrincipal(statement: Statement): boolean {
  return statement.principals.some(
    (p) => p.identifiers.includes("*") && (p.type === "*" || p.type === "AWS"),
  );
}

/** Policy attributes of the IAM policy resource types. */
export const POLICY_RESOURCE_TYPES: readonly string[] = [
  "aws_iam_policy",
  "aws_iam_role_policy",
  "aws_iam_user_policy",
  "aws_iam_group_policy",
];

/** Builds a JSON policy string for fixtures. */
export function policyJson(statements: JsonObject[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}
