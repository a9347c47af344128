import { describe, expect, it } from "vitest";
import { AzureStateAccount, type AzureStateAccountProps } from "../../../constructs/azure/state-account";
import { Testing } from "../../../constructs/core";
import { type Attrs, errorOf, problem, resourcesOf } from "../../helpers";

const props: AzureStateAccountProps = {
  resourceGroupName: "acme-platform-tfstate",
  storageAccountName: "acmeplatformtfstate",
  location: "westeurope",
  deployerObjectId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
  allowedIpRanges: ["198.51.100.0/28", "198.51.100.20/32"],
};
const synth = (overrides: Partial<AzureStateAccountProps> = {}) =>
  Testing.synthScope((scope) => new AzureStateAccount(scope, "State", { ...props, ...overrides }));

describe("AzureStateAccount", () => {
  const out = synth();
  const account = Object.values(resourcesOf(out, "azurerm_storage_account"))[0] as Attrs;

  it("keeps every state version, recoverably, zone- and geo-redundant, Entra only", () => {
    expect(account).toMatchObject({
      name: "acmeplatformtfstate",
      account_replication_type: "GZRS",
      https_traffic_only_enabled: true,
      min_tls_version: "TLS1_2",
      allow_nested_items_to_be_public: false,
      shared_access_key_enabled: false,
      default_to_oauth_authentication: true,
      blob_properties: {
        versioning_enabled: true,
        delete_retention_policy: { days: 30, permanent_delete_enabled: false },
        container_delete_retention_policy: { days: 30 },
      },
      lifecycle: { prevent_destroy: true },
    });
  });

  it("admits only the deployer's ranges through its firewall (single addresses without /32)", () => {
    expect(account.network_rules).toEqual({
      default_action: "Deny",
      bypass: ["AzureServices"],
      ip_rules: ["198.51.100.0/28", "198.51.100.20"],
    });
  });

  it("admits a runner inside a VNet by its subnet (a VNet rule), and refuses what is not a subnet id", () => {
    const subnet =
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ci/providers/Microsoft.Network/virtualNetworks/runners/subnets/default";
    const withRunner = Object.values(
      resourcesOf(synth({ runnerSubnetIds: [subnet] }), "azurerm_storage_account"),
    )[0] as { network_rules: { virtual_network_subnet_ids: string[]; default_action: string } };
    expect(withRunner.network_rules).toMatchObject({
      default_action: "Deny",
      virtual_network_subnet_ids: [subnet],
    });
    expect(errorOf(() => synth({ runnerSubnetIds: ["/subscriptions/x/resourceGroups/ci"] }))).toContain(
      problem(
        "runnerSubnetIds[0]",
        "/subscriptions/x/resourceGroups/ci",
        "a subnet id (/subscriptions/.../virtualNetworks/<vnet>/subnets/<subnet>)",
      ),
    );
  });

  it("locks the account, keeps a private container, and lets the deployer write state", () => {
    expect(Object.values(resourcesOf(out, "azurerm_management_lock"))[0]).toMatchObject({
      lock_level: "CanNotDelete",
    });
    expect(Object.values(resourcesOf(out, "azurerm_storage_container"))[0]).toMatchObject({
      name: "tfstate",
      container_access_type: "private",
    });
    expect(Object.values(resourcesOf(out, "azurerm_role_assignment"))[0]).toMatchObject({
      role_definition_name: "Storage Blob Data Contributor",
      principal_id: props.deployerObjectId,
    });
  });

  it("rejects a bad account name and a retention outside 7-365 days", () => {
    const message = errorOf(() => synth({ storageAccountName: "Acme-State", retentionDays: 3 }));
    expect(message).toContain(
      problem("storageAccountName", "Acme-State", "3-24 lower-case letters and digits"),
    );
    expect(message).toContain(problem("retentionDays", 3, "an integer from 7 to 365"));
  });
});
