import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import type { Rule, RuleFixtures } from "../../types.js";

const ACCEPTED = ["TLS1_2", "TLS1_3"];

/** Clients cannot negotiate TLS 1.0/1.1. */
const rule: Rule = {
  id: "PLAT-AZST-002",
  checkov: "CKV_AZURE_44",
  trivy: "AVD-AZU-0052",
  severity: "MEDIUM",
  resourceTypes: ["azurerm_storage_account"],
  description: 'Storage accounts set min_tls_version "TLS1_2" (unset is the azurerm 4.x default, TLS1_2).',
  fix: 'Set min_tls_version = "TLS1_2" (or remove it).',
  check: ({ values }) => {
    const version = values.min_tls_version;
    return version === undefined || (typeof version === "string" && ACCEPTED.includes(version))
      ? []
      : [expected("min_tls_version", version, '"TLS1_2"')];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ azurerm_storage_account: { sa: { min_tls_version: "TLS1_2" } } }),
  fail: stackOf({ azurerm_storage_account: { sa: { min_tls_version: "TLS1_0" } } }),
  attribute: "min_tls_version",
};
