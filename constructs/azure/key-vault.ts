import { KeyVault as KeyVaultResource } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Construct } from "../core";
import { Validator } from "../validation";
import { keyVaultNameFor, keyVaultNameProblems } from "./azure-names";
import { checkUuid } from "./data-validation";
import { type IPrivateEndpointNetwork, PrivateEndpoint } from "./private-endpoint";
import type { IResourceGroup } from "./resource-group";

export const KEY_VAULT_SKUS = ["standard", "premium"] as const;
export type KeyVaultSku = (typeof KEY_VAULT_SKUS)[number];
/** RSA sizes for a customer-managed key: 3072 bits or more (NIST SP 800-57 beyond 2030). */
export const KEY_SIZES_BITS = [3072, 4096] as const;
/** Days a new version lives past the next automatic rotation, so a late rotation never strands data. */
export const KEY_EXPIRY_GRACE_DAYS = 30;

/** Built-in roles the vault grants (Azure RBAC for Key Vault data actions). */
export const KEY_VAULT_ROLES = {
  /** The deployer: create, rotate and read keys (`azurerm_key_vault_key` needs it). */
  cryptoOfficer: "Key Vault Crypto Officer",
  /** A service's identity that wraps and unwraps its data key (storage, PostgreSQL, disk CMK). */
  cryptoServiceEncryptionUser: "Key Vault Crypto Service Encryption User",
  /** A workload that reads secret values. */
  secretsUser: "Key Vault Secrets User",
} as const;

export interface KeyVaultKeyOptions {
  /** Key name, 1 to 127 letters, digits and dashes, e.g. `storage-cmk`. */
  readonly name: string;
  /**
   * `RSA-HSM` keeps the key in an HSM (premium vaults only).
   * @default "RSA-HSM" on a premium vault, "RSA" on a standard one
   */
  readonly keyType?: "RSA" | "RSA-HSM";
  /**
   * RSA modulus size.
   * @default 3072
   */
  readonly keySizeBits?: (typeof KEY_SIZES_BITS)[number];
  /**
   * Days after a version's creation that Key Vault creates the next one (7 to 730). Each version expires
   * `KEY_EXPIRY_GRACE_DAYS` after its rotation is due; clients of the versionless id pick up new versions.
   * @default 365
   */
  readonly rotateAfterDays?: number;
}

/** A key created by {@link KeyVault.createKey}. */
export interface VaultKey {
  readonly name: string;
  /** The id of the current version. */
  readonly keyId: string;
  /** The id without a version: services given it follow automatic rotation. */
  readonly versionlessId: string;
  /** The key resource, for `dependsOn`. */
  readonly resource: KeyVaultKey;
}

/** What other constructs need from a vault: keys for their encryption, and grants to their identities. */
export interface IKeyVault {
  readonly vaultId: string;
  readonly vaultUri: string;
  /** Creates an RSA key with a rotation policy for a customer-managed-key use; `id` is a PascalCase logical id. */
  createKey(id: string, options: KeyVaultKeyOptions): VaultKey;
  /** Lets an identity wrap and unwrap with the vault's keys (Key Vault Crypto Service Encryption User). */
  grantKeyEncryption(label: string, principalId: string): RoleAssignment;
  /** Lets an identity read the vault's secrets (Key Vault Secrets User). */
  grantSecretsRead(label: string, principalId: string): RoleAssignment;
}

export interface KeyVaultProps {
  /** Name prefix, e.g. `acme-prod`; the vault is `<name>-kv` unless `vaultName` is given. */
  readonly name: string;
  /**
   * The vault's name, 3 to 24 letters, digits and dashes, unique across Azure (`<vaultName>.vault.azure.net`).
   * @default - derived from `name` (see keyVaultNameFor)
   */
  readonly vaultName?: string;
  readonly resourceGroup: IResourceGroup;
  /** Where the vault's private endpoint goes (the endpoints subnet) and the zone it registers in. */
  readonly network: IPrivateEndpointNetwork;
  /** Entra tenant of the vault (`data.azurerm_client_config.tenant_id`). */
  readonly tenantId: string;
  /**
   * Object id of the principal Terraform runs as (`data.azurerm_client_config.object_id`): it gets Key
   * Vault Crypto Officer on the vault to create and rotate the keys of {@link createKey}.
   */
  readonly deployerObjectId: string;
  /** Production: the defaults below turn on protection. */
  readonly production: boolean;
  /**
   * `premium` keeps keys in HSMs (`RSA-HSM`); `standard` in software.
   * @default "premium"
   */
  readonly sku?: KeyVaultSku;
  /**
   * Days a deleted vault, key or secret can be recovered, 7 to 90. Set once: Azure never changes it.
   * @default 90
   */
  readonly softDeleteRetentionDays?: number;
  /**
   * Add `lifecycle.prevent_destroy` to the vault and its keys, and a CanNotDelete lock on the vault.
   * @default production
   */
  readonly preventDestroy?: boolean;
}

