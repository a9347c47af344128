import type { AzureNetwork } from "../constructs/azure/network";
import type { ResourceGroup } from "../constructs/azure/resource-group";
import type { Construct } from "../constructs/core";
import { type AzureDataTier, azureDataTierOf, azureNetworkOf } from "./azure-parts";
import { AzureStack, type AzureStackProps } from "./azure-stack";

/**
 * An environment's Azure foundation (`prod-azure`, `staging-azure`): the resource group, VNet, Key
 * Vault, PostgreSQL (zone-redundant HA in production, geo-redundant backups), Managed Redis, Blob
 * storage and the geo-replicated registry. It never refers to a cluster: each cluster stack grants
 * its own kubelet identity AcrPull and joins the VNet.
 */
export class AzureFoundationStack extends AzureStack {
  public readonly resourceGroup: ResourceGroup;
  public readonly network: AzureNetwork;
  public readonly data: AzureDataTier;

  constructor(scope: Construct, id: string, props: AzureStackProps) {
    super(scope, id, props);
    const foundation = azureNetworkOf(this, this.env, this.azure, this.tags);
    this.resourceGroup = foundation.resourceGroup;
    this.network = foundation.network;
    this.data = azureDataTierOf(this, this.env, this.azure, foundation, {
      preventDestroy: this.protectsData,
    });
  }
}
