import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import {
  StorageManagementPolicy,
  type StorageManagementPolicyRule,
} from "@cdktf/provider-azurerm/lib/storage-management-policy";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Construct } from "../core";
import { Validator } from "../validation";
import { storageAccountNameFor, storageAccountNameProblems } from "./azure-names";
import type { IKeyVault, VaultKey } from "./key-vault";
import { type IPrivateEndpointNetwork, PrivateEndpoint } from "./private-endpoint";
import type { IResourceGroup } from "./resource-group";
import { STORAGE_ACCOUNT_BASELINE } from "./storage-account-baseline";

/** Zone-redundant replication types; the geo ones (GZRS, RA-GZRS) copy to the paired region. */
export const BLOB_REPLICATION_TYPES = ["ZRS", "GZRS", "RAGZRS"] as const;
export type BlobReplicationType = (typeof BLOB_REPLICATION_TYPES)[number];
export const DEFAULT_CONTAINERS = ["assets", "backups", "logs"] as const;
/** The container whose blobs expire after `logRetentionDays`, when it is one of `containers`. */
export const LOGS_CONTAINER = "logs";

export interface BlobStorageProps {
  /** Name prefix, e.g. `acme-prod`; the account is `<letters and digits of name>blob` unless `accountName` is given. */
  readonly name: string;
  /**
   * The storage account's name, 3 to 24 lower-case letters and digits, unique across Azure.
   * @default - derived from `name` (see storageAccountNameFor)
   */
  readonly accountName?: string;
  readonly resourceGroup: IResourceGroup;
  /** Where the blob private endpoint goes and the zone it registers in. */
  readonly network: IPrivateEndpointNetwork;
  /** Production: the defaults below turn on read access to the secondary region and protection. */
  readonly production: boolean;
  /**
   * Replication; production needs a geo-redundant type (policy PLAT-AZST-005).
   * @default production ? "RAGZRS" : "GZRS"
   */
  readonly replication?: BlobReplicationType;
  /**
   * Private containers to create.
   * @default ["assets", "backups", "logs"]
   */
  readonly containers?: readonly string[];
  /**
   * Days a previous blob version is kept before the lifecycle policy deletes it (AWS
   * `noncurrentVersionExpirationDays`); snapshots likewise.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Days a deleted blob (and version) stays recoverable, 1 to 365.
   * @default 30
   */
  readonly blobDeleteRetentionDays?: number;
  /**
   * Days a deleted container stays recoverable, 1 to 365.
   * @default 30
   */
  readonly containerDeleteRetentionDays?: number;
  /**
   * Days after their last modification that blobs of the `logs` container are deleted.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Days the change feed (the log of every blob change) is kept, 1 to 146000.
   * @default 365
   */
  readonly changeFeedRetentionDays?: number;
  /**
   * Vault for a customer-managed key: the account gets its own RSA key there, read through a user-assigned
   * identity granted Key Vault Crypto Service Encryption User, versionless so rotation is followed.
   * @default - Microsoft-managed keys (infrastructure encryption still adds a second layer)
   */
  readonly keyVault?: IKeyVault;
  /**
   * Add `lifecycle.prevent_destroy` to the account and its containers, and a CanNotDelete lock on the account.
   * @default production
   */
  readonly preventDestroy?: boolean;
}

const CONTAINER_NAME = /^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;

/**
 * The Azure counterpart of ObjectStorage: one StorageV2 account, zone and geo redundant, reachable only
 * through a blob private endpoint, Entra ID only (no shared keys, so no account-key SAS), HTTPS and
 * TLS 1.2, no public containers, no cross-tenant copy; blob versioning, change feed, soft delete of blobs
 * and containers, a lifecycle policy that expires old versions (and logs), infrastructure encryption and
 * optionally a customer-managed key. With `preventDestroy`: `prevent_destroy` and a CanNotDelete lock.
 * See constructs/azure/README.md for the provider settings this needs.
 */
