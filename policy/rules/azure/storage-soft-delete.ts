import { stackOf } from "../../lib/fixture.js";
import { block } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Deleted blobs can be recovered for a while. */
const rule: Rule = {
  id: "PLAT-AZST-004",
  checkov: "CKV2_AZURE_38",
  severity: "MEDIUM",
  dataLoss: true,
  resourceTypes: ["azurerm_storage_account"],
  description: "Storage accounts configure blob_properties.delete_retention_policy (blob soft delete).",
  fix: "Add blob_properties { delete_retention_policy { days = 14 }, container_delete_retention_policy { days = 14 } }.",
  check: ({ values }) =>
    block(block(values.blob_properties)?.delete_retention_policy) === undefined
      ? ["blob_properties.delete_retention_policy is unset; expected a retention policy (e.g. days = 14)"]
      : [],
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    azurerm_storage_account: {
      sa: { blob_properties: { versioning_enabled: true, delete_retention_policy: { days: 14 } } },
    },
  }),
  fail: stackOf({ azurerm_storage_account: { sa: { blob_properties: { versioning_enabled: true } } } }),
  attribute: "delete_retention_policy",
};
