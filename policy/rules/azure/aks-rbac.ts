import { ref, stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { block, isFalse } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Cluster access goes through Kubernetes RBAC backed by Entra ID identities. */
const rule: Rule = {
  id: "PLAT-AKS-001",
  checkov: "CKV_AZURE_5",
  trivy: "AVD-AZU-0015",
  severity: "HIGH",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  description:
    "AKS clusters keep role_based_access_control_enabled (not false) and configure azure_active_directory_role_based_access_control.",
  fix: "Remove role_based_access_control_enabled = false and add azure_active_directory_role_based_access_control { azure_rbac_enabled = true, admin_group_object_ids = [...] }.",
  check: ({ values }) => {
    const messages: string[] = [];
    if (isFalse(values.role_based_access_control_enabled)) {
      messages.push(
        expected("role_based_access_control_enabled", values.role_based_access_control_enabled, "true"),
      );
    }
    if (block(values.azure_active_directory_role_based_access_control) === undefined) {
      messages.push(
        "azure_active_directory_role_based_access_control is unset; expected Entra ID RBAC (azure_rbac_enabled = true)",
      );
    }
    return messages;
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    azurerm_kubernetes_cluster: {
      aks: {
        role_based_access_control_enabled: true,
        azure_active_directory_role_based_access_control: {
          azure_rbac_enabled: true,
          admin_group_object_ids: [ref("azuread_group.platform.object_id")],
        },
      },
    },
  }),
  fail: stackOf({ azurerm_kubernetes_cluster: { aks: { role_based_access_control_enabled: false } } }),
  attribute: "role_based_access_control",
};