const PASCAL = /^[A-Z][A-Za-z0-9]*$/;

/**
 * A Key Vault for the platform's keys and secrets: Azure RBAC (no access policies), purge protection,
 * 90 days of soft delete, no public network access (a private endpoint in the endpoints subnet; trusted
 * Azure services such as Storage still reach it for customer-managed keys), no VM/ARM/disk-encryption
 * access. With `preventDestroy`: `prevent_destroy` and a CanNotDelete lock. See constructs/azure/README.md.
 */
export class KeyVault extends Construct implements IKeyVault {
  public readonly vaultId: string;
  public readonly vaultUri: string;
  public readonly vaultName: string;
  public readonly sku: KeyVaultSku;
  public readonly softDeleteRetentionDays: number;
  public readonly preventDestroy: boolean;
  /** True when a CanNotDelete lock guards the vault (with `preventDestroy`). */
  public readonly deleteLock: boolean;
  /** The vault's private endpoint. */
  public readonly privateEndpoint: PrivateEndpoint;
  private readonly deployerAccess: RoleAssignment;
  private readonly grantLabels = new Set<string>();

  constructor(scope: Construct, id: string, props: KeyVaultProps) {
    super(scope, id);
    this.vaultName = props.vaultName ?? keyVaultNameFor(props.name, "kv");
    this.sku = props.sku ?? "premium";
    this.softDeleteRetentionDays = props.softDeleteRetentionDays ?? 90;
    this.preventDestroy = props.preventDestroy ?? props.production;
    this.deleteLock = this.preventDestroy;
    this.validate(props);

    const vault = new KeyVaultResource(this, "Vault", {
      name: this.vaultName,
      resourceGroupName: props.resourceGroup.resourceGroupName,
      location: props.resourceGroup.location,
      tenantId: props.tenantId,
      skuName: this.sku,
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: this.softDeleteRetentionDays,
      publicNetworkAccessEnabled: false,
      // Public access off overrides the firewall; Deny plus the trusted-services bypass is what Azure
      // Policy audits, and what applies should public access ever be turned on.
      networkAcls: {
        defaultAction: "Deny",
        bypass: "AzureServices",
        ipRules: [],
        virtualNetworkSubnetIds: [],
      },
      enabledForDeployment: false,
      enabledForDiskEncryption: false,
      enabledForTemplateDeployment: false,
      lifecycle: this.preventDestroy ? { preventDestroy: true } : undefined,
    });
    this.vaultId = vault.id;
    this.vaultUri = vault.vaultUri;

    this.privateEndpoint = new PrivateEndpoint(this, "PrivateEndpoint", {
      name: `${this.vaultName}-vault`,
      resourceGroup: props.resourceGroup,
      network: props.network,
      targetResourceId: vault.id,
      subresource: "vault",
    });
    this.deployerAccess = new RoleAssignment(this, "DeployerCryptoOfficer", {
      scope: vault.id,
      roleDefinitionName: KEY_VAULT_ROLES.cryptoOfficer,
      principalId: props.deployerObjectId,
      description: `Terraform creates and rotates the keys of ${this.vaultName}`,
    });

    if (this.deleteLock) {
      new ManagementLock(this, "DeleteLock", {
        name: `${this.vaultName}-no-delete`,
        scope: vault.id,
        lockLevel: "CanNotDelete",
        notes: "Vault of customer-managed keys: remove this lock deliberately before any delete.",
      });
    }
  }

