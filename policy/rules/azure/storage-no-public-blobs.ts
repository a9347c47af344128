import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isFalse, isReference } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** No container or blob can be made anonymously readable. */
const rule: Rule = {
  id: "PLAT-AZST-003",
  checkov: "CKV_AZURE_190",
  trivy: "AVD-AZU-0050",
  severity: "HIGH",
  resourceTypes: ["azurerm_storage_account"],
  description:
    "Storage accounts set allow_nested_items_to_be_public = false explicitly (the azurerm 4.x default is true).",
  fix: "Set allow_nested_items_to_be_public = false.",
  check: ({ values }) =>
    isFalse(values.allow_nested_items_to_be_public) || isReference(values.allow_nested_items_to_be_public)
      ? []
      : [expected("allow_nested_items_to_be_public", values.allow_nested_items_to_be_public, "false")],
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ azurerm_storage_account: { sa: { allow_nested_items_to_be_public: false } } }),
  fail: stackOf({ azurerm_storage_account: { sa: {} } }),
  attribute: "allow_nested_items_to_be_public",
};
