import { ref, stackOf } from "../../lib/fixture.js";
import { asStrings } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** The AWS-managed policy, with a literal partition or the `${data.aws_partition...}` the stacks write. */
const ADMIN = /^arn:(aws[a-z-]*|\$\{[^}]+\}):iam::aws:policy\/AdministratorAccess$/;

/** Attribute holding the attached policy ARN(s), per resource type. */
const ARN_ATTRIBUTES: Readonly<Record<string, string>> = {
  aws_iam_role_policy_attachment: "policy_arn",
  aws_iam_user_policy_attachment: "policy_arn",
  aws_iam_group_policy_attachment: "policy_arn",
  aws_iam_policy_attachment: "policy_arn",
  aws_iam_role_policy_attachments_exclusive: "policy_arns",
  aws_iam_role: "managed_policy_arns",
};

/** Nobody gets the AWS-managed AdministratorAccess policy from Terraform. */
const rule: Rule = {
  id: "PLAT-IAM-003",
  checkov: "CKV_AWS_274",
  severity: "CRITICAL",
  resourceTypes: Object.keys(ARN_ATTRIBUTES),
  description: "No role, user or group is attached to arn:aws:iam::aws:policy/AdministratorAccess.",
  fix: "Attach a least-privilege customer-managed policy instead of AdministratorAccess.",
  check: ({ type, values }) => {
    const attribute = ARN_ATTRIBUTES[type]!;
    return asStrings(values[attribute])
      .filter((arn) => ADMIN.test(arn))
      .map((arn) => `${attribute} is "${arn}"; expected a least-privilege policy, not AdministratorAccess`);
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_iam_role_policy_attachment: {
      ssm: {
        role: ref("aws_iam_role.node.name"),
        policy_arn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
      },
    },
  }),
  fail: stackOf({
    aws_iam_role_policy_attachment: {
      admin: { role: ref("aws_iam_role.ci.name"), policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" },
      partition: {
        role: ref("aws_iam_role.ops.name"),
        policy_arn: `arn:${ref("data.aws_partition.current.partition")}:iam::aws:policy/AdministratorAccess`,
      },
    },
  }),
  attribute: "policy_arn",
};
