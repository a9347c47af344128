import { ref, stackOf } from "../../lib/fixture.js";
import { expected, isPrimaryDatabase } from "../../lib/messages.js";
import { asNumber, isReference } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Floor for backup retention; the context may raise it. */
const MIN_RETENTION_DAYS = 7;

/** Primary databases keep automated backups long enough to recover from a bad deploy. */
const rule: Rule = {
  id: "PLAT-RDS-004",
  checkov: "CKV_AWS_133",
  trivy: "AVD-AWS-0077",
  severity: "HIGH",
  dataLoss: true,
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  description:
    "Primary RDS instances and Aurora clusters keep automated backups for at least 7 days, or ctx.minBackupRetentionDays if higher.",
  fix: "Set backup_retention_period to at least the required number of days.",
  check: ({ values }, ctx) => {
    if (!isPrimaryDatabase(values) || isReference(values.backup_retention_period)) return [];
    const required = Math.max(MIN_RETENTION_DAYS, ctx.minBackupRetentionDays ?? 0);
    const days = asNumber(values.backup_retention_period);
    return days !== undefined && days >= required
      ? []
      : [expected("backup_retention_period", values.backup_retention_period, `>= ${required} (days)`)];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  ctx: { minBackupRetentionDays: 14 },
  pass: stackOf({
    aws_db_instance: {
      primary: { backup_retention_period: 14 },
      replica: { replicate_source_db: ref("aws_db_instance.primary.identifier") },
    },
  }),
  fail: stackOf({ aws_db_instance: { primary: { backup_retention_period: 7 } } }),
  attribute: "backup_retention_period",
};