  createKey(id: string, options: KeyVaultKeyOptions): VaultKey {
    const keyType = options.keyType ?? (this.sku === "premium" ? "RSA-HSM" : "RSA");
    const keySize = options.keySizeBits ?? 3072;
    const rotate = options.rotateAfterDays ?? 365;
    new Validator(`KeyVault ${this.node.path} key ${id}`)
      .check(PASCAL.test(id), "id", id, "a PascalCase logical id", "name the key's use, e.g. StorageCmk")
      .check(
        /^[A-Za-z0-9-]{1,127}$/.test(options.name),
        "name",
        options.name,
        "1 to 127 letters, digits and dashes",
        "e.g. storage-cmk",
      )
      .check(
        keyType === "RSA" || (keyType === "RSA-HSM" && this.sku === "premium"),
        "keyType",
        keyType,
        this.sku === "premium" ? "RSA or RSA-HSM" : "RSA (RSA-HSM needs a premium vault)",
        "use sku premium for HSM-backed keys",
      )
      .check(
        (KEY_SIZES_BITS as readonly number[]).includes(keySize),
        "keySizeBits",
        keySize,
        KEY_SIZES_BITS.join(" or "),
        "RSA below 3072 bits is not approved beyond 2030",
      )
      .check(
        Number.isInteger(rotate) && rotate >= 7 && rotate <= 730,
        "rotateAfterDays",
        rotate,
        "an integer 7..730",
        "Key Vault rotates no sooner than 7 days after creation; rotate at least every two years",
      )
      .throwIfAny();

    const key = new KeyVaultKey(this, id, {
      name: options.name,
      keyVaultId: this.vaultId,
      keyType,
      keySize,
      // A customer-managed key only wraps and unwraps the service's data encryption key.
      keyOpts: ["wrapKey", "unwrapKey"],
      rotationPolicy: {
        automatic: { timeAfterCreation: `P${rotate}D` },
        expireAfter: `P${rotate + KEY_EXPIRY_GRACE_DAYS}D`,
        notifyBeforeExpiry: `P${KEY_EXPIRY_GRACE_DAYS}D`,
      },
      // The data plane is reached over the private endpoint, with the deployer's role in place.
      dependsOn: [this.deployerAccess, this.privateEndpoint.endpoint],
      lifecycle: this.preventDestroy ? { preventDestroy: true } : undefined,
    });
    return { name: options.name, keyId: key.id, versionlessId: key.versionlessId, resource: key };
  }

  grantKeyEncryption(label: string, principalId: string): RoleAssignment {
    return this.grant("CryptoUser", KEY_VAULT_ROLES.cryptoServiceEncryptionUser, label, principalId);
  }

  grantSecretsRead(label: string, principalId: string): RoleAssignment {
    return this.grant("SecretsUser", KEY_VAULT_ROLES.secretsUser, label, principalId);
  }

  private grant(prefix: string, role: string, label: string, principalId: string): RoleAssignment {
    const id = `${prefix}${label}`;
    const v = new Validator(`KeyVault ${this.node.path} grant ${id}`)
      .check(
        PASCAL.test(label),
        "label",
        label,
        "a PascalCase label",
        "name the identity's owner, e.g. Storage",
      )
      .check(
        !this.grantLabels.has(id),
        "label",
        label,
        `a label not yet granted ${role}`,
        "each identity gets one assignment per role",
      );
    checkUuid(
      v,
      "principalId",
      principalId,
      "the identity's principal (object) id, e.g. identity.principalId",
    );
    v.throwIfAny();
    this.grantLabels.add(id);
    return new RoleAssignment(this, id, {
      scope: this.vaultId,
      roleDefinitionName: role,
      principalId,
      principalType: "ServicePrincipal",
      // A managed identity created in the same apply may not have replicated in Entra yet.
      skipServicePrincipalAadCheck: true,
      description: `${label}: ${role} on ${this.vaultName}`,
    });
  }

  private validate(props: KeyVaultProps): void {
    const v = new Validator(`KeyVault ${this.node.path}`);
    const field = props.vaultName === undefined ? "name" : "vaultName";
    const value = props.vaultName ?? props.name;
    for (const p of keyVaultNameProblems(this.vaultName)) {
      v.check(
        false,
        field,
        value,
        field === "name" ? `a prefix that makes "${this.vaultName}" valid: ${p.allowed}` : p.allowed,
        p.hint,
      );
    }
    checkUuid(v, "tenantId", props.tenantId, "pass data.azurerm_client_config.tenant_id");
    checkUuid(v, "deployerObjectId", props.deployerObjectId, "pass data.azurerm_client_config.object_id");
    v.check(
      (KEY_VAULT_SKUS as readonly string[]).includes(this.sku),
      "sku",
      this.sku,
      KEY_VAULT_SKUS.join(" or "),
      "premium keeps keys in HSMs",
    )
      .check(
        Number.isInteger(this.softDeleteRetentionDays) &&
          this.softDeleteRetentionDays >= 7 &&
          this.softDeleteRetentionDays <= 90,
        "softDeleteRetentionDays",
        this.softDeleteRetentionDays,
        "an integer 7..90",
        "Azure keeps deleted vaults 7 to 90 days; keep 90 for production",
      )
      .check(
        !props.production || this.softDeleteRetentionDays === 90,
        "softDeleteRetentionDays",
        this.softDeleteRetentionDays,
        "90 in production",
        "a production key deleted by mistake must stay recoverable as long as Azure allows",
      )
      .throwIfAny();
  }
}
