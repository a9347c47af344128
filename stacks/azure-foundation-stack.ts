import { azureStaticAccountNameOf } from "../constructs/azure/azure-names";
import type { AzureNetwork } from "../constructs/azure/network";
import type { ResourceGroup } from "../constructs/azure/resource-group";
import { AzureSharedIdentities } from "../constructs/azure/shared-identities";
import { AzureStaticWebsite } from "../constructs/azure/static-website";
import { azureVpnGatewaySubnetCidrOf } from "../constructs/azure/subnet-layout";
import { AzureVpnGateway } from "../constructs/azure/vpn-gateway";
import { CLOUDFLARE_IPV4_RANGES } from "../constructs/cloudflare/edge-ip-ranges";
import { type Construct, TerraformOutput } from "../constructs/core";
import { type AzureDataTier, azureDataTierOf, azureNetworkOf } from "./azure-parts";
import { AzureStack, type AzureStackProps } from "./azure-stack";
import { DATABASE_ROLES_NAMESPACE, databaseAccountsOf } from "./service-of";

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
  /** The identities the database maps roles to; every cluster of the environment federates into them. */
  public readonly identities: AzureSharedIdentities;
  /** The Azure side of the site-to-site VPN to AWS, when `azure.interconnect` is set. */
  public readonly vpn?: AzureVpnGateway;
  /** The static-assets CDN's Azure origin, when the environment's edge fails over to Azure. */
  public readonly staticWebsite?: AzureStaticWebsite;

  constructor(scope: Construct, id: string, props: AzureStackProps) {
    super(scope, id, props);
    const foundation = azureNetworkOf(this, this.env, this.azure, this.tags);
    this.resourceGroup = foundation.resourceGroup;
    this.network = foundation.network;
    this.data = azureDataTierOf(this, this.env, this.azure, foundation, {
      preventDestroy: this.protectsData,
    });
    this.identities = new AzureSharedIdentities(this, "WorkloadIdentities", {
      name: id,
      resourceGroupName: this.resourceGroup.resourceGroupName,
      location: this.resourceGroup.location,
      accounts: databaseAccountsOf(this.env),
      tags: this.tags,
    });
    this.vpn = this.interconnect();
    this.staticWebsite = this.staticOrigin();
    // The role Job's identity is an Entra administrator here, once, whichever cluster runs the Job.
    const roles = this.identities.find({
      namespace: DATABASE_ROLES_NAMESPACE,
      serviceAccount: DATABASE_ROLES_NAMESPACE,
    });
    if (roles) {
      this.data.database.addAdministrator("DatabaseRolesAdministrator", {
        objectId: roles.principalId,
        name: roles.name,
      });
    }
  }

  /**
   * The static website the edge fails over to for static assets: readable from CloudFlare's IPv4
   * ranges (and the deployer's), its host an output for `edge.static.azureWebHost`. The health blob
   * comes with the apply that sets that host, once the deployer's data role is in effect.
   */
  private staticOrigin(): AzureStaticWebsite | undefined {
    const edge = this.env.edge;
    if (!edge?.cloudOrder.includes("azure")) return undefined;
    const website = new AzureStaticWebsite(this, "StaticWebsite", {
      accountName: azureStaticAccountNameOf(this.env.name, edge.static.azureAccountName),
      resourceGroup: this.resourceGroup,
      edgeSourceCidrs: CLOUDFLARE_IPV4_RANGES,
      deployerCidrs: this.azure.kubernetes.authorizedIpRanges,
      deployerSubnetIds: this.azure.state.runnerSubnetIds,
      deployerObjectId: this.azure.deployerObjectId,
      writeHealthBlob: edge.static.azureWebHost !== undefined,
      tags: this.tags,
    });
    new TerraformOutput(this, "StaticWebHost", { value: website.primaryWebHost });
    return website;
  }

  /**
   * The VPN gateway to the environment's AWS VPC, and, once AWS's tunnels exist, the connections to
   * them: AWS's database subnets are the only remote ranges, and the database admits them (for the
   * fail-back replication, AWS subscribing to Azure).
   */
  private interconnect(): AzureVpnGateway | undefined {
    const link = this.azure.interconnect;
    const aws = this.env.aws;
    if (!link || !aws) return undefined;
    const remoteCidrs = aws.network.databaseSubnetCidrs;
    const vpn = new AzureVpnGateway(this, "Interconnect", {
      name: this.node.id,
      resourceGroupName: this.resourceGroup.resourceGroupName,
      location: this.resourceGroup.location,
      virtualNetworkName: this.network.virtualNetworkName,
      virtualNetworkCidr: this.network.cidr,
      otherSubnetCidrs: Object.values(this.network.subnetCidrs),
      gatewaySubnetCidr: link.gatewaySubnetCidr ?? azureVpnGatewaySubnetCidrOf(this.network.cidr),
      sharedKeys: {
        keyVaultId: this.data.keyVault.vaultId,
        secretNamePrefix: link.sharedKeySecretPrefix ?? "vpn-aws",
        readerObjectId: this.azure.deployerObjectId,
      },
      ...(link.awsTunnelAddresses ? { peer: { tunnelAddresses: link.awsTunnelAddresses, remoteCidrs } } : {}),
      tags: this.tags,
    });
    remoteCidrs.forEach((cidr, i) => {
      this.data.database.allowFrom(`AwsDatabaseSubnet${i + 1}`, { cidr });
    });
    new TerraformOutput(this, "VpnGatewayPublicIp", { value: vpn.publicIpAddress });
    return vpn;
  }
}
