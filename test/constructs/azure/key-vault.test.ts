import { KeyVault as KeyVaultResource } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { describe, expect, it } from "vitest";
import { KeyVault, type KeyVaultKeyOptions, type KeyVaultProps } from "../../../constructs/azure/key-vault";
import { type Construct, Testing } from "../../../constructs/core";
import { byId, errorOf, idsOf, policyFindings, problem, refTo } from "./azure-fixtures";
import {
  DEPLOYER_ID,
  IDENTITY_ID,
  RESOURCE_GROUP,
  TENANT_ID,
  TEST_NETWORK,
} from "./private-network-fixtures";

const props: KeyVaultProps = {
  name: "acme-prod",
  resourceGroup: RESOURCE_GROUP,
  network: TEST_NETWORK,
  tenantId: TENANT_ID,
  deployerObjectId: DEPLOYER_ID,
  production: true,
};

function synth(
  overrides: Partial<KeyVaultProps> = {},
  use?: (vault: KeyVault, scope: Construct) => void,
): string {
  return Testing.synthScope((scope) => {
    const vault = new KeyVault(scope, "Vault", { ...props, ...overrides });
    use?.(vault, scope);
  });
}

const vaultOf = (out: string) => byId(out, "azurerm_key_vault", "Vault");

describe("KeyVault", () => {
  const out = synth();

  it("uses RBAC, purge protection, 90 days of soft delete and no public network access", () => {
    expect(out).toHaveResourceWithProperties(KeyVaultResource, {
      name: "acme-prod-kv",
      resource_group_name: "acme-prod",
      location: "westeurope",
      tenant_id: TENANT_ID,
      sku_name: "premium",
      rbac_authorization_enabled: true,
      purge_protection_enabled: true,
      soft_delete_retention_days: 90,
      public_network_access_enabled: false,
      enabled_for_deployment: false,
      enabled_for_disk_encryption: false,
      enabled_for_template_deployment: false,
    });
    expect(vaultOf(out)).not.toHaveProperty("enable_rbac_authorization");
    expect(vaultOf(out)).not.toHaveProperty("access_policy");
  });

  it("denies by default in the firewall and lets trusted Azure services through (storage CMK)", () => {
    expect(vaultOf(out).network_acls).toEqual({
      default_action: "Deny",
      bypass: "AzureServices",
      ip_rules: [],
      virtual_network_subnet_ids: [],
    });
  });

  it("is reached through a private endpoint on the vault sub-resource, in the vaultcore zone", () => {
    expect(out).toHaveResourceWithProperties(PrivateEndpoint, {
      name: "acme-prod-kv-vault",
      subnet_id: TEST_NETWORK.privateEndpointSubnetId,
      private_service_connection: expect.objectContaining({
        private_connection_resource_id: refTo(out, "azurerm_key_vault", "Vault", "id"),
        subresource_names: ["vault"],
      }),
      private_dns_zone_group: {
        name: "default",
        private_dns_zone_ids: [TEST_NETWORK.privateDnsZoneIds.vault],
      },
    });
  });

  it("gives the deployer Key Vault Crypto Officer on the vault", () => {
    expect(out).toHaveResourceWithProperties(RoleAssignment, {
      scope: refTo(out, "azurerm_key_vault", "Vault", "id"),
      role_definition_name: "Key Vault Crypto Officer",
      principal_id: DEPLOYER_ID,
    });
  });

  describe("protection", () => {
    it("prevents destroy and locks the vault in production", () => {
      expect(vaultOf(out).lifecycle).toEqual({ prevent_destroy: true });
      expect(out).toHaveResourceWithProperties(ManagementLock, {
        name: "acme-prod-kv-no-delete",
        scope: refTo(out, "azurerm_key_vault", "Vault", "id"),
        lock_level: "CanNotDelete",
      });
    });

    it("has neither outside production, unless asked", () => {
      const dev = synth({ production: false });
      expect(vaultOf(dev).lifecycle).toBeUndefined();
      expect(idsOf(dev, "azurerm_management_lock")).toEqual([]);
      const protectedDev = synth({ production: false, preventDestroy: true });
      expect(vaultOf(protectedDev).lifecycle).toEqual({ prevent_destroy: true });
      expect(idsOf(protectedDev, "azurerm_management_lock")).toEqual(["Vault_DeleteLock"]);
    });

    it.each([
      "production",
      "staging",
      "development",
    ] as const)("passes every policy rule (%s)", async (tier) => {
      const withKey = synth({}, (vault) => vault.createKey("StorageCmk", { name: "storage-cmk" }));
      expect(await policyFindings(withKey, tier)).toEqual([]);
    });

    it("would fail PLAT-AZKV-001 and PLAT-DATA-001 unprotected (the policy sees the vault)", async () => {
      const doc = JSON.parse(synth({ preventDestroy: false })) as {
        resource: Record<string, Record<string, Record<string, unknown>>>;
      };
      const vault = Object.values(doc.resource.azurerm_key_vault!)[0]!;
      vault.purge_protection_enabled = false;
      const ids = (await policyFindings(JSON.stringify(doc), "production")).map((f) => f.split(" ")[0]);
      expect(ids.sort()).toEqual(["PLAT-AZKV-001", "PLAT-DATA-001"]);
    });
  });

  describe("createKey", () => {
    const withKey = synth({}, (vault) => vault.createKey("StorageCmk", { name: "storage-cmk" }));
    const keyOf = (o: string) => byId(o, "azurerm_key_vault_key", "Vault_StorageCmk");

    it("creates a 3072-bit HSM key that only wraps and unwraps, with a rotation policy", () => {
      expect(withKey).toHaveResourceWithProperties(KeyVaultKey, {
        name: "storage-cmk",
        key_vault_id: refTo(withKey, "azurerm_key_vault", "Vault", "id"),
        key_type: "RSA-HSM",
        key_size: 3072,
        key_opts: ["wrapKey", "unwrapKey"],
        rotation_policy: {
          automatic: { time_after_creation: "P365D" },
          expire_after: "P395D",
          notify_before_expiry: "P30D",
        },
      });
    });

    it("waits for the deployer's role and the private endpoint, and is protected like the vault", () => {
      expect(keyOf(withKey).depends_on).toEqual([
        expect.stringMatching(/^azurerm_role_assignment\.Vault_DeployerCryptoOfficer_/),
        expect.stringMatching(/^azurerm_private_endpoint\.Vault_PrivateEndpoint_[0-9A-F]{8}$/),
      ]);
      expect(keyOf(withKey).lifecycle).toEqual({ prevent_destroy: true });
    });

    it("returns the versionless id for services that follow rotation", () => {
      Testing.synthScope((scope) => {
        const key = new KeyVault(scope, "Vault", props).createKey("StorageCmk", { name: "storage-cmk" });
        expect(key.name).toBe("storage-cmk");
        expect(key.versionlessId).not.toBe(key.keyId);
      });
    });

    it("takes size, rotation and a software key on a standard vault", () => {
      const standard = synth({ sku: "standard" }, (vault) =>
        vault.createKey("StorageCmk", { name: "storage-cmk", keySizeBits: 4096, rotateAfterDays: 90 }),
      );
      expect(keyOf(standard)).toMatchObject({
        key_type: "RSA",
        key_size: 4096,
        rotation_policy: { automatic: { time_after_creation: "P90D" }, expire_after: "P120D" },
      });
    });

    it("rejects a bad id, name, HSM key on a standard vault, small key and rotation, together", () => {
      const options = {
        name: "storage_cmk",
        keyType: "RSA-HSM",
        keySizeBits: 2048,
        rotateAfterDays: 3,
      } as unknown as KeyVaultKeyOptions;
      const message = errorOf(() =>
        synth({ sku: "standard" }, (vault) => vault.createKey("storageCmk", options)),
      );
      expect(message).toContain("KeyVault stack/Vault key storageCmk: 5 invalid prop(s)");
      expect(message).toContain(problem("id", "storageCmk", "a PascalCase logical id"));
      expect(message).toContain(problem("name", "storage_cmk", "1 to 127 letters, digits and dashes"));
      expect(message).toContain(problem("keyType", "RSA-HSM", "RSA (RSA-HSM needs a premium vault)"));
      expect(message).toContain(problem("keySizeBits", 2048, "3072 or 4096"));
      expect(message).toContain(problem("rotateAfterDays", 3, "an integer 7..730"));
    });
  });

  describe("grants", () => {
    const granted = synth({}, (vault) => {
      vault.grantKeyEncryption("Storage", IDENTITY_ID);
      vault.grantSecretsRead("UserService", IDENTITY_ID);
    });

    it.each([
      ["Vault_CryptoUserStorage", "Key Vault Crypto Service Encryption User"],
      ["Vault_SecretsUserUserService", "Key Vault Secrets User"],
    ])("%s gets %s scoped to the vault", (id, role) => {
      expect(byId(granted, "azurerm_role_assignment", id)).toMatchObject({
        scope: refTo(granted, "azurerm_key_vault", "Vault", "id"),
        role_definition_name: role,
        principal_id: IDENTITY_ID,
        principal_type: "ServicePrincipal",
        skip_service_principal_aad_check: true,
      });
    });

    it("rejects a label that is not PascalCase, a repeated label and a principal that is not a UUID", () => {
      const message = errorOf(() =>
        synth({}, (vault) => {
          vault.grantKeyEncryption("Storage", IDENTITY_ID);
          vault.grantKeyEncryption("Storage", "not-a-uuid");
        }),
      );
      expect(message).toContain("KeyVault stack/Vault grant CryptoUserStorage: 2 invalid prop(s)");
      expect(message).toContain(
        problem("label", "Storage", "a label not yet granted Key Vault Crypto Service Encryption User"),
      );
      expect(message).toContain(problem("principalId", "not-a-uuid", "a UUID (or a reference)"));
      expect(
        errorOf(() => synth({}, (vault) => vault.grantSecretsRead("user-service", IDENTITY_ID))),
      ).toContain(problem("label", "user-service", "a PascalCase label"));
    });
  });

  describe("validation", () => {
    it("derives a valid name, or names the prefix that breaks it", () => {
      const message = errorOf(() => synth({ name: "1acme" }));
      expect(message).toContain(
        problem("name", "1acme", 'a prefix that makes "1acme-kv" valid: a name that starts with a letter'),
      );
    });

    it("checks an explicit vault name as given", () => {
      expect(errorOf(() => synth({ vaultName: "acme--kv" }))).toContain(
        problem("vaultName", "acme--kv", "no two consecutive dashes"),
      );
      expect(vaultOf(synth({ vaultName: "acme-vault" })).name).toBe("acme-vault");
    });

    it("reports every other problem at once", () => {
      const message = errorOf(() =>
        synth({
          tenantId: "tenant",
          deployerObjectId: "me",
          sku: "gold" as "premium",
          softDeleteRetentionDays: 120,
        }),
      );
      expect(message).toContain("KeyVault stack/Vault: 5 invalid prop(s)");
      expect(message).toContain(problem("tenantId", "tenant", "a UUID (or a reference)"));
      expect(message).toContain(problem("deployerObjectId", "me", "a UUID (or a reference)"));
      expect(message).toContain(problem("sku", "gold", "standard or premium"));
      expect(message).toContain(problem("softDeleteRetentionDays", 120, "an integer 7..90"));
      expect(message).toContain(problem("softDeleteRetentionDays", 120, "90 in production"));
    });

    it("allows a shorter soft delete outside production only", () => {
      expect(
        vaultOf(synth({ production: false, softDeleteRetentionDays: 7 })).soft_delete_retention_days,
      ).toBe(7);
      expect(errorOf(() => synth({ softDeleteRetentionDays: 7 }))).toContain(
        problem("softDeleteRetentionDays", 7, "90 in production"),
      );
    });
  });
});
