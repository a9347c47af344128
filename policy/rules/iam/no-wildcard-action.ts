import { ref, stackOf } from "../../lib/fixture.js";
import { POLICY_RESOURCE_TYPES, policyJson, policyStatements } from "../../lib/iam.js";
import type { Rule, RuleFixtures } from "../../types.js";

const FULL_WILDCARDS = ["*", "*:*"];

/** No policy grants every action. */
const rule: Rule = {
  id: "PLAT-IAM-001",
  checkov: "CKV_AWS_63",
  trivy: "AVD-AWS-0057",
  severity: "CRITICAL",
  resourceTypes: POLICY_RESOURCE_TYPES,
  description:
    'IAM policies (JSON or data.aws_iam_policy_document) have no Allow statement with Action "*" (CKV_AWS_62 when Resource is also "*").',
  fix: "List the specific actions the principal needs.",
  check: ({ values }, _ctx, stack) =>
    (policyStatements(values.policy, stack) ?? [])
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => s.effect === "Allow" && s.actions.some((a) => FULL_WILDCARDS.includes(a)))
      .map(({ i }) => `policy Statement[${i}] allows Action "*"; expected a list of specific actions`),
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf(
    {
      aws_iam_policy: {
        json: {
          policy: policyJson([{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::b/*" }]),
        },
        doc: { policy: ref("data.aws_iam_policy_document.read.json") },
        deny: { policy: policyJson([{ Effect: "Deny", Action: "*", Resource: "*" }]) },
      },
    },
    {
      aws_iam_policy_document: {
        read: { statement: [{ actions: ["sqs:ReceiveMessage"], resources: ["*"] }] },
      },
    },
  ),
  fail: stackOf(
    { aws_iam_role_policy: { admin: { policy: ref("data.aws_iam_policy_document.admin.json") } } },
    {
      aws_iam_policy_document: {
        admin: { statement: [{ effect: "Allow", actions: ["*"], resources: ["*"] }] },
      },
    },
  ),
  attribute: "Action",
};
