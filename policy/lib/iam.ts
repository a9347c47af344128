/**
 * IAM policy documents, normalised. A policy attribute is either a JSON string (parsed here) or a
 * reference to `data.aws_iam_policy_document.<name>.json`, in which case the data source's `statement`
 * blocks in the same stack are read. Anything else (`"${jsonencode(...)}"`, a reference to another
 * resource or a variable) cannot be evaluated at synth time and yields `undefined`: rules skip it.
 */
import type { JsonObject, ResourceView, StackIndex } from "../types.js";
import { asStrings, blocks, isObject, isReference } from "./values.js";

/** A principal block: `{ type: "AWS", identifiers: ["arn:..."] }`; `Principal: "*"` is type `*`. */
export interface Principal {
  type: string;
  identifiers: string[];
}

/** One condition: `{ "StringEquals": { "<variable>": [values] } }` or a data source `condition` block. */
export interface Condition {
  /** Operator, e.g. `StringEquals`, `StringLike`, `ForAnyValue:StringLike`. */
  test: string;
  /** Context key, e.g. `oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub`. */
  variable: string;
  values: string[];
}

/** One statement of a policy document. */
export interface Statement {
  effect: string;
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  principals: Principal[];
  hasCondition: boolean;
  conditions: Condition[];
}

function principalsOfJson(value: unknown): Principal[] {
  if (value === "*") return [{ type: "*", identifiers: ["*"] }];
  if (!isObject(value)) return [];
  return Object.entries(value).map(([type, ids]) => ({ type, identifiers: asStrings(ids) }));
}

function conditionsOfJson(value: unknown): Condition[] {
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([test, byKey]) =>
    isObject(byKey)
      ? Object.entries(byKey).map(([variable, values]) => ({ test, variable, values: asStrings(values) }))
      : [],
  );
}

function fromJsonStatement(s: JsonObject): Statement {
  const conditions = conditionsOfJson(s.Condition);
  return {
    effect: typeof s.Effect === "string" ? s.Effect : "Allow",
    actions: asStrings(s.Action),
    notActions: asStrings(s.NotAction),
    resources: asStrings(s.Resource),
    notResources: asStrings(s.NotResource),
    principals: principalsOfJson(s.Principal),
    hasCondition: isObject(s.Condition) && Object.keys(s.Condition).length > 0,
    conditions,
  };
}

function fromDataStatement(s: JsonObject): Statement {
  const conditions = blocks(s.condition).map((c) => ({
    test: typeof c.test === "string" ? c.test : "",
    variable: typeof c.variable === "string" ? c.variable : "",
    values: asStrings(c.values),
  }));
  return {
    effect: typeof s.effect === "string" ? s.effect : "Allow",
    actions: asStrings(s.actions),
    notActions: asStrings(s.not_actions),
    resources: asStrings(s.resources),
    notResources: asStrings(s.not_resources),
    principals: blocks(s.principals).map((p) => ({
      type: typeof p.type === "string" ? p.type : "",
      identifiers: asStrings(p.identifiers),
    })),
    hasCondition: conditions.length > 0,
    conditions,
  };
}

const DATA_DOC = /^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.(json|minified_json)\}$/;

/** Statements of a JSON policy string, or `undefined` when it is not one. */
export function jsonPolicyStatements(value: unknown): Statement[] | undefined {
  if (typeof value !== "string" || isReference(value)) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    if (!isObject(parsed)) return undefined;
    const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
    return statements.filter(isObject).map(fromJsonStatement);
  } catch {
    return undefined;
  }
}

/** The statements of a policy attribute, or `undefined` when they cannot be known at synth time. */
export function policyStatements(value: unknown, stack: StackIndex): Statement[] | undefined {
  if (typeof value !== "string") return undefined;
  const data = DATA_DOC.exec(value.trim());
  if (data) {
    const doc = stack.data("aws_iam_policy_document", data[1]!);
    return doc === undefined ? undefined : blocks(doc.statement).map(fromDataStatement);
  }
  return jsonPolicyStatements(value);
}

/** The statements of a `data.aws_iam_policy_document` view. */
export function dataDocumentStatements(view: ResourceView): Statement[] {
  return blocks(view.values.statement).map(fromDataStatement);
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

/** Data source type of policy documents, as rules name it in `resourceTypes`. */
export const POLICY_DOCUMENT_DATA = "data.aws_iam_policy_document";

/**
 * Every resource attribute that holds a policy document (identity, trust and resource policies), by
 * resource type. `aws_iam_role.inline_policy` is a nested block; its `policy` is read per block.
 */
export const POLICY_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_iam_policy: ["policy"],
  aws_iam_role_policy: ["policy"],
  aws_iam_user_policy: ["policy"],
  aws_iam_group_policy: ["policy"],
  aws_iam_role: ["assume_role_policy", "inline_policy"],
  aws_s3_bucket: ["policy"],
  aws_s3_bucket_policy: ["policy"],
  aws_kms_key: ["policy"],
  aws_kms_key_policy: ["policy"],
  aws_sqs_queue_policy: ["policy"],
  aws_sns_topic_policy: ["policy"],
  aws_secretsmanager_secret_policy: ["policy"],
  aws_ecr_repository_policy: ["policy"],
  aws_backup_vault_policy: ["policy"],
  aws_cloudwatch_log_resource_policy: ["policy_document"],
};

/** A policy document written as JSON in a resource attribute. */
export interface InlineDocument {
  /** Attribute path, e.g. `policy` or `inline_policy[0].policy`. */
  attribute: string;
  statements: Statement[];
}

/**
 * The JSON policy documents a resource carries (`POLICY_ATTRIBUTES`). References to
 * `data.aws_iam_policy_document` are left out: rules read those data sources directly, once.
 */
export function inlineDocuments(resource: ResourceView): InlineDocument[] {
  return (POLICY_ATTRIBUTES[resource.type] ?? []).flatMap((attribute): InlineDocument[] => {
    if (attribute === "inline_policy") {
      return blocks(resource.values.inline_policy).flatMap((b, i) => {
        const statements = jsonPolicyStatements(b.policy);
        return statements ? [{ attribute: `inline_policy[${i}].policy`, statements }] : [];
      });
    }
    const statements = jsonPolicyStatements(resource.values[attribute]);
    return statements ? [{ attribute, statements }] : [];
  });
}

/**
 * Policy documents of a resource or a `data.aws_iam_policy_document` view: the inline JSON documents of
 * a resource, or the data source's own statements (attribute `statement`).
 */
export function documentsOf(view: ResourceView): InlineDocument[] {
  if (view.type === POLICY_DOCUMENT_DATA)
    return [{ attribute: "statement", statements: dataDocumentStatements(view) }];
  return inlineDocuments(view);
}

/** Builds a JSON policy string for fixtures. */
export function policyJson(statements: JsonObject[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}
