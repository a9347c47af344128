import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isFalse } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Attribute names across provider versions: azurerm 4.x, then 3.x. */
const NAMES = ["https_traffic_only_enabled", "enable_https_traffic_only"];

/** Storage accounts refuse plain HTTP. */
const rule: Rule = {
  id: "PLAT-AZST-001",
  checkov: "CKV_AZURE_3",
  trivy: "AVD-AZU-0049",
  severity: "HIGH",
  resourceTypes: ["azurerm_storage_account"],
  description:
    "Storage accounts keep https_traffic_only_enabled (3.x: enable_https_traffic_only) true (the default).",
  fix: "Set https_traffic_only_enabled = true (or remove it).",
  check: ({ values }) =>
    NAMES.filter((name) => isFalse(values[name])).map((name) => expected(name, values[name], "true")),
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ azurerm_storage_account: { sa: { https_traffic_only_enabled: true } } }),
  fail: stackOf({ azurerm_storage_account: { sa: { https_traffic_only_enabled: false } } }),
  attribute: "https_traffic_only_enabled",
};
