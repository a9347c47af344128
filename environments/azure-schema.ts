/**
 * The `azure` section of an environment: where its Azure side runs and how it is sized. Strict, like
 * the rest; the limits come from the Azure constructs (`constructs/azure/`). Its address plan is
 * checked against AWS's in `rules.ts` (crossCloudRules).
 */
import { z } from "zod";
import { AKS_VERSIONS } from "../constructs/azure/aks-limits";
import { AKS_VM_SIZES } from "../constructs/azure/aks-vm-sizes";
import { MANAGED_REDIS_SKUS } from "../constructs/azure/managed-redis-validation";
import {
  ENTRA_PRINCIPAL_TYPES,
  FLEXIBLE_SERVER_BACKUP_RETENTION,
  FLEXIBLE_SERVER_SKU,
  FLEXIBLE_SERVER_STORAGE_GIB,
} from "../constructs/azure/postgres-flexible-server-validation";
import { isCidr } from "../constructs/cidr";

const cidr = z.string().refine(isCidr, {
  message: "must be an IPv4 network in CIDR notation with no host bits set, such as 10.1.0.0/16",
});
const ipv4 = z
  .string()
  .regex(/^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)$/, "must be an IPv4 address");
const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "must be a lower-case GUID");
const location = z.string().regex(/^[a-z][a-z0-9]+$/, "must be an Azure region name such as westeurope");
const vmSize = z
  .string()
  .refine(
    (v) => v in AKS_VM_SIZES,
    `must be a VM size with known capacity: ${Object.keys(AKS_VM_SIZES).join(", ")}`,
  );
const count = z.number().int().nonnegative().max(1000);

export const AzureSchema = z.strictObject({
  /** Region of the Azure side, e.g. westeurope. */
  location,
  /** Region of its geo-replicas (registry) and of geo-redundant backups' pair, e.g. northeurope. */
  drLocation: location,
  /** The subscription the Azure stacks deploy into (azurerm 4 requires it). */
  subscriptionId: uuid,
  /** The Entra tenant of the subscription. */
  tenantId: uuid,
  /** Object id of the principal that deploys (Key Vault Crypto Officer on the vault it creates). */
  deployerObjectId: uuid,
  /** Where the Azure stacks keep their state: a storage account that `bootstrap-azure` creates. */
  state: z.strictObject({
    resourceGroupName: z.string().regex(/^[A-Za-z0-9._()-]{1,90}$/, "must be a resource group name"),
    storageAccountName: z.string().regex(/^[a-z0-9]{3,24}$/, "must be 3-24 lower-case letters and digits"),
    /**
     * Subnets of a runner inside a VNet that may reach the state account (a VNet rule), besides
     * `kubernetes.authorizedIpRanges`.
     * @default []
     */
    runnerSubnetIds: z
      .array(
        z
          .string()
          .regex(
            /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i,
            "must be a subnet id: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>",
          ),
      )
      .default([]),
  }),
  network: z.strictObject({
    /** The VNet; subnets are carved from it like AWS's tiers. Must not overlap AWS's ranges. */
    addressSpace: cidr,
    /** AKS overlay pod range: outside the VNet and AWS's ranges. */
    podCidr: cidr,
    /** Kubernetes service range: outside the VNet, the pod range and AWS's ranges. */
    serviceCidr: cidr,
    /** CoreDNS's service address, inside serviceCidr. */
    dnsServiceIp: ipv4,
    /**
     * Private ranges the deployer runs in (a runner subnet or a peered hub network, with the
     * privatelink zones linked): admitted to the private endpoints, since Terraform writes Key Vault
     * keys through the vault's data plane. At least one.
     */
    trustedClientCidrs: z
      .array(cidr)
      .min(
        1,
        "must name the deployer's private range: Terraform creates Key Vault keys through the private endpoint",
      ),
  }),
  kubernetes: z.strictObject({
    version: z.enum(AKS_VERSIONS),
    /** Public ranges admitted to the API server (the deployer's egress); or use privateDeployerCidrs. */
    authorizedIpRanges: z.array(cidr),
    /** Private ranges (a runner in the VNet or a peered network) admitted to a private API server. */
    privateDeployerCidrs: z.array(cidr),
    /** Entra groups with cluster-admin through Azure RBAC. */
    adminGroupObjectIds: z.array(uuid).min(1),
    systemPool: z.strictObject({ vmSize, minSize: count, desiredSize: count, maxSize: count }),
    applicationPool: z.strictObject({
      vmSize,
      minSize: count,
      desiredSize: count,
      maxSize: count,
      /** Share of application nodes on spot, in percent (70 in production, as on AWS). */
      spotPercent: z.number().int().min(0).max(100),
    }),
  }),
  database: z.strictObject({
    /** Flexible server SKU, e.g. GP_Standard_D4ds_v5. */
    skuName: z
      .string()
      .regex(FLEXIBLE_SERVER_SKU, "must be a flexible server SKU such as GP_Standard_D4ds_v5"),
    storageGiB: z.union(FLEXIBLE_SERVER_STORAGE_GIB.map((n) => z.literal(n))),
    backupRetentionDays: z
      .number()
      .int()
      .min(FLEXIBLE_SERVER_BACKUP_RETENTION.min)
      .max(FLEXIBLE_SERVER_BACKUP_RETENTION.max),
    /** The Entra administrator (a group): no password exists for the server. */
    administrator: z.strictObject({
      objectId: uuid,
      principalName: z.string().min(1),
      principalType: z.enum(ENTRA_PRINCIPAL_TYPES),
    }),
  }),
  cache: z.strictObject({
    skuName: z.enum(MANAGED_REDIS_SKUS),
    persistence: z.enum(["rdb", "aof"]),
  }),
  storage: z.strictObject({
    noncurrentVersionExpirationDays: z.number().int().positive().max(36500),
  }),
  /**
   * The site-to-site VPN to the environment's AWS VPC (database subnets only), the private link of the
   * cross-cloud replication. Brought up in steps (README, "Cross-cloud data"): with the section alone,
   * both clouds create their gateways; then `azureGatewayIp` lets AWS create its tunnels; then
   * `awsTunnelAddresses` (and the keys copied into Key Vault) lets Azure connect to them.
   * @default - no VPN
   */
  interconnect: z
    .strictObject({
      /**
       * The VNet's `GatewaySubnet` (a /27 or larger).
       * @default - x.y.255.0/27 of network.addressSpace
       */
      gatewaySubnetCidr: cidr.optional(),
      /** The Azure gateway's public IP: the Azure foundation's `VpnGatewayPublicIp` output. */
      azureGatewayIp: ipv4.optional(),
      /** The AWS tunnels' outside addresses: the AWS foundation's `VpnTunnelAddresses` output. */
      awsTunnelAddresses: z.array(ipv4).min(1).max(2).optional(),
      /**
       * Prefix of the Key Vault secrets holding the tunnels' pre-shared keys (`<prefix>-tunnel1`, `-tunnel2`).
       * @default "vpn-aws"
       */
      sharedKeySecretPrefix: z
        .string()
        .regex(/^[0-9a-zA-Z-]{1,110}$/, "must be letters, digits and dashes")
        .optional(),
    })
    .optional(),
});

export type AzureSettings = z.infer<typeof AzureSchema>;
