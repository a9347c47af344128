import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isFalse, isReference } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** The registry is reachable only through private endpoints, never from the internet. */
const rule: Rule = {
  id: "PLAT-ACR-002",
  checkov: "CKV_AZURE_139",
  severity: "HIGH",
  resourceTypes: ["azurerm_container_registry"],
  description:
    "Container registries set public_network_access_enabled = false explicitly (the azurerm 4.x default is true).",
  fix: "Set public_network_access_enabled = false and reach the registry through an azurerm_private_endpoint.",
  check: ({ values }) =>
    isFalse(values.public_network_access_enabled) || isReference(values.public_network_access_enabled)
      ? []
      : [expected("public_network_access_enabled", values.public_network_access_enabled, "false")],
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ azurerm_container_registry: { acr: { public_network_access_enabled: false } } }),
  fail: stackOf({
    azurerm_container_registry: { unset: {}, open: { public_network_access_enabled: true } },
  }),
  attribute: "public_network_access_enabled",
};
