/**
 * Maps an environment's `azure` section onto the Azure constructs, the way network-of, data-tier and
 * cluster-of do for AWS: the network, the data tier (PostgreSQL, Redis, Blob, Key Vault, registry)
 * and an AKS cluster with its providers.
 */
import { AksCluster } from "../constructs/azure/aks-cluster";
import { gatewayDnsLabel } from "../constructs/azure/aks-load-balancer";
import { BlobStorage } from "../constructs/azure/blob-storage";
import { AzureContainerRegistry } from "../constructs/azure/container-registry";
import { KeyVault } from "../constructs/azure/key-vault";
import { ManagedRedis } from "../constructs/azure/managed-redis";
import { AzureNetwork } from "../constructs/azure/network";
import { PostgresFlexibleServer } from "../constructs/azure/postgres-flexible-server";
import { ResourceGroup } from "../constructs/azure/resource-group";
import type { SharedIdentities } from "../constructs/azure/shared-identities";
import type { Construct } from "../constructs/core";
import type { AzureSettings } from "../environments/azure-schema";
import type { Environment } from "../environments/schema";
import { clusterProviders } from "./cluster-providers";

export interface AzureFoundation {
  readonly resourceGroup: ResourceGroup;
  readonly network: AzureNetwork;
}

/** The stack's resource group and VNet (subnets per tier, NSGs, private DNS zones). */
export function azureNetworkOf(
  scope: Construct,
  env: Environment,
  azure: AzureSettings,
  tags: Record<string, string>,
): AzureFoundation {
  const resourceGroup = new ResourceGroup(scope, "ResourceGroup", {
    name: `${env.name}-platform`,
    location: azure.location,
    tags,
  });
  const network = new AzureNetwork(scope, "Network", {
    name: env.name,
    resourceGroup,
    addressSpace: azure.network.addressSpace,
    podCidr: azure.network.podCidr,
    // The gateway's public load balancer delivers to the AKS nodes, in the node subnet.
    publicIngressSubnet: "nodes",
    // The deployer's network (a runner subnet or a peered hub): Terraform writes Key Vault keys and
    // reads the private endpoints' data planes from there.
    trustedClientCidrs: azure.network.trustedClientCidrs,
  });
  return { resourceGroup, network };
}

export interface AzureDataTier {
  readonly keyVault: KeyVault;
  readonly database: PostgresFlexibleServer;
  readonly cache: ManagedRedis;
  readonly storage: BlobStorage;
  readonly registry: AzureContainerRegistry;
}

/** PostgreSQL, Managed Redis, Blob storage, Key Vault and the registry, private to the VNet. */
export function azureDataTierOf(
  scope: Construct,
  env: Environment,
  azure: AzureSettings,
  foundation: AzureFoundation,
  options: { readonly preventDestroy: boolean; readonly kubeletObjectIds?: Record<string, string> },
): AzureDataTier {
  const { resourceGroup, network } = foundation;
  const production = env.tier === "production";
  const group = { resourceGroupName: resourceGroup.resourceGroupName, location: resourceGroup.location };
  const keyVault = new KeyVault(scope, "KeyVault", {
    name: `${env.name}-platform`,
    resourceGroup,
    network,
    tenantId: azure.tenantId,
    deployerObjectId: azure.deployerObjectId,
    production,
    preventDestroy: options.preventDestroy,
  });
  const database = new PostgresFlexibleServer(scope, "Database", {
    ...group,
    name: `${env.name}-platform-pg`,
    production,
    skuName: azure.database.skuName,
    storageGiB: azure.database.storageGiB,
    backupRetentionDays: azure.database.backupRetentionDays,
    delegatedSubnetId: network.databaseSubnetId,
    inboundRules: network.inboundRules("database"),
    privateDnsZoneId: network.privateDnsZoneIds.postgres,
    dependsOn: [network.postgresDnsZoneLink],
    tenantId: azure.tenantId,
    administrator: azure.database.administrator,
    databaseName: "app",
    preventDestroy: options.preventDestroy,
    // Ready to subscribe to the AWS primary's publication (cross-cloud replication).
    logicalReplication: true,
  });
  const cache = new ManagedRedis(scope, "Cache", {
    ...group,
    name: `${env.name}-platform-redis`,
    production,
    skuName: azure.cache.skuName,
    persistence: azure.cache.persistence,
    privateEndpointSubnetId: network.privateEndpointSubnetId,
    privateDnsZoneId: network.privateDnsZoneIds.redisEnterprise,
    inboundRules: network.inboundRules("endpoints"),
    preventDestroy: options.preventDestroy,
  });
  const storage = new BlobStorage(scope, "Storage", {
    name: `${env.name}-platform`,
    resourceGroup,
    network,
    production,
    noncurrentVersionExpirationDays: azure.storage.noncurrentVersionExpirationDays,
    keyVault,
    preventDestroy: options.preventDestroy,
  });
  const registry = new AzureContainerRegistry(scope, "Registry", {
    ...group,
    name: `${env.name.replaceAll("-", "")}platformacr`,
    drLocation: azure.drLocation,
    production,
    privateEndpointSubnetId: network.privateEndpointSubnetId,
    privateDnsZoneId: network.privateDnsZoneIds.registry,
    kubeletObjectIds: options.kubeletObjectIds,
    preventDestroy: options.preventDestroy,
  });
  return { keyVault, database, cache, storage, registry };
}

/** An AKS cluster named after its stack in the environment's VNet, with the helm and kubernetes providers. */
export function aksOf(
  scope: Construct,
  env: Environment,
  azure: AzureSettings,
  name: string,
  foundation: {
    readonly resourceGroupName: string;
    readonly location: string;
    readonly network: AzureNetwork;
    /** Identities the foundation owns, which this cluster's service accounts federate into. */
    readonly identities?: SharedIdentities;
  },
  tags: Record<string, string>,
): AksCluster {
  const k = azure.kubernetes;
  const cluster = new AksCluster(scope, "Cluster", {
    name,
    resourceGroupName: foundation.resourceGroupName,
    location: foundation.location,
    kubernetesVersion: k.version,
    gatewayDnsLabel: gatewayDnsLabel(name, azure.subscriptionId),
    network: foundation.network,
    nodeSubnetId: foundation.network.nodeSubnetId,
    podCidr: azure.network.podCidr,
    serviceCidr: azure.network.serviceCidr,
    dnsServiceIp: azure.network.dnsServiceIp,
    // AWS's VPC is reached over the cross-cloud link: pod and service ranges stay clear of it.
    connectedCidrs: env.aws ? [env.aws.network.vpcCidr] : [],
    authorizedIpRanges: k.authorizedIpRanges,
    privateDeployerCidrs: k.privateDeployerCidrs,
    adminGroupObjectIds: k.adminGroupObjectIds,
    tenantId: azure.tenantId,
    systemPool: k.systemPool,
    applicationPool: k.applicationPool,
    production: env.tier === "production",
    logRetentionDays: env.tier === "production" ? 90 : 30,
    // Blue/green destroys a color's cluster on purpose; staging's cluster is not data either.
    preventDestroy: false,
    tags,
    sharedIdentities: foundation.identities,
  });
  clusterProviders(scope, cluster);
  return cluster;
}
