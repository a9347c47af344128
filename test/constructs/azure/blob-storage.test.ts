import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { describe, expect, it } from "vitest";
import { BlobStorage, type BlobStorageProps } from "../../../constructs/azure/blob-storage";
import { KeyVault } from "../../../constructs/azure/key-vault";
import { Testing } from "../../../constructs/core";
import { byId, errorOf, idsOf, policyFindings, problem, refTo } from "./azure-fixtures";
import { DEPLOYER_ID, RESOURCE_GROUP, TENANT_ID, TEST_NETWORK } from "./private-network-fixtures";

const props: BlobStorageProps = {
  name: "acme-prod",
  resourceGroup: RESOURCE_GROUP,
  network: TEST_NETWORK,
  production: true,
};

function synth(overrides: Partial<BlobStorageProps> = {}, withVault = false): string {
  return Testing.synthScope((scope) => {
    const keyVault = withVault
      ? new KeyVault(scope, "Vault", {
          name: "acme-prod",
          resourceGroup: RESOURCE_GROUP,
          network: TEST_NETWORK,
          tenantId: TENANT_ID,
          deployerObjectId: DEPLOYER_ID,
          production: overrides.production ?? props.production,
          preventDestroy: overrides.preventDestroy,
        })
      : undefined;
    new BlobStorage(scope, "Storage", { ...props, keyVault, ...overrides });
  });
}

const accountOf = (out: string) => byId(out, "azurerm_storage_account", "Storage_Account");

