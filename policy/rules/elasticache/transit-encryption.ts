import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isTrueOrUnknown } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Clients talk to Redis/Valkey over TLS only. */
const rule: Rule = {
  id: "PLAT-ECACHE-002",
  checkov: "CKV_AWS_30",
  trivy: "AVD-AWS-0051",
  severity: "HIGH",
  resourceTypes: ["aws_elasticache_replication_group"],
  description: "ElastiCache replication groups encrypt traffic in transit.",
  fix: 'Set transit_encryption_enabled = true (and transit_encryption_mode = "required").',
  check: ({ values }) =>
    isTrueOrUnknown(values.transit_encryption_enabled)
      ? []
      : [expected("transit_encryption_enabled", values.transit_encryption_enabled, "true")],
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ aws_elasticache_replication_group: { cache: { transit_encryption_enabled: true } } }),
  fail: stackOf({ aws_elasticache_replication_group: { cache: {} } }),
  attribute: "transit_encryption_enabled",
};
