import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { asNumber, isReference } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** The cache keeps daily snapshots, so it can be restored after data corruption. */
const rule: Rule = {
  id: "PLAT-ECACHE-005",
  checkov: "CKV_AWS_134",
  trivy: "AVD-AWS-0050",
  severity: "MEDIUM",
  dataLoss: true,
  resourceTypes: ["aws_elasticache_replication_group"],
  description: "ElastiCache replication groups keep automatic snapshots (snapshot_retention_limit > 0).",
  fix: "Set snapshot_retention_limit to the number of days to keep (e.g. 7).",
  check: ({ values }) => {
    if (isReference(values.snapshot_retention_limit)) return [];
    const days = asNumber(values.snapshot_retention_limit);
    return days !== undefined && days > 0
      ? []
      : [expected("snapshot_retention_limit", values.snapshot_retention_limit, "> 0 (days)")];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ aws_elasticache_replication_group: { cache: { snapshot_retention_limit: 7 } } }),
  fail: stackOf({ aws_elasticache_replication_group: { cache: { snapshot_retention_limit: 0 } } }),
  attribute: "snapshot_retention_limit",
};
