import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isTrue } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Nobody pulls an image without authenticating. */
const rule: Rule = {
  id: "PLAT-ACR-003",
  checkov: "CKV_AZURE_138",
  severity: "HIGH",
  resourceTypes: ["azurerm_container_registry"],
  description: "Container registries keep anonymous_pull_enabled false (the default).",
  fix: "Set anonymous_pull_enabled = false (or remove it) and grant AcrPull to the identities that pull.",
  check: ({ values }) =>
    isTrue(values.anonymous_pull_enabled)
      ? [expected("anonymous_pull_enabled", values.anonymous_pull_enabled, "false")]
      : [],
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ azurerm_container_registry: { acr: { anonymous_pull_enabled: false }, unset: {} } }),
  fail: stackOf({ azurerm_container_registry: { acr: { anonymous_pull_enabled: true } } }),
  attribute: "anonymous_pull_enabled",
};
