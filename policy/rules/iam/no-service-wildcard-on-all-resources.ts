import { stackOf } from "../../lib/fixture.js";
import { POLICY_RESOURCE_TYPES, policyJson, policyStatements } from "../../lib/iam.js";
import type { Rule, RuleFixtures } from "../../types.js";

const SERVICE_WILDCARD = /^[a-z0-9-]+:\*$/i;

/**
 * No policy grants a whole service, whatever the resource: `s3:*` on one bucket still includes
 * `s3:DeleteBucket` and `s3:PutBucketPolicy`, and `autoscaling:*` on one group includes deleting it.
 * Partial wildcards (`ec2:Describe*`, `s3:Get*`) stay allowed. (The file keeps its historical name:
 * the rule used to flag `<service>:*` on `Resource "*"` only.)
 */
const rule: Rule = {
  id: "PLAT-IAM-002",
  severity: "HIGH",
  resourceTypes: POLICY_RESOURCE_TYPES,
  description:
    'IAM policies do not Allow a service-wide action ("s3:*", "autoscaling:*") on any resource, "*" or specific ARNs.',
  fix: "List the specific actions the principal needs (partial wildcards such as s3:Get* are fine).",
  check: ({ values }, _ctx, stack) =>
    (policyStatements(values.policy, stack) ?? []).flatMap((s, i) => {
      if (s.effect !== "Allow") return [];
      const wide = s.actions.filter((a) => SERVICE_WILDCARD.test(a));
      if (wide.length === 0) return [];
      const on = s.resources.map((r) => `"${r}"`).join(", ") || "(no Resource)";
      return [
        `policy Statement[${i}] allows Action ${wide.map((a) => `"${a}"`).join(", ")} on Resource ${on}; expected specific actions, not a whole service`,
      ];
    }),
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_iam_policy: {
      scoped: {
        policy: policyJson([
          { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::acme-data/*" },
          { Effect: "Allow", Action: "ec2:Describe*", Resource: "*" },
          { Effect: "Deny", Action: "s3:*", Resource: "*" },
        ]),
      },
    },
  }),
  fail: stackOf({
    aws_iam_policy: {
      wide: {
        policy: policyJson([
          {
            Effect: "Allow",
            Action: ["autoscaling:*"],
            Resource: "arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:*",
          },
        ]),
      },
    },
  }),
  attribute: "Action",
};
