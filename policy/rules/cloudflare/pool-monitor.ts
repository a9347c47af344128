import { ref, stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isSet } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Without a monitor CloudFlare never marks a pool unhealthy, so a load balancer never fails over. */
const rule: Rule = {
  id: "PLAT-CF-005",
  severity: "HIGH",
  resourceTypes: ["cloudflare_load_balancer_pool"],
  description: "Every cloudflare_load_balancer_pool has a monitor.",
  fix: "Set monitor to a cloudflare_load_balancer_monitor's id (EdgePool requires monitorId).",
  check: ({ values }) =>
    isSet(values.monitor)
      ? []
      : [expected("monitor", values.monitor, "the id of a cloudflare_load_balancer_monitor")],
};
export default rule;

const pool = {
  account_id: "0123456789abcdef0123456789abcdef",
  name: "aws-blue",
  origins: [{ address: "gw.example" }],
};

export const fixtures: RuleFixtures = {
  pass: stackOf({
    cloudflare_load_balancer_pool: {
      blue: { ...pool, monitor: ref("cloudflare_load_balancer_monitor.ready.id") },
    },
  }),
  fail: stackOf({ cloudflare_load_balancer_pool: { blue: pool, green: { ...pool, monitor: "" } } }),
  attribute: "monitor",
};
