import { ref, stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { dig, isReference, isSet } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

const KMS_TYPES = ["KMS", "KMS_DSSE"];

/** Images are encrypted with a customer-managed KMS key (auditable, revocable), not AES256 alone. */
const rule: Rule = {
  id: "PLAT-ECR-003",
  checkov: "CKV_AWS_136",
  trivy: "AVD-AWS-0033",
  severity: "HIGH",
  resourceTypes: ["aws_ecr_repository"],
  description:
    'ECR repositories set encryption_configuration.encryption_type = "KMS" with kms_key, a customer-managed key (the default is AES256).',
  fix: 'Set encryption_configuration { encryption_type = "KMS", kms_key = <key arn> } (it cannot change later: the repository is replaced).',
  check: ({ values }) => {
    const type = dig(values, "encryption_configuration.encryption_type");
    if (!(typeof type === "string" && (KMS_TYPES.includes(type) || isReference(type)))) {
      return [expected("encryption_configuration.encryption_type", type, '"KMS"')];
    }
    const key = dig(values, "encryption_configuration.kms_key");
    return isSet(key)
      ? []
      : [
          expected(
            "encryption_configuration.kms_key",
            key,
            'a customer-managed KMS key ARN with encryption_type "KMS" (unset, ECR uses the AWS-managed aws/ecr key)',
          ),
        ];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_ecr_repository: {
      api: { encryption_configuration: [{ encryption_type: "KMS", kms_key: ref("aws_kms_key.ecr.arn") }] },
    },
  }),
  fail: stackOf({
    aws_ecr_repository: {
      unset: {},
      aes: { encryption_configuration: [{ encryption_type: "AES256" }] },
      awsManagedKey: { encryption_configuration: [{ encryption_type: "KMS" }] },
    },
  }),
  attribute: "encryption_type",
};
