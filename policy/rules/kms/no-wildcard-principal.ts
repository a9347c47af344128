import { ref, stackOf } from "../../lib/fixture.js";
import { hasWildcardPrincipal, policyJson, policyStatements } from "../../lib/iam.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** A key policy never lets anyone use the key unconditionally. */
const rule: Rule = {
  id: "PLAT-KMS-002",
  checkov: "CKV_AWS_33",
  trivy: "AVD-AWS-0055",
  severity: "CRITICAL",
  resourceTypes: ["aws_kms_key", "aws_kms_key_policy"],
  description: 'KMS key policies have no Allow for Principal "*" or { AWS: "*" } without a Condition.',
  fix: "Name the account root or specific roles as principals, or add a Condition (e.g. kms:CallerAccount).",
  check: ({ values }, _ctx, stack) =>
    (policyStatements(values.policy, stack) ?? [])
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => s.effect === "Allow" && hasWildcardPrincipal(s) && !s.hasCondition)
      .map(
        ({ i }) =>
          `policy Statement[${i}] allows Principal "*" without a Condition; expected specific principals or a Condition`,
      ),
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_kms_key: {
      data: {
        policy: policyJson([
          {
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::111122223333:root" },
            Action: "kms:*",
            Resource: "*",
          },
          {
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: ["kms:Decrypt"],
            Resource: "*",
            Condition: { StringEquals: { "kms:CallerAccount": "111122223333" } },
          },
        ]),
      },
    },
  }),
  fail: stackOf({
    aws_kms_key_policy: {
      data: {
        key_id: ref("aws_kms_key.data.id"),
        policy: policyJson([{ Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" }]),
      },
    },
  }),
  attribute: "Principal",
};
