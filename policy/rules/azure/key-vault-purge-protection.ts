import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isTrueOrUnknown } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** A deleted vault or secret cannot be purged before its retention period ends. */
const rule: Rule = {
  id: "PLAT-AZKV-001",
  checkov: "CKV_AZURE_42",
  severity: "HIGH",
  dataLoss: true,
  resourceTypes: ["azurerm_key_vault"],
  description: "Key vaults set purge_protection_enabled = true.",
  fix: "Set purge_protection_enabled = true (and soft_delete_retention_days, e.g. 90).",
  check: ({ values }) =>
    isTrueOrUnknown(values.purge_protection_enabled)
      ? []
      : [expected("purge_protection_enabled", values.purge_protection_enabled, "true")],
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    azurerm_key_vault: { kv: { purge_protection_enabled: true, soft_delete_retention_days: 90 } },
  }),
  fail: stackOf({ azurerm_key_vault: { kv: {} } }),
  attribute: "purge_protection_enabled",
};
