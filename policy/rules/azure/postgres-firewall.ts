import { ref, stackOf } from "../../lib/fixture.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** The database firewall never admits the whole internet. */
const rule: Rule = {
  id: "PLAT-AZPG-002",
  trivy: "AVD-AZU-0019",
  severity: "CRITICAL",
  resourceTypes: ["azurerm_postgresql_flexible_server_firewall_rule"],
  description: "PostgreSQL flexible server firewall rules do not span 0.0.0.0-255.255.255.255.",
  fix: "Use private access (delegated subnet / private endpoint) or narrow start_ip_address/end_ip_address to known ranges.",
  check: ({ values }) =>
    values.start_ip_address === "0.0.0.0" && values.end_ip_address === "255.255.255.255"
      ? [
          'start_ip_address "0.0.0.0" to end_ip_address "255.255.255.255" admits the whole internet; expected a narrow range',
        ]
      : [],
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    azurerm_postgresql_flexible_server_firewall_rule: {
      office: {
        server_id: ref("azurerm_postgresql_flexible_server.pg.id"),
        start_ip_address: "203.0.113.10",
        end_ip_address: "203.0.113.20",
      },
    },
  }),
  fail: stackOf({
    azurerm_postgresql_flexible_server_firewall_rule: {
      all: {
        server_id: ref("azurerm_postgresql_flexible_server.pg.id"),
        start_ip_address: "0.0.0.0",
        end_ip_address: "255.255.255.255",
      },
    },
  }),
  attribute: "start_ip_address",
};
