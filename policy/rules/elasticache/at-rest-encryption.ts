import { ref, stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isSet, isTrueOrUnknown } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Cached data and backups are encrypted at rest with a customer-managed key. */
const rule: Rule = {
  id: "PLAT-ECACHE-001",
  checkov: "CKV_AWS_29",
  trivy: "AVD-AWS-0045",
  severity: "HIGH",
  resourceTypes: ["aws_elasticache_replication_group"],
  description:
    "ElastiCache replication groups encrypt data at rest with a customer-managed KMS key (CKV_AWS_191).",
  fix: "Set at_rest_encryption_enabled = true and kms_key_id to the stack's KMS key ARN.",
  check: ({ values }) => {
    const messages: string[] = [];
    if (!isTrueOrUnknown(values.at_rest_encryption_enabled)) {
      messages.push(expected("at_rest_encryption_enabled", values.at_rest_encryption_enabled, "true"));
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
    aws_elasticache_replication_group: {
      cache: { at_rest_encryption_enabled: "true", kms_key_id: ref("aws_kms_key.cache.arn") },
    },
  }),
  fail: stackOf({
    aws_elasticache_replication_group: {
      cache: { at_rest_encryption_enabled: false, kms_key_id: ref("aws_kms_key.cache.arn") },
    },
  }),
  attribute: "at_rest_encryption_enabled",
};
