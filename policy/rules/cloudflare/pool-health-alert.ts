import { ref, stackOf } from "../../lib/fixture.js";
import type { Rule, RuleFixtures } from "../../types.js";

/**
 * CloudFlare fails over without an apply, so a pool whose health changes silently moves traffic to
 * the other cloud without anyone knowing (the failover runbook starts with that news). Each pool must
 * be named by a `load_balancing_health_alert` notification policy of its stack.
 */
const rule: Rule = {
  id: "PLAT-CF-007",
  severity: "MEDIUM",
  resourceTypes: ["cloudflare_load_balancer_pool"],
  description:
    "Every cloudflare_load_balancer_pool is watched by a load_balancing_health_alert notification policy.",
  fix: "Add the pool's id to an EdgeHealthAlert's poolIds (cloudflare_notification_policy filters.pool_id).",
  check: ({ name }, _ctx, stack) => {
    const id = `\${cloudflare_load_balancer_pool.${name}.id}`;
    const watched = stack
      .ofType("cloudflare_notification_policy")
      .filter((p) => p.values.alert_type === "load_balancing_health_alert" && p.values.enabled !== false)
      .some((p) => {
        const ids = (p.values.filters as { pool_id?: unknown } | undefined)?.pool_id;
        return Array.isArray(ids) && ids.includes(id);
      });
    return watched
      ? []
      : [
          `filters.pool_id of no enabled load_balancing_health_alert notification policy names ${id}; expected one that does`,
        ];
  },
};
export default rule;

const pool = {
  account_id: "0123456789abcdef0123456789abcdef",
  name: "aws-blue",
  monitor: "m",
  origins: [{ address: "gw.example" }],
};
const alert = (poolIds: string[]) => ({
  account_id: "0123456789abcdef0123456789abcdef",
  name: "edge pool health",
  alert_type: "load_balancing_health_alert",
  enabled: true,
  filters: { pool_id: poolIds },
  mechanisms: { email: [{ id: "oncall@acme.example" }] },
});

export const fixtures: RuleFixtures = {
  pass: stackOf({
    cloudflare_load_balancer_pool: { blue: pool },
    cloudflare_notification_policy: { health: alert([ref("cloudflare_load_balancer_pool.blue.id")]) },
  }),
  fail: stackOf({
    cloudflare_load_balancer_pool: { blue: pool, green: { ...pool, name: "aws-green" } },
    cloudflare_notification_policy: { health: alert([ref("cloudflare_load_balancer_pool.blue.id")]) },
  }),
  attribute: "filters.pool_id",
};
