import { stackOf } from "../../lib/fixture.js";
import { asStrings, block, isFalse, isReference } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

const ANYWHERE = ["0.0.0.0/0", "::/0"];

/** The Kubernetes API is not open to the whole internet. */
const rule: Rule = {
  id: "PLAT-EKS-002",
  checkov: "CKV_AWS_38",
  trivy: "AVD-AWS-0041",
  severity: "HIGH",
  resourceTypes: ["aws_eks_cluster"],
  description:
    "EKS clusters disable vpc_config.endpoint_public_access (CKV_AWS_39) or restrict public_access_cidrs to known ranges (never 0.0.0.0/0).",
  fix: "Set vpc_config.endpoint_public_access = false, or public_access_cidrs to the office/VPN ranges.",
  check: ({ values }) => {
    const vpc = block(values.vpc_config) ?? {};
    if (isFalse(vpc.endpoint_public_access)) return [];
    if (isReference(vpc.public_access_cidrs)) return [];
    const cidrs = asStrings(vpc.public_access_cidrs);
    if (cidrs.length === 0) {
      return [
        "vpc_config.public_access_cidrs is unset (defaults to 0.0.0.0/0) with a public endpoint; expected endpoint_public_access = false or explicit CIDRs",
      ];
    }
    const open = cidrs.filter((c) => ANYWHERE.includes(c));
    return open.length === 0
      ? []
      : [
          `vpc_config.public_access_cidrs contains ${open.join(", ")}; expected endpoint_public_access = false or specific CIDRs`,
        ];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_eks_cluster: {
      private: { vpc_config: { endpoint_public_access: false, endpoint_private_access: true } },
      restricted: { vpc_config: { endpoint_public_access: true, public_access_cidrs: ["203.0.113.0/24"] } },
    },
  }),
  fail: stackOf({
    aws_eks_cluster: {
      main: { vpc_config: { endpoint_public_access: true, public_access_cidrs: ["0.0.0.0/0"] } },
    },
  }),
  attribute: "public_access_cidrs",
};
