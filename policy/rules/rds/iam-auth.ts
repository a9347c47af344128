import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isTrueOrUnknown } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Applications authenticate with IAM instead of long-lived passwords. */
const rule: Rule = {
  id: "PLAT-RDS-006",
  checkov: "CKV_AWS_161",
  severity: "MEDIUM",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  description: "RDS instances and Aurora clusters have IAM database authentication enabled.",
  fix: "Set iam_database_authentication_enabled = true.",
  check: ({ values }) =>
    isTrueOrUnknown(values.iam_database_authentication_enabled)
      ? []
      : [expected("iam_database_authentication_enabled", values.iam_database_authentication_enabled, "true")],
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ aws_db_instance: { db: { iam_database_authentication_enabled: true } } }),
  fail: stackOf({ aws_db_instance: { db: { iam_database_authentication_enabled: false } } }),
  attribute: "iam_database_authentication_enabled",
};
