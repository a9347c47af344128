import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isTrueOrUnknown } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Database backups survive the loss of the region. */
const rule: Rule = {
  id: "PLAT-AZPG-001",
  checkov: "CKV_AZURE_136",
  severity: "MEDIUM",
  resourceTypes: ["azurerm_postgresql_flexible_server"],
  description: "PostgreSQL flexible servers set geo_redundant_backup_enabled = true.",
  fix: "Set geo_redundant_backup_enabled = true (it can only be chosen at creation: plan the replacement).",
  check: ({ values }) =>
    isTrueOrUnknown(values.geo_redundant_backup_enabled)
      ? []
      : [expected("geo_redundant_backup_enabled", values.geo_redundant_backup_enabled, "true")],
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ azurerm_postgresql_flexible_server: { pg: { geo_redundant_backup_enabled: true } } }),
  fail: stackOf({ azurerm_postgresql_flexible_server: { pg: { geo_redundant_backup_enabled: false } } }),
  attribute: "geo_redundant_backup_enabled",
};
