import { ref, stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { asNumber, isReference, isSet } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** OS-level metrics (Enhanced Monitoring) are collected. */
const rule: Rule = {
  id: "PLAT-RDS-009",
  checkov: "CKV_AWS_118",
  severity: "LOW",
  resourceTypes: ["aws_db_instance"],
  description: "RDS instances have Enhanced Monitoring: monitoring_interval > 0 and a monitoring_role_arn.",
  fix: "Set monitoring_interval (e.g. 60) and monitoring_role_arn to a role with AmazonRDSEnhancedMonitoringRole.",
  check: ({ values }) => {
    const messages: string[] = [];
    const interval = asNumber(values.monitoring_interval);
    if (!isReference(values.monitoring_interval) && (interval === undefined || interval <= 0)) {
      messages.push(expected("monitoring_interval", values.monitoring_interval, "> 0 (seconds, e.g. 60)"));
    }
    if (!isSet(values.monitoring_role_arn)) {
      messages.push(expected("monitoring_role_arn", values.monitoring_role_arn, "an IAM role ARN"));
    }
    return messages;
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_db_instance: { db: { monitoring_interval: 60, monitoring_role_arn: ref("aws_iam_role.rds.arn") } },
  }),
  fail: stackOf({
    aws_db_instance: { db: { monitoring_interval: 0, monitoring_role_arn: ref("aws_iam_role.rds.arn") } },
  }),
  attribute: "monitoring_interval",
};
