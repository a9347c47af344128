import { describe, expect, it } from "vitest";
import { AksIdentities } from "../../../constructs/azure/aks-identities";
import { Testing } from "../../../constructs/core";
import { type Attrs, resourcesOf } from "../../helpers";

const SUBNET =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/nodes";

describe("AksIdentities", () => {
  const out = Testing.synthScope(
    (scope) =>
      new AksIdentities(scope, "Identities", {
        name: "prod-blue",
        resourceGroupName: "acme-prod",
        location: "westeurope",
        nodeSubnetId: SUBNET,
      }),
  );

  it("creates a control-plane and a kubelet identity, named after the cluster", () => {
    const names = Object.values(resourcesOf(out, "azurerm_user_assigned_identity")).map((i) => i.name);
    expect(names.sort()).toEqual(["id-prod-blue-aks", "id-prod-blue-kubelet"]);
  });

  it("grants the control plane only the node subnet and the kubelet identity, nothing wider", () => {
    const grants = Object.values(resourcesOf(out, "azurerm_role_assignment")) as Attrs[];
    expect(grants.map((g) => g.role_definition_name).sort()).toEqual([
      "Managed Identity Operator",
      "Network Contributor",
    ]);
    const subnet = grants.find((g) => g.role_definition_name === "Network Contributor")!;
    expect(subnet.scope).toBe(SUBNET);
    const operator = grants.find((g) => g.role_definition_name === "Managed Identity Operator")!;
    expect(String(operator.scope)).toMatch(
      /azurerm_user_assigned_identity\.Identities_Kubelet_[0-9A-F]{8}\.id/,
    );
    for (const g of grants) {
      expect(String(g.principal_id)).toMatch(/Identities_ControlPlane_[0-9A-F]{8}\.principal_id/);
      expect(g.skip_service_principal_aad_check).toBe(true);
    }
  });
});
