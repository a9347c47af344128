import { ref, stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isSet, isTrueOrUnknown } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Performance Insights is on, and its data is encrypted with a customer-managed key. */
const rule: Rule = {
  id: "PLAT-RDS-007",
  checkov: "CKV_AWS_353",
  severity: "LOW",
  resourceTypes: ["aws_db_instance"],
  description:
    "RDS instances have Performance Insights enabled and encrypted with performance_insights_kms_key_id (CKV_AWS_354).",
  fix: "Set performance_insights_enabled = true and performance_insights_kms_key_id to the stack's KMS key ARN.",
  check: ({ values }) => {
    if (!isTrueOrUnknown(values.performance_insights_enabled)) {
      return [expected("performance_insights_enabled", values.performance_insights_enabled, "true")];
    }
    return isSet(values.performance_insights_kms_key_id)
      ? []
      : [
          expected(
            "performance_insights_kms_key_id",
            values.performance_insights_kms_key_id,
            "a customer-managed KMS key ARN",
          ),
        ];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_db_instance: {
      db: { performance_insights_enabled: true, performance_insights_kms_key_id: ref("aws_kms_key.db.arn") },
    },
  }),
  fail: stackOf({ aws_db_instance: { db: { performance_insights_enabled: false } } }),
  attribute: "performance_insights_enabled",
};
