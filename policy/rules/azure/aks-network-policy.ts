import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { block, isSet } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** NetworkPolicies are enforced, so pods can be isolated from each other. */
const rule: Rule = {
  id: "PLAT-AKS-002",
  checkov: "CKV_AZURE_7",
  trivy: "AVD-AZU-0012",
  severity: "MEDIUM",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  description: "AKS clusters set network_profile.network_policy (azure, calico or cilium).",
  fix: 'Set network_profile { network_plugin = "azure", network_policy = "cilium" } (or "azure"/"calico").',
  check: ({ values }) => {
    const policy = block(values.network_profile)?.network_policy;
    return isSet(policy)
      ? []
      : [expected("network_profile.network_policy", policy, '"azure", "calico" or "cilium"')];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    azurerm_kubernetes_cluster: {
      aks: {
        network_profile: { network_plugin: "azure", network_data_plane: "cilium", network_policy: "cilium" },
      },
    },
  }),
  fail: stackOf({ azurerm_kubernetes_cluster: { aks: { network_profile: { network_plugin: "kubenet" } } } }),
  attribute: "network_policy",
};
