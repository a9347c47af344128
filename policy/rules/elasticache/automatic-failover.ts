import { stackOf } from "../../lib/fixture.js";
import { expected, isStagingOrProduction } from "../../lib/messages.js";
import { isTrueOrUnknown } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** A primary node failure promotes a replica in another AZ instead of taking the cache down. */
const rule: Rule = {
  id: "PLAT-ECACHE-004",
  checkov: "CKV2_AWS_50",
  severity: "MEDIUM",
  resourceTypes: ["aws_elasticache_replication_group"],
  description:
    "ElastiCache replication groups in staging and production have automatic_failover_enabled and multi_az_enabled.",
  fix: "Set automatic_failover_enabled = true, multi_az_enabled = true and at least one replica (num_cache_clusters >= 2).",
  check: ({ values }, ctx) => {
    if (!isStagingOrProduction(ctx)) return [];
    const messages: string[] = [];
    if (!isTrueOrUnknown(values.automatic_failover_enabled)) {
      messages.push(
        expected("automatic_failover_enabled", values.automatic_failover_enabled, `true in ${ctx.tier}`),
      );
    }
    if (!isTrueOrUnknown(values.multi_az_enabled)) {
      messages.push(expected("multi_az_enabled", values.multi_az_enabled, `true in ${ctx.tier}`));
    }
    return messages;
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  ctx: { tier: "staging" },
  pass: stackOf({
    aws_elasticache_replication_group: {
      cache: { automatic_failover_enabled: true, multi_az_enabled: true, num_cache_clusters: 2 },
    },
  }),
  fail: stackOf({
    aws_elasticache_replication_group: {
      cache: { automatic_failover_enabled: false, multi_az_enabled: true },
    },
  }),
  attribute: "automatic_failover_enabled",
};
