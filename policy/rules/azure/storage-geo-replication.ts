import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isReference } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

const GEO = ["GRS", "RAGRS", "GZRS", "RAGZRS"];

/** Production storage survives the loss of the region. */
const rule: Rule = {
  id: "PLAT-AZST-005",
  checkov: "CKV_AZURE_206",
  severity: "MEDIUM",
  resourceTypes: ["azurerm_storage_account"],
  description: `In production, storage accounts use geo-redundant account_replication_type (${GEO.join(", ")}).`,
  fix: 'Set account_replication_type = "GZRS" (or "RAGZRS").',
  check: ({ values }, ctx) => {
    if (ctx.tier !== "production" || isReference(values.account_replication_type)) return [];
    const type = values.account_replication_type;
    return typeof type === "string" && GEO.includes(type)
      ? []
      : [expected("account_replication_type", type, `one of ${GEO.join(", ")} in production`)];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ azurerm_storage_account: { sa: { account_replication_type: "GZRS" } } }),
  fail: stackOf({ azurerm_storage_account: { sa: { account_replication_type: "LRS" } } }),
  attribute: "account_replication_type",
};
