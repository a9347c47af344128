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
