import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isTrueOrUnknown } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Nobody holds the static cluster-admin kubeconfig; every access is an Entra ID identity. */
const rule: Rule = {
  id: "PLAT-AKS-003",
  checkov: "CKV_AZURE_141",
  severity: "HIGH",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  description: "AKS clusters set local_account_disabled = true.",
  fix: "Set local_account_disabled = true (requires azure_active_directory_role_based_access_control).",
  check: ({ values }) =>
    isTrueOrUnknown(values.local_account_disabled)
      ? []
      : [expected("local_account_disabled", values.local_account_disabled, "true")],
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ azurerm_kubernetes_cluster: { aks: { local_account_disabled: true } } }),
  fail: stackOf({ azurerm_kubernetes_cluster: { aks: {} } }),
  attribute: "local_account_disabled",
};
