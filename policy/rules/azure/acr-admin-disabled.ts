import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isTrue } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** No shared admin user and password: every pull and push is an Entra identity with a role. */
const rule: Rule = {
  id: "PLAT-ACR-001",
  checkov: "CKV_AZURE_137",
  severity: "HIGH",
  resourceTypes: ["azurerm_container_registry"],
  description: "Container registries keep admin_enabled false (the default): no shared admin credentials.",
  fix: "Set admin_enabled = false (or remove it) and grant AcrPull/AcrPush roles to identities instead.",
  check: ({ values }) =>
    isTrue(values.admin_enabled) ? [expected("admin_enabled", values.admin_enabled, "false")] : [],
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ azurerm_container_registry: { acr: { admin_enabled: false }, unset: {} } }),
  fail: stackOf({ azurerm_container_registry: { acr: { admin_enabled: true } } }),
  attribute: "admin_enabled",
};