export class BlobStorage extends Construct {
  public readonly accountName: string;
  public readonly storageAccountId: string;
  /** `https://<account>.blob.core.windows.net/`, resolved to the private endpoint inside the VNet. */
  public readonly primaryBlobEndpoint: string;
  public readonly replication: BlobReplicationType;
  public readonly containers: readonly string[];
  /** Resource manager ids of the containers (for role assignments), by container name. */
  public readonly containerIds: Readonly<Record<string, string>>;
  public readonly noncurrentVersionExpirationDays: number;
  public readonly blobDeleteRetentionDays: number;
  public readonly containerDeleteRetentionDays: number;
  public readonly logRetentionDays: number;
  public readonly changeFeedRetentionDays: number;
  public readonly preventDestroy: boolean;
  /** True when a CanNotDelete lock guards the account (with `preventDestroy`). */
  public readonly deleteLock: boolean;
  /** The customer-managed key, when a vault was given. */
  public readonly customerManagedKey: VaultKey | undefined;
  public readonly privateEndpoint: PrivateEndpoint;

  constructor(scope: Construct, id: string, props: BlobStorageProps) {
    super(scope, id);
    this.accountName = props.accountName ?? storageAccountNameFor(props.name, "blob");
    this.replication = props.replication ?? (props.production ? "RAGZRS" : "GZRS");
    this.containers = props.containers ?? DEFAULT_CONTAINERS;
    this.noncurrentVersionExpirationDays = props.noncurrentVersionExpirationDays ?? 90;
    this.blobDeleteRetentionDays = props.blobDeleteRetentionDays ?? 30;
    this.containerDeleteRetentionDays = props.containerDeleteRetentionDays ?? 30;
    this.logRetentionDays = props.logRetentionDays ?? 365;
    this.changeFeedRetentionDays = props.changeFeedRetentionDays ?? 365;
    this.preventDestroy = props.preventDestroy ?? props.production;
    this.deleteLock = this.preventDestroy;
    this.validate(props);
    const rg = props.resourceGroup;
    const lifecycle = this.preventDestroy ? { preventDestroy: true } : undefined;

    const cmk = props.keyVault ? this.customerManagedKeyOf(props.keyVault, rg) : undefined;
    this.customerManagedKey = cmk?.key;
    const account = new StorageAccount(this, "Account", {
      name: this.accountName,
      resourceGroupName: rg.resourceGroupName,
      location: rg.location,
      ...STORAGE_ACCOUNT_BASELINE,
      accountReplicationType: this.replication,
      accessTier: "Hot",
      publicNetworkAccessEnabled: false,
      networkRules: {
        defaultAction: "Deny",
        bypass: ["AzureServices"],
        ipRules: [],
        virtualNetworkSubnetIds: [],
      },
      infrastructureEncryptionEnabled: true,
      // Queues and tables under the account key too, so a customer-managed key covers them (set once).
      queueEncryptionKeyType: "Account",
      tableEncryptionKeyType: "Account",
      blobProperties: {
        versioningEnabled: true,
        changeFeedEnabled: true,
        changeFeedRetentionInDays: this.changeFeedRetentionDays,
        deleteRetentionPolicy: { days: this.blobDeleteRetentionDays, permanentDeleteEnabled: false },
        containerDeleteRetentionPolicy: { days: this.containerDeleteRetentionDays },
      },
      ...(cmk
        ? {
            identity: { type: "UserAssigned", identityIds: [cmk.identity.id] },
            customerManagedKey: {
              keyVaultKeyId: cmk.key.versionlessId,
              userAssignedIdentityId: cmk.identity.id,
            },
            dependsOn: [cmk.access],
          }
        : {}),
      lifecycle,
    });
    this.storageAccountId = account.id;
    this.primaryBlobEndpoint = account.primaryBlobEndpoint;

    this.privateEndpoint = new PrivateEndpoint(this, "PrivateEndpoint", {
      name: `${this.accountName}-blob`,
      resourceGroup: rg,
      network: props.network,
      targetResourceId: account.id,
      subresource: "blob",
    });
    const containerIds: Record<string, string> = {};
    for (const name of this.containers) {
      // storage_account_id: created through Resource Manager, which the private account allows.
      containerIds[name] = new StorageContainer(this, `Container${pascal(name)}`, {
        name,
        storageAccountId: account.id,
        containerAccessType: "private",
        lifecycle,
      }).id;
    }
    this.containerIds = containerIds;
    new StorageManagementPolicy(this, "LifecyclePolicy", {
      storageAccountId: account.id,
      rule: this.lifecycleRules(),
    });

    if (this.deleteLock) {
      new ManagementLock(this, "DeleteLock", {
        name: `${this.accountName}-no-delete`,
        scope: account.id,
        lockLevel: "CanNotDelete",
        notes: "Storage account of platform data: remove this lock deliberately before any delete.",
      });
    }
  }

