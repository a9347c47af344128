/**
 * One resource's monthly price (`priceResource`) from a pinned price table (`prices.json`: AWS eu-west-1 on-demand list prices,
 * Azure West Europe pay-as-you-go prices, CloudFlare's Load Balancing add-on, the date they were read,
 * and for each number its source or, where none was found, how it was estimated). It is an estimate,
 * labelled as one: no usage, discounts, taxes or free tier.
 *
 * What is priced, per resource (`priceResource`), from the attributes a synthesized stack or a plan
 * carries:
 *
 * - `aws_eks_node_group`: `scaling_config.desired_size` nodes of `instance_types` (the first type for
 *   on-demand; the mean of the listed types times `spotPriceFactor` for `capacity_type = SPOT`), plus
 *   each node's root volume from its launch template (`block_device_mappings[].ebs.volume_size`).
 *   The environments' spot share (`kubernetes.applicationNodeGroup.spotPercent` in
 *   `environments/schema.ts`) is realised by the stacks as a separate SPOT node group holding that
 *   share of the capacity (`constructs/aws/eks-capacity.ts`), so the discount follows `capacity_type`
 *   and the share is never counted twice;
 * - `aws_db_instance`: `instance_class` by engine, doubled for `multi_az`, plus `allocated_storage` by
 *   `storage_type` (doubled for Multi-AZ); a read replica takes engine and storage from the instance
 *   `replicate_source_db` points at;
 * - `aws_elasticache_replication_group`: `node_type` times `num_cache_clusters` (or node groups times
 *   replicas + 1);
 * - `aws_eks_cluster`, `aws_nat_gateway`, `aws_eip` (public IPv4), `aws_lb`, `aws_ebs_volume`,
 *   `aws_instance`, `aws_s3_bucket` (at an assumed size per bucket), `aws_kms_key`,
 *   `aws_secretsmanager_secret`, `aws_route53_zone`, `aws_vpn_connection`;
 * - `azurerm_kubernetes_cluster`: the `sku_tier` cluster hour (azurerm's default is Free) plus the
 *   default node pool; `azurerm_kubernetes_cluster_node_pool`: `node_count` (else `min_count`, as the
 *   AWS node groups use the desired size) VMs of `vm_size`, a `priority = "Spot"` pool at the Azure spot
 *   factor. The environments' spot share becomes a separate Spot pool, as on AWS;
 * - `azurerm_postgresql_flexible_server`: `sku_name` hours plus `storage_mb` per GB-month, both twice
 *   with high availability (the standby); `azurerm_managed_redis`: `sku_name` instances, two with high
 *   availability (the azurerm default); `azurerm_container_registry`: the SKU's daily rate, again per
 *   geo-replication; `azurerm_public_ip`, `azurerm_private_endpoint`, `azurerm_private_dns_zone`,
 *   `azurerm_dns_zone`, HSM-protected `azurerm_key_vault_key`s, `azurerm_virtual_network_gateway` by SKU;
 * - CloudFlare Load Balancing, billed per account: the subscription on the stack's first
 *   `cloudflare_load_balancer` by name, each origin of a `cloudflare_load_balancer_pool` beyond those
 *   the subscription includes (the first pools by name take those), and health checks faster than the
 *   included interval (`cloudflare_load_balancer_monitor`) once.
 *
 * Types the table calls free cost nothing; types charged only by usage are listed as "usage-based";
 * every other type, and a priced type whose class is missing from the table, is listed "not priced".
 */
import { asNumber } from "../../policy/lib/values";
import type { JsonObject } from "../../policy/types";
import { cacheGroup, dbInstance, nodeGroup } from "./price-aws";
import {
  aksCluster,
  aksNodePool,
  containerRegistry,
  keyVaultKey,
  managedRedis,
  postgresFlexible,
  publicIp,
} from "./price-azure";
import { flat, NO_CONTEXT, type PriceContext, type Priced, text, unpriced } from "./price-bill";
import { cloudflareLoadBalancer, cloudflareMonitor, cloudflarePool } from "./price-cloudflare";
import { PRICES, type PriceTable } from "./price-table";

