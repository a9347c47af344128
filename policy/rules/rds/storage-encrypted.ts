import { ref, stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isSet, isTrueOrUnknown } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** RDS storage is encrypted with a customer-managed KMS key. */
const rule: Rule = {
  id: "PLAT-RDS-001",
  checkov: "CKV_AWS_16",
  trivy: "AVD-AWS-0080",
  severity: "HIGH",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  description:
    "RDS instance and Aurora cluster storage is encrypted at rest with a customer-managed KMS key.",
  fix: "Set storage_encrypted = true and kms_key_id to the ARN of the stack's KMS key.",
  check: ({ values }) => {
    const messages: string[] = [];
    if (!isTrueOrUnknown(values.storage_encrypted)) {
      messages.push(expected("storage_encrypted", values.storage_encrypted, "true"));
    }
    if (!isSet(values.kms_key_id)) {
      messages.push(expected("kms_key_id", values.kms_key_id, "a customer-managed KMS key ARN"));
    }
    return messages;
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_db_instance: { db: { storage_encrypted: true, kms_key_id: ref("aws_kms_key.db.arn") } },
  }),
  fail: stackOf({
    aws_db_instance: { db: { storage_encrypted: false, kms_key_id: ref("aws_kms_key.db.arn") } },
  }),
  attribute: "storage_encrypted",
};
