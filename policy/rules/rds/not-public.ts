import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isTrue } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** RDS instances are not reachable from the internet. */
const rule: Rule = {
  id: "PLAT-RDS-002",
  checkov: "CKV_AWS_17",
  trivy: "AVD-AWS-0082",
  severity: "CRITICAL",
  resourceTypes: ["aws_db_instance"],
  description: "RDS instances are not publicly accessible.",
  fix: "Remove publicly_accessible or set it to false; reach the database through the VPC.",
  check: ({ values }) =>
    isTrue(values.publicly_accessible)
      ? [expected("publicly_accessible", values.publicly_accessible, "false")]
      : [],
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ aws_db_instance: { db: { publicly_accessible: false } } }),
  fail: stackOf({ aws_db_instance: { db: { publicly_accessible: true } } }),
  attribute: "publicly_accessible",
};
