import { stackOf } from "../../lib/fixture.js";
import { POLICY_RESOURCE_TYPES, policyJson, policyStatements } from "../../lib/iam.js";
import type { Rule, RuleFixtures } from "../../types.js";

const SERVICE_WILDCARD = /^[a-z0-9-]+:\*$/;

/**
 * No policy grants a whole service on every resource. Heuristic for checkov's CKV_AWS_355 (which
 * knows which actions support resource-level permissions): flags only `<service>:*` on `Resource "*"`,
 * so read-only `Describe*`/`List*` grants on `*` stay allowed.
 */
const rule: Rule = {
  id: "PLAT-IAM-002",
  checkov: "CKV_AWS_355",
  severity: "HIGH",
  resourceTypes: POLICY_RESOURCE_TYPES,
  description: 'IAM policies do not Allow a service-wide action ("s3:*") on Resource "*".',
  fix: "Scope Resource to the ARNs the principal works on, or list the specific actions.",
  check: ({ values }, _ctx, stack) =>
    (policyStatements(values.policy, stack) ?? []).flatMap((s, i) => {
      if (s.effect !== "Allow" || !s.resources.includes("*")) return [];
      const wide = s.actions.filter((a) => SERVICE_WILDCARD.test(a));
      return wide.length === 0
        ? []
        : [
            `policy Statement[${i}] allows Action ${wide.map((a) => `"${a}"`).join(", ")} on Resource "*"; expected specific resource ARNs`,
          ];
    }),
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_iam_policy: {
      scoped: {
        policy: policyJson([
          {
            Effect: "Allow",
            Action: "s3:*",
            Resource: ["arn:aws:s3:::acme-data", "arn:aws:s3:::acme-data/*"],
          },
          { Effect: "Allow", Action: "ec2:Describe*", Resource: "*" },
        ]),
      },
    },
  }),
  fail: stackOf({
    aws_iam_policy: { wide: { policy: policyJson([{ Effect: "Allow", Action: ["s3:*"], Resource: "*" }]) } },
  }),
  attribute: "Resource",
};