/** How a resource of `type` with these attributes is charged per month. */
export function priceResource(
  type: string,
  values: JsonObject,
  ctx: PriceContext = NO_CONTEXT,
  table: PriceTable = PRICES,
): Priced {
  switch (type) {
    case "aws_eks_node_group":
      return nodeGroup(values, ctx, table);
    case "aws_db_instance":
      return dbInstance(values, ctx, table);
    case "aws_elasticache_replication_group":
      return cacheGroup(values, table);
    case "aws_eks_cluster":
      return flat(table, table.eksClusterHourly.standard, "hour", "EKS control plane (standard support)");
    case "aws_nat_gateway":
      return flat(table, table.natGatewayHourly, "hour", "NAT gateway hours");
    case "aws_eip":
      return flat(table, table.publicIpv4Hourly, "hour", "public IPv4 address");
    case "aws_lb": {
      const kind = typeof values.load_balancer_type === "string" ? values.load_balancer_type : "application";
      return flat(table, table.loadBalancerHourly[kind], "hour", `${kind} load balancer hours`);
    }
    case "aws_ebs_volume": {
      const size = asNumber(values.size);
      const volumeType = typeof values.type === "string" ? values.type : "gp3";
      if (size === undefined) return unpriced("volume size unknown");
      return flat(table, table.ebsGbMonth[volumeType], "month", `${size} GB ${volumeType}`, size);
    }
    case "aws_instance": {
      const it = typeof values.instance_type === "string" ? values.instance_type : "unknown";
      return flat(table, table.ec2InstanceHourly[it], "hour", it);
    }
    case "aws_s3_bucket": {
      const gb = table.s3AssumedGbPerBucket.value;
      return flat(
        table,
        { ...table.s3StandardGbMonth, basis: "estimate" },
        "month",
        `assumed ${gb} GB Standard`,
        gb,
      );
    }
    case "aws_kms_key":
      return flat(table, table.kmsKeyMonthly, "month", "KMS key");
    case "aws_secretsmanager_secret":
      return flat(table, table.secretsManagerSecretMonthly, "month", "secret");
    case "aws_route53_zone":
      return flat(table, table.route53HostedZoneMonthly, "month", "hosted zone");
    case "aws_vpn_connection":
      return flat(table, table.vpnConnectionHourly, "hour", "site-to-site VPN connection");
    case "azurerm_kubernetes_cluster":
      return aksCluster(values, table);
    case "azurerm_kubernetes_cluster_node_pool":
      return aksNodePool(values, table);
    case "azurerm_postgresql_flexible_server":
      return postgresFlexible(values, table);
    case "azurerm_managed_redis":
      return managedRedis(values, table);
    case "azurerm_container_registry":
      return containerRegistry(values, table);
    case "azurerm_public_ip":
      return publicIp(values, table);
    case "azurerm_private_endpoint":
      return flat(table, table.azure.privateEndpointHourly, "hour", "private endpoint hours");
    case "azurerm_private_dns_zone":
      return flat(table, table.azure.privateDnsZoneMonthly, "month", "private DNS zone");
    case "azurerm_dns_zone":
      return flat(table, table.azure.dnsZoneMonthly, "month", "DNS zone");
    case "azurerm_key_vault_key":
      return keyVaultKey(values, table);
    case "azurerm_virtual_network_gateway": {
      const sku = text(values.sku) ?? "unknown";
      return flat(table, table.azure.virtualNetworkGatewayHourly[sku], "hour", `${sku} gateway`);
    }
    case "cloudflare_load_balancer":
      return cloudflareLoadBalancer(values, ctx, table);
    case "cloudflare_load_balancer_pool":
      return cloudflarePool(values, ctx, table);
    case "cloudflare_load_balancer_monitor":
      return cloudflareMonitor(values, ctx, table);
    default:
      if (table.freeTypes.includes(type) || table.freeTypePrefixes.some((p) => type.startsWith(p))) {
        return { kind: "free" };
      }
      if (table.usageBasedTypes[type] !== undefined)
        return { kind: "usage", why: table.usageBasedTypes[type]! };
      return unpriced("type not in the price table");
  }
}
