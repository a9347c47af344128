/**
 * Terraform itself reads a stack holding a production AksCluster, its providers and a workload
 * identity: `validate` and `plan` through the stand-in providers built from the bindings' schemas
 * (test/terraform/harness.ts). It checks what the unit tests cannot: block nesting, attribute types
 * and required arguments as Terraform sees them, and the providers' exec blocks.
 */
import { join } from "node:path";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { beforeAll, describe, expect, it } from "vitest";
import { AksCluster } from "../../../constructs/azure/aks-cluster";
import { aksProviders } from "../../../constructs/azure/aks-providers";
import { App, TerraformStack } from "../../../constructs/core";
import { tempDir } from "../../helpers";
import { checkStack, offlineTerraform, type StackCheck } from "../../terraform/harness";
import { terraformAvailable } from "../../terraform/plugin/harness";
import { NETWORK, prodProps } from "./aks-fixtures";

const HAVE_TERRAFORM = terraformAvailable();

describe.skipIf(!HAVE_TERRAFORM)("terraform over an AKS stack", () => {
  let result: StackCheck;

  beforeAll(() => {
    const root = tempDir("tf-aks");
    const outdir = join(root, "cdktf.out");
    const app = new App({ outdir });
    const stack = new TerraformStack(app, "aks");
    new AzurermProvider(stack, "Azurerm", { features: [{}] });
    const cluster = new AksCluster(stack, "Aks", prodProps());
    aksProviders(stack, cluster);
    cluster.workloadIdentity(stack, "ShopApi", {
      namespace: "shop",
      serviceAccount: "api",
      grants: [
        {
          cloud: "azure",
          roleAssignments: [{ scope: NETWORK.networkId, roleDefinitionName: "Reader" }],
        },
      ],
    });
    app.synth();
    const tf = offlineTerraform([outdir], join(root, "mirror"));
    result = checkStack(tf, join(outdir, "stacks"), "aks", join(root, "work"));
  }, 300_000);

  it("validates with zero errors", () => {
    expect(result.validate.stderr).toBe("");
    expect(result.validate.code).toBe(0);
  });

  it("plans every resource as a create", () => {
    expect(result.plan.stderr).toBe("");
    expect(result.plan.code).toBe(0);
    const changes = (result.planJson?.resource_changes ?? []).filter((c) => c.mode === "managed");
    expect(changes.map((c) => c.address).sort()).toEqual([
      expect.stringMatching(/^azurerm_federated_identity_credential\.ShopApi_FederatedCredential_/),
      expect.stringMatching(/^azurerm_kubernetes_cluster\.Aks_Cluster_/),
      expect.stringMatching(/^azurerm_kubernetes_cluster_node_pool\.Aks_NodePools_ApplicationPool_/),
      expect.stringMatching(/^azurerm_kubernetes_cluster_node_pool\.Aks_NodePools_SpotPool_/),
      expect.stringMatching(/^azurerm_log_analytics_workspace\.Aks_Logs_Workspace_/),
      expect.stringMatching(/^azurerm_monitor_data_collection_rule\.Aks_ContainerInsightsRule_/),
      expect.stringMatching(
        /^azurerm_monitor_data_collection_rule_association\.Aks_ContainerInsightsAssociation_/,
      ),
      expect.stringMatching(/^azurerm_role_assignment\.Aks_AdminAccess_\w+\["aaaaaaaa-/),
      expect.stringMatching(/^azurerm_role_assignment\.Aks_AdminAccess_\w+\["bbbbbbbb-/),
      expect.stringMatching(/^azurerm_role_assignment\.Aks_Identities_KubeletIdentityOperator_/),
      expect.stringMatching(/^azurerm_role_assignment\.Aks_Identities_NodeSubnetNetworkContributor_/),
      expect.stringMatching(/^azurerm_role_assignment\.ShopApi_RoleReader_/),
      expect.stringMatching(/^azurerm_user_assigned_identity\.Aks_Identities_ControlPlane_/),
      expect.stringMatching(/^azurerm_user_assigned_identity\.Aks_Identities_Kubelet_/),
      expect.stringMatching(/^azurerm_user_assigned_identity\.ShopApi_Identity_/),
      expect.stringMatching(/^kubernetes_storage_class_v1\.Aks_PremiumZrsStorageClass_/),
    ]);
    expect(changes.every((c) => c.change.actions.join() === "create")).toBe(true);
  });
});
