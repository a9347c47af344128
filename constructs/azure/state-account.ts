import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { Construct } from "../core";
import { Validator } from "../validation";
import { STORAGE_ACCOUNT_BASELINE } from "./storage-account-baseline";

export interface AzureStateAccountProps {
  /** Resource group of the account, created here. */
  readonly resourceGroupName: string;
  /** Storage account name, 3-24 lower-case letters and digits, unique across Azure. */
  readonly storageAccountName: string;
  readonly location: string;
  /** Object id of the principal that runs Terraform: Storage Blob Data Contributor on the account. */
  readonly deployerObjectId: string;
  /**
   * Public ranges the deployer reaches the account from; nothing else gets through its firewall.
   * @default [] (Azure services and the deployer's role only; reach it from an allowed network)
   */
  readonly allowedIpRanges?: readonly string[];
  /**
   * Subnets of a runner inside a VNet (ours or the runner's own) that may reach the account: a VNet
   * rule, for a runner whose traffic does not leave Azure through a public address (it needs the
   * `Microsoft.Storage` service endpoint on its subnet).
   * @default []
   */
  readonly runnerSubnetIds?: readonly string[];
  /**
   * Days deleted or overwritten state versions stay recoverable.
   * @default 30
   */
  readonly retentionDays?: number;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Where every Azure stack keeps its state: a GZRS storage account with versioning (every state write
 * is a version), soft delete of blobs and containers, Entra authentication only (no shared keys), TLS
 * 1.2, a firewall, `prevent_destroy` and a CanNotDelete lock, and a private `tfstate` container. The
 * azurerm backend locks state with a blob lease, so no table is needed. The Azure counterpart of
 * `StateBucket`, in Azure, so that operating Azure never depends on AWS.
 */
export class AzureStateAccount extends Construct {
  public readonly storageAccountId: string;
  public readonly containerName = "tfstate";

  constructor(scope: Construct, id: string, props: AzureStateAccountProps) {
    super(scope, id);
    const retention = props.retentionDays ?? 30;
    new Validator(`AzureStateAccount ${this.node.path}`)
      .check(
        /^[a-z0-9]{3,24}$/.test(props.storageAccountName),
        "storageAccountName",
        props.storageAccountName,
        "3-24 lower-case letters and digits",
        "storage account names are global DNS labels without dashes",
      )
      .check(
        Number.isInteger(retention) && retention >= 7 && retention <= 365,
        "retentionDays",
        retention,
        "an integer from 7 to 365",
        "keep deleted state versions at least a week",
      )
      .throwIfAny();
    const v = new Validator(`AzureStateAccount ${this.node.path}`);
    for (const [i, subnet] of (props.runnerSubnetIds ?? []).entries()) {
      v.check(
        /\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i.test(subnet),
        `runnerSubnetIds[${i}]`,
        subnet,
        "a subnet id (/subscriptions/.../virtualNetworks/<vnet>/subnets/<subnet>)",
        "az network vnet subnet show --query id",
      );
    }
    v.throwIfAny();
    const tags = { ...props.tags };
    const group = new ResourceGroup(this, "ResourceGroup", {
      name: props.resourceGroupName,
      location: props.location,
      tags,
      lifecycle: { preventDestroy: true },
    });
    const account = new StorageAccount(this, "Account", {
      name: props.storageAccountName,
      resourceGroupName: group.name,
      location: group.location,
      ...STORAGE_ACCOUNT_BASELINE,
      accountReplicationType: "GZRS",
      networkRules: {
        defaultAction: "Deny",
        bypass: ["AzureServices"],
        ipRules: (props.allowedIpRanges ?? []).map((r) => r.replace(/\/32$/, "")),
        ...(props.runnerSubnetIds && props.runnerSubnetIds.length > 0
          ? { virtualNetworkSubnetIds: [...props.runnerSubnetIds] }
          : {}),
      },
      blobProperties: {
        versioningEnabled: true,
        deleteRetentionPolicy: { days: retention, permanentDeleteEnabled: false },
        containerDeleteRetentionPolicy: { days: retention },
      },
      tags,
      lifecycle: { preventDestroy: true },
    });
    new StorageContainer(this, "Container", {
      name: this.containerName,
      storageAccountId: account.id,
      containerAccessType: "private",
      lifecycle: { preventDestroy: true },
    });
    new RoleAssignment(this, "DeployerBlobDataContributor", {
      scope: account.id,
      roleDefinitionName: "Storage Blob Data Contributor",
      principalId: props.deployerObjectId,
      description: "Terraform reads and writes the Azure stacks' state with its Entra identity",
    });
    new ManagementLock(this, "DeleteLock", {
      name: `${props.storageAccountName}-cannot-delete`,
      scope: account.id,
      lockLevel: "CanNotDelete",
      notes: "Holds the Terraform state of every Azure stack",
    });
    this.storageAccountId = account.id;
  }
}
