import { ref, stackOf } from "../../lib/fixture.js";
import { hasWildcardPrincipal, policyJson, policyStatements } from "../../lib/iam.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** A role names who may assume it. */
const rule: Rule = {
  id: "PLAT-IAM-004",
  checkov: "CKV_AWS_60",
  severity: "CRITICAL",
  resourceTypes: ["aws_iam_role"],
  description: 'IAM role trust policies (assume_role_policy) do not Allow Principal "*" or { AWS: "*" }.',
  fix: "Name the specific service, account or federated principal allowed to assume the role.",
  check: ({ values }, _ctx, stack) =>
    (policyStatements(values.assume_role_policy, stack) ?? [])
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => s.effect === "Allow" && hasWildcardPrincipal(s))
      .map(
        ({ i }) =>
          `assume_role_policy Statement[${i}] allows Principal "*"; expected a specific service, account or federated principal`,
      ),
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf(
    {
      aws_iam_role: {
        node: {
          assume_role_policy: policyJson([
            { Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ec2.amazonaws.com" } },
          ]),
        },
        irsa: { assume_role_policy: ref("data.aws_iam_policy_document.irsa.json") },
      },
    },
    {
      aws_iam_policy_document: {
        irsa: {
          statement: [
            {
              actions: ["sts:AssumeRoleWithWebIdentity"],
              principals: [
                { type: "Federated", identifiers: [ref("aws_iam_openid_connect_provider.eks.arn")] },
              ],
            },
          ],
        },
      },
    },
  ),
  fail: stackOf({
    aws_iam_role: {
      open: {
        assume_role_policy: policyJson([
          { Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: "*" } },
        ]),
      },
    },
  }),
  attribute: "Principal",
};
