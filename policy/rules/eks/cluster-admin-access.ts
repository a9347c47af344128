import { ref, stackOf } from "../../lib/fixture.js";
import { asStrings, block, isObject, isReference, isTrue } from "../../lib/values.js";
import type { JsonObject, PolicyContext, Rule, RuleFixtures } from "../../types.js";

const CLUSTER_ADMIN_POLICY = /cluster-access-policy\/AmazonEKSClusterAdminPolicy$/;
const EACH = /^\$\{each\.(key|value)\}$/;

/**
 * The principals an access entry or policy association is for: a literal `principal_arn`, or the
 * elements of a literal `for_each` (`${toset(["arn:...", ...])}`, a list, or a map) when
 * `principal_arn` is `${each.value}` / `${each.key}`. `undefined` when that cannot be known.
 */
export function principalsOf(values: JsonObject): string[] | undefined {
  const arn = values.principal_arn;
  if (typeof arn !== "string") return undefined;
  if (!isReference(arn)) return [arn];
  const each = EACH.exec(arn)?.[1];
  const forEach = values.for_each;
  if (each === undefined) return undefined;
  if (Array.isArray(forEach)) return asStrings(forEach);
  if (isObject(forEach)) {
    return each === "key"
      ? Object.keys(forEach)
      : Object.values(forEach).filter((v) => typeof v === "string");
  }
  if (typeof forEach !== "string") return undefined;
  const set = /^\$\{toset\(\[([^\]]*)\]\)\}$/.exec(forEach.trim());
  if (!set) return undefined;
  return [...set[1]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);
}

function outsiders(values: JsonObject, ctx: PolicyContext, grant: string): string[] {
  const admins = ctx.adminRoleArns ?? [];
  const allowed = `one of aws.kubernetes.adminRoleArns (${admins.length === 0 ? "none configured" : admins.join(", ")})`;
  const principals = principalsOf(values);
  if (principals === undefined) {
    return [
      `principal_arn ${JSON.stringify(values.principal_arn)} gets ${grant} and cannot be checked at synth time; expected ${allowed}`,
    ];
  }
  return principals
    .filter((p) => !admins.includes(p))
    .map((p) => `principal_arn "${p}" gets ${grant}; expected ${allowed}`);
}

/**
 * Cluster-admin is for the configured admins only: `AmazonEKSClusterAdminPolicy` associations,
 * access entries in `system:masters`, and the cluster creator's bootstrap admin.
 */
const rule: Rule = {
  id: "PLAT-EKS-005",
  severity: "CRITICAL",
  resourceTypes: ["aws_eks_access_policy_association", "aws_eks_access_entry", "aws_eks_cluster"],
  description:
    "Cluster-admin (AmazonEKSClusterAdminPolicy associations, system:masters access entries, bootstrap_cluster_creator_admin_permissions) goes only to the environment's aws.kubernetes.adminRoleArns.",
  fix: "Grant cluster-admin only to roles listed in aws.kubernetes.adminRoleArns of the environment file (add the role there if it needs it), and a narrower access policy to everyone else.",
  check: ({ type, values }, ctx) => {
    switch (type) {
      case "aws_eks_access_policy_association":
        return typeof values.policy_arn === "string" && CLUSTER_ADMIN_POLICY.test(values.policy_arn)
          ? outsiders(values, ctx, "AmazonEKSClusterAdminPolicy")
          : [];
      case "aws_eks_access_entry":
        return asStrings(values.kubernetes_groups).includes("system:masters")
          ? outsiders(values, ctx, "kubernetes_groups system:masters")
          : [];
      default:
        return isTrue(block(values.access_config)?.bootstrap_cluster_creator_admin_permissions)
          ? [
              "access_config.bootstrap_cluster_creator_admin_permissions is true (whoever creates the cluster gets cluster-admin, principal_arn unknown); expected false and an access entry per aws.kubernetes.adminRoleArns",
            ]
          : [];
    }
  },
};
export default rule;

const ADMIN = "arn:aws:iam::111122223333:role/platform-deployer";
const policyArn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

export const fixtures: RuleFixtures = {
  ctx: { adminRoleArns: [ADMIN] },
  pass: stackOf({
    aws_eks_cluster: { c: { access_config: { bootstrap_cluster_creator_admin_permissions: false } } },
    aws_eks_access_policy_association: {
      admins: {
        for_each: ref(`toset(["${ADMIN}"])`),
        principal_arn: ref("each.value"),
        policy_arn: policyArn,
        access_scope: { type: "cluster" },
      },
      viewer: {
        principal_arn: ref("aws_iam_role.dev.arn"),
        policy_arn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
      },
    },
  }),
  fail: stackOf({
    aws_eks_access_policy_association: {
      ci: { principal_arn: "arn:aws:iam::111122223333:role/ci", policy_arn: policyArn },
      ref: { principal_arn: ref("aws_iam_role.ops.arn"), policy_arn: policyArn },
    },
    aws_eks_access_entry: {
      masters: { principal_arn: "arn:aws:iam::111122223333:role/ops", kubernetes_groups: ["system:masters"] },
    },
  }),
  attribute: "principal_arn",
};
