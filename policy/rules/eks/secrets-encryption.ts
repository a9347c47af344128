import { ref, stackOf } from "../../lib/fixture.js";
import { asStrings, blocks, dig, isSet } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Kubernetes Secrets are envelope-encrypted with a KMS key in etcd. */
const rule: Rule = {
  id: "PLAT-EKS-001",
  checkov: "CKV_AWS_58",
  trivy: "AVD-AWS-0039",
  severity: "HIGH",
  resourceTypes: ["aws_eks_cluster"],
  description: 'EKS clusters have an encryption_config for resources ["secrets"] with provider.key_arn.',
  fix: 'Add encryption_config { resources = ["secrets"], provider { key_arn = <kms key arn> } }.',
  check: ({ values }) => {
    const configs = blocks(values.encryption_config);
    const ok = configs.some(
      (c) => asStrings(c.resources).includes("secrets") && isSet(dig(c, "provider.key_arn")),
    );
    return ok
      ? []
      : [
          'encryption_config is missing or incomplete; expected resources = ["secrets"] with provider.key_arn set',
        ];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_eks_cluster: {
      main: {
        encryption_config: { resources: ["secrets"], provider: { key_arn: ref("aws_kms_key.eks.arn") } },
      },
    },
  }),
  fail: stackOf({ aws_eks_cluster: { main: {} } }),
  attribute: "encryption_config",
};