describe("BlobStorage", () => {
  const out = synth();

  it("is a private StorageV2 account: HTTPS, TLS 1.2, Entra ID only, no public blobs, no cross-tenant copy", () => {
    expect(out).toHaveResourceWithProperties(StorageAccount, {
      name: "acmeprodblob",
      resource_group_name: "acme-prod",
      location: "westeurope",
      account_kind: "StorageV2",
      account_tier: "Standard",
      https_traffic_only_enabled: true,
      min_tls_version: "TLS1_2",
      allow_nested_items_to_be_public: false,
      shared_access_key_enabled: false,
      default_to_oauth_authentication: true,
      local_user_enabled: false,
      cross_tenant_replication_enabled: false,
      allowed_copy_scope: "AAD",
      public_network_access_enabled: false,
      infrastructure_encryption_enabled: true,
      queue_encryption_key_type: "Account",
      table_encryption_key_type: "Account",
      network_rules: {
        default_action: "Deny",
        bypass: ["AzureServices"],
        ip_rules: [],
        virtual_network_subnet_ids: [],
      },
    });
  });

  it.each([
    [true, "RAGZRS"],
    [false, "GZRS"],
  ] as const)("replicates production=%s as %s, or as given", (production, replication) => {
    expect(accountOf(synth({ production })).account_replication_type).toBe(replication);
    expect(accountOf(synth({ production: false, replication: "ZRS" })).account_replication_type).toBe("ZRS");
  });

  it("keeps versions, a change feed and soft-deleted blobs and containers", () => {
    expect(accountOf(out).blob_properties).toEqual({
      versioning_enabled: true,
      change_feed_enabled: true,
      change_feed_retention_in_days: 365,
      delete_retention_policy: { days: 30, permanent_delete_enabled: false },
      container_delete_retention_policy: { days: 30 },
    });
    const custom = synth({
      blobDeleteRetentionDays: 14,
      containerDeleteRetentionDays: 7,
      changeFeedRetentionDays: 90,
    });
    expect(accountOf(custom).blob_properties).toMatchObject({
      change_feed_retention_in_days: 90,
      delete_retention_policy: { days: 14 },
      container_delete_retention_policy: { days: 7 },
    });
  });

  it("creates private containers through Resource Manager (storage_account_id), keyed by name", () => {
    expect(idsOf(out, "azurerm_storage_container")).toEqual([
      "Storage_ContainerAssets",
      "Storage_ContainerBackups",
      "Storage_ContainerLogs",
    ]);
    expect(byId(out, "azurerm_storage_container", "Storage_ContainerBackups")).toMatchObject({
      name: "backups",
      storage_account_id: refTo(out, "azurerm_storage_account", "Storage_Account", "id"),
      container_access_type: "private",
    });
    expect(idsOf(synth({ containers: ["app-data"] }), "azurerm_storage_container")).toEqual([
      "Storage_ContainerAppData",
    ]);
  });

  it("expires old versions and snapshots, and logs after their retention", () => {
    const [policy] = Object.values(
      JSON.parse(synth({ noncurrentVersionExpirationDays: 60, logRetentionDays: 400 })).resource
        .azurerm_storage_management_policy,
    ) as Record<string, unknown>[];
    expect(policy!.rule).toEqual([
      {
        name: "expire-noncurrent-versions",
        enabled: true,
        filters: { blob_types: ["blockBlob"] },
        actions: {
          version: { delete_after_days_since_creation: 60 },
          snapshot: { delete_after_days_since_creation_greater_than: 60 },
        },
      },
      {
        name: "expire-logs",
        enabled: true,
        filters: { blob_types: ["blockBlob", "appendBlob"], prefix_match: ["logs/"] },
        actions: { base_blob: { delete_after_days_since_modification_greater_than: 400 } },
      },
    ]);
    const noLogs = synth({ containers: ["assets"] });
    const [other] = Object.values(JSON.parse(noLogs).resource.azurerm_storage_management_policy) as {
      rule: { name: string }[];
    }[];
    expect(other!.rule.map((r) => r.name)).toEqual(["expire-noncurrent-versions"]);
  });

  it("is reached through a blob private endpoint registered in the blob zone", () => {
    expect(out).toHaveResourceWithProperties(PrivateEndpoint, {
      name: "acmeprodblob-blob",
      subnet_id: TEST_NETWORK.privateEndpointSubnetId,
      private_service_connection: expect.objectContaining({
        private_connection_resource_id: refTo(out, "azurerm_storage_account", "Storage_Account", "id"),
        subresource_names: ["blob"],
      }),
      private_dns_zone_group: {
        name: "default",
        private_dns_zone_ids: [TEST_NETWORK.privateDnsZoneIds.blob],
      },
    });
  });

  describe("customer-managed key", () => {
    const cmk = synth({}, true);

    it("uses Microsoft-managed keys without a vault", () => {
      expect(accountOf(out)).not.toHaveProperty("customer_managed_key");
      expect(accountOf(out)).not.toHaveProperty("identity");
      expect(idsOf(out, "azurerm_user_assigned_identity")).toEqual([]);
    });

    it("encrypts with its own versionless vault key through a user-assigned identity", () => {
      const identity = refTo(cmk, "azurerm_user_assigned_identity", "Storage_KeyIdentity", "id");
      expect(cmk).toHaveResourceWithProperties(UserAssignedIdentity, { name: "acmeprodblob-cmk" });
      expect(accountOf(cmk)).toMatchObject({
        identity: { type: "UserAssigned", identity_ids: [identity] },
        customer_managed_key: {
          key_vault_key_id: refTo(cmk, "azurerm_key_vault_key", "Vault_StorageCmk", "versionless_id"),
          user_assigned_identity_id: identity,
        },
      });
      expect(byId(cmk, "azurerm_key_vault_key", "Vault_StorageCmk")).toMatchObject({
        name: "acmeprodblob-cmk",
        key_type: "RSA-HSM",
        key_size: 3072,
      });
    });

    it("grants the identity Crypto Service Encryption User before the account is created", () => {
      expect(byId(cmk, "azurerm_role_assignment", "Vault_CryptoUserStorage")).toMatchObject({
        role_definition_name: "Key Vault Crypto Service Encryption User",
        principal_id: refTo(cmk, "azurerm_user_assigned_identity", "Storage_KeyIdentity", "principal_id"),
      });
      expect(accountOf(cmk).depends_on).toEqual([
        expect.stringMatching(/^azurerm_role_assignment\.Vault_CryptoUserStorage_[0-9A-F]{8}$/),
      ]);
    });
  });

  describe("protection", () => {
    it("prevents destroy of the account and every container, and locks the account, in production", () => {
      expect(accountOf(out).lifecycle).toEqual({ prevent_destroy: true });
      for (const id of idsOf(out, "azurerm_storage_container")) {
        expect(byId(out, "azurerm_storage_container", id).lifecycle).toEqual({ prevent_destroy: true });
      }
      expect(out).toHaveResourceWithProperties(ManagementLock, {
        name: "acmeprodblob-no-delete",
        scope: refTo(out, "azurerm_storage_account", "Storage_Account", "id"),
        lock_level: "CanNotDelete",
      });
    });

    it("has neither outside production unless asked", () => {
      const dev = synth({ production: false });
      expect(accountOf(dev).lifecycle).toBeUndefined();
      expect(idsOf(dev, "azurerm_management_lock")).toEqual([]);
      expect(idsOf(synth({ production: false, preventDestroy: true }), "azurerm_management_lock")).toEqual([
        "Storage_DeleteLock",
      ]);
    });

    it.each([
      ["production", {}],
      ["staging", { production: false, preventDestroy: true }],
      ["development", { production: false }],
    ] as const)("passes every policy rule (%s), with a customer-managed key too", async (tier, overrides) => {
      expect(await policyFindings(synth(overrides), tier)).toEqual([]);
      expect(await policyFindings(synth(overrides, true), tier)).toEqual([]);
    });

    it("would fail the storage and data-loss rules weakened (the policy sees the account)", async () => {
      const doc = JSON.parse(synth({ production: false })) as {
        resource: Record<string, Record<string, Record<string, unknown>>>;
      };
      const account = Object.values(doc.resource.azurerm_storage_account!)[0]!;
      account.account_replication_type = "LRS";
      account.allow_nested_items_to_be_public = true;
      const ids = (await policyFindings(JSON.stringify(doc), "production")).map((f) => f.split(" ")[0]);
      expect(new Set(ids)).toEqual(new Set(["PLAT-AZST-003", "PLAT-AZST-005", "PLAT-DATA-001"]));
    });
  });

  describe("validation", () => {
    it("derives a valid account name from any prefix, cut with a hash when long", () => {
      expect(accountOf(synth({ name: "acme-platform-production-emea" })).name).toMatch(
        /^acmeplatformproducti[0-9a-f]{4}$/,
      );
    });

    it("checks an explicit account name as given", () => {
      expect(errorOf(() => synth({ accountName: "acme-prod" }))).toContain(
        problem("accountName", "acme-prod", "lower-case letters and digits only"),
      );
      expect(accountOf(synth({ accountName: "acmeprodassets" })).name).toBe("acmeprodassets");
    });

    it("reports every other problem at once", () => {
      const message = errorOf(() =>
        synth({
          replication: "ZRS",
          containers: ["Assets", "backups", "backups"],
          noncurrentVersionExpirationDays: 0,
          blobDeleteRetentionDays: 400,
          containerDeleteRetentionDays: 0,
          logRetentionDays: 1.5,
          changeFeedRetentionDays: 0,
        }),
      );
      expect(message).toContain("BlobStorage stack/Storage: 8 invalid prop(s)");
      expect(message).toContain(problem("replication", "ZRS", "GZRS or RAGZRS in production"));
      expect(message).toContain(
        problem(
          "containers[0]",
          "Assets",
          "3 to 63 lower-case letters, digits and single dashes, starting and ending with a letter or digit",
        ),
      );
      expect(message).toContain(problem("containers[2]", "backups", "a container listed once"));
      expect(message).toContain(problem("noncurrentVersionExpirationDays", 0, "an integer 1..99999"));
      expect(message).toContain(problem("blobDeleteRetentionDays", 400, "an integer 1..365"));
      expect(message).toContain(problem("containerDeleteRetentionDays", 0, "an integer 1..365"));
      expect(message).toContain(problem("logRetentionDays", 1.5, "an integer 1..99999"));
      expect(message).toContain(problem("changeFeedRetentionDays", 0, "an integer 1..146000"));
    });

    it("rejects a replication type that is not zone redundant", () => {
      expect(errorOf(() => synth({ production: false, replication: "LRS" as "ZRS" }))).toContain(
        problem("replication", "LRS", "ZRS, GZRS, RAGZRS"),
      );
    });
  });
});