  private customerManagedKeyOf(vault: IKeyVault, rg: IResourceGroup) {
    const label = pascal(this.node.id);
    const identity = new UserAssignedIdentity(this, "KeyIdentity", {
      name: `${this.accountName}-cmk`,
      resourceGroupName: rg.resourceGroupName,
      location: rg.location,
    });
    const key = vault.createKey(`${label}Cmk`, { name: `${this.accountName}-cmk` });
    const access = vault.grantKeyEncryption(label, identity.principalId);
    return { identity, key, access };
  }

  private lifecycleRules(): StorageManagementPolicyRule[] {
    const days = this.noncurrentVersionExpirationDays;
    const rules: StorageManagementPolicyRule[] = [
      {
        name: "expire-noncurrent-versions",
        enabled: true,
        filters: { blobTypes: ["blockBlob"] },
        actions: {
          version: { deleteAfterDaysSinceCreation: days },
          snapshot: { deleteAfterDaysSinceCreationGreaterThan: days },
        },
      },
    ];
    if (this.containers.includes(LOGS_CONTAINER)) {
      rules.push({
        name: "expire-logs",
        enabled: true,
        filters: { blobTypes: ["blockBlob", "appendBlob"], prefixMatch: [`${LOGS_CONTAINER}/`] },
        actions: { baseBlob: { deleteAfterDaysSinceModificationGreaterThan: this.logRetentionDays } },
      });
    }
    return rules;
  }

  private validate(props: BlobStorageProps): void {
    const v = new Validator(`BlobStorage ${this.node.path}`);
    // A derived name is valid by construction (letters and digits, cut to 24); a given one is checked.
    for (const p of storageAccountNameProblems(props.accountName ?? this.accountName)) {
      v.check(false, "accountName", props.accountName, p.allowed, p.hint);
    }
    v.check(
      (BLOB_REPLICATION_TYPES as readonly string[]).includes(this.replication) &&
        (!props.production || this.replication !== "ZRS"),
      "replication",
      this.replication,
      props.production ? "GZRS or RAGZRS in production" : BLOB_REPLICATION_TYPES.join(", "),
      "production data survives the loss of the region",
    );
    const ids = new Set<string>();
    this.containers.forEach((name, i) => {
      v.check(
        CONTAINER_NAME.test(name),
        `containers[${i}]`,
        name,
        "3 to 63 lower-case letters, digits and single dashes, starting and ending with a letter or digit",
        "e.g. assets",
      );
      const logicalId = pascal(name);
      v.check(!ids.has(logicalId), `containers[${i}]`, name, "a container listed once", "drop the repeat");
      ids.add(logicalId);
    });
    const days = (f: string, n: number, max: number, hint: string) =>
      v.check(Number.isInteger(n) && n >= 1 && n <= max, f, n, `an integer 1..${max}`, hint);
    days(
      "noncurrentVersionExpirationDays",
      this.noncurrentVersionExpirationDays,
      99999,
      "keep old versions at least a day",
    );
    days(
      "blobDeleteRetentionDays",
      this.blobDeleteRetentionDays,
      365,
      "Azure keeps deleted blobs 1 to 365 days",
    );
    days(
      "containerDeleteRetentionDays",
      this.containerDeleteRetentionDays,
      365,
      "Azure keeps deleted containers 1 to 365 days",
    );
    days("logRetentionDays", this.logRetentionDays, 99999, "audit guidance usually asks for 365 days");
    days(
      "changeFeedRetentionDays",
      this.changeFeedRetentionDays,
      146000,
      "keep the change feed as long as the logs",
    );
    v.throwIfAny();
  }
}

/** `app-data` → `AppData`: a container's or construct's name as a logical-id part. */
function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}
