/**
 * Monthly cost estimate from a pinned price table (`prices.json`: AWS eu-west-1 on-demand list prices,
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
 *
 * Per stack: `costOfDoc` totals a synthesized stack; `costOfPlan` is the plan's monthly delta, the
 * after-state of creates and updates minus the before-state of deletes and updates (replace = both).
 * For a synth diff, before is base and after is head, so the delta is head minus base.
 */
import { z } from "zod";
import { asNumber, asStrings, block, blocks, isObject, isReference } from "../../policy/lib/values";
import { classify } from "../../policy/plan-guard";
import type { JsonObject, StackDoc } from "../../policy/types";
import type { PlanJson } from "./plan";
import rawPrices from "./prices.json";

const price = z.strictObject({
  usd: z.number().nonnegative(),
  basis: z.enum(["read", "estimate"]),
  source: z.string().optional(),
  note: z.string().optional(),
});
const factor = price.omit({ usd: true }).extend({ value: z.number().nonnegative() });

/** The Azure section: pay-as-you-go prices for the region the environments use (`azure.location`). */
const AzurePricesSchema = z.strictObject({
  region: z.string(),
  notes: z.array(z.string()),
  vmHourly: z.record(z.string(), price),
  spotPriceFactor: factor,
  aksClusterHourly: z.record(z.string(), price),
  postgresFlexibleHourly: z.record(z.string(), price),
  postgresHaFactor: factor,
  postgresStorageGbMonth: price,
  managedRedisHourly: z.record(z.string(), price),
  managedRedisHaFactor: factor,
  containerRegistryDaily: z.record(z.string(), price),
  publicIpHourly: z.record(z.string(), price),
  privateEndpointHourly: price,
  privateDnsZoneMonthly: price,
  keyVaultHsmKeyMonthly: z.record(z.string(), price),
  virtualNetworkGatewayHourly: z.record(z.string(), price),
  dnsZoneMonthly: price,
});

/** The CloudFlare section: the Load Balancing add-on, billed once per account. */
const CloudflarePricesSchema = z.strictObject({
  notes: z.array(z.string()),
  loadBalancingMonthly: price,
  loadBalancingIncludedOrigins: factor,
  loadBalancingOriginMonthly: price,
  loadBalancingIncludedIntervalSeconds: factor,
  fastHealthChecksMonthly: price,
  dynamicSteeringMonthly: price,
});

/** The shape of `prices.json`; every `source` must name an entry of `sources`. */
export const PriceTableSchema = z
  .strictObject({
    region: z.string(),
    currency: z.literal("USD"),
    pricesReadOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    hoursPerMonth: z.number().positive(),
    notes: z.array(z.string()),
    sources: z.record(z.string(), z.string()),
    ec2InstanceHourly: z.record(z.string(), price),
    spotPriceFactor: factor,
    rdsInstanceHourly: z.record(z.string(), z.record(z.string(), price)),
    rdsMultiAzFactor: factor,
    rdsStorageGbMonth: z.record(z.string(), price),
    elasticacheNodeHourly: z.record(z.string(), price),
    ebsGbMonth: z.record(z.string(), price),
    s3StandardGbMonth: price,
    s3AssumedGbPerBucket: factor,
    natGatewayHourly: price,
    publicIpv4Hourly: price,
    loadBalancerHourly: z.record(z.string(), price),
    eksClusterHourly: z.record(z.string(), price),
    kmsKeyMonthly: price,
    secretsManagerSecretMonthly: price,
    route53HostedZoneMonthly: price,
    vpnConnectionHourly: price,
    azure: AzurePricesSchema,
    cloudflare: CloudflarePricesSchema,
    freeTypePrefixes: z.array(z.string()),
    freeTypes: z.array(z.string()),
    usageBasedTypes: z.record(z.string(), z.string()),
  })
  .superRefine((table, ctx) => {
    const walk = (value: unknown, path: (string | number)[]) => {
      if (!isObject(value)) return;
      if (typeof value.source === "string" && !(value.source in table.sources)) {
        ctx.addIssue({ code: "custom", path, message: `source ${value.source} is not in sources` });
      }
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    };
    walk(table, []);
  });

/** A validated price table. */
export type PriceTable = z.infer<typeof PriceTableSchema>;
type Price = z.infer<typeof price>;

/** The pinned table, validated when this module loads. */
export const PRICES: PriceTable = PriceTableSchema.parse(rawPrices);

/** How one resource is charged. */
export type Priced =
  | { kind: "priced"; usd: number; detail: string; estimate: boolean }
  | { kind: "free" }
  | { kind: "usage"; why: string }
  | { kind: "unpriced"; why: string };

/** Resolves the resources a resource points at, for node groups (launch template) and replicas. */
export interface PriceContext {
  /** The attributes of what `ref` points at: a `${type.name.attr}` reference or a literal id/identifier. */
  resolve(ref: unknown): JsonObject | undefined;
  /**
   * Every resource of `type` on the same side (the stack, or one side of a plan), for charges billed
   * once per account such as CloudFlare's Load Balancing subscription. Without it, a resource is alone.
   */
  peers?(type: string): readonly JsonObject[];
}

const NO_CONTEXT: PriceContext = { resolve: () => undefined };

class Bill {
  usd = 0;
  estimate = false;
  readonly parts: string[] = [];

  constructor(private readonly table: PriceTable) {}

  /** Adds `quantity` units of `p`, per hour (times hours per month) or per month. */
  add(p: Price, quantity: number, per: "hour" | "month", part: string): void {
    this.usd += p.usd * quantity * (per === "hour" ? this.table.hoursPerMonth : 1);
    this.estimate ||= p.basis === "estimate";
    this.parts.push(part);
  }

  result(): Priced {
    return { kind: "priced", usd: this.usd, detail: this.parts.join(" + "), estimate: this.estimate };
  }
}

function unpriced(why: string): Priced {
  return { kind: "unpriced", why };
}

function nodeGroup(values: JsonObject, ctx: PriceContext, table: PriceTable): Priced {
  const scaling = block(values.scaling_config);
  const nodes = asNumber(scaling?.desired_size) ?? asNumber(scaling?.min_size);
  if (nodes === undefined) return unpriced("desired size unknown");
  const template = ctx.resolve(block(values.launch_template)?.id);
  const types = asStrings(values.instance_types);
  if (types.length === 0 && typeof template?.instance_type === "string") types.push(template.instance_type);
  const spot = values.capacity_type === "SPOT";
  const known = (spot ? types : types.slice(0, 1)).filter((t) => table.ec2InstanceHourly[t] !== undefined);
  if (known.length === 0)
    return unpriced(`instance type ${types.join(", ") || "unknown"} not in the price table`);
  const bill = new Bill(table);
  const mean = known.reduce((sum, t) => sum + table.ec2InstanceHourly[t]!.usd, 0) / known.length;
  const hourly: Price = {
    usd: spot ? mean * table.spotPriceFactor.value : mean,
    basis: known.some((t) => table.ec2InstanceHourly[t]!.basis === "estimate") || spot ? "estimate" : "read",
  };
  bill.add(
    hourly,
    nodes,
    "hour",
    spot
      ? `${nodes} × spot (${known.join(", ")}) at ${Math.round(table.spotPriceFactor.value * 100)}% of on-demand`
      : `${nodes} × ${known[0]}`,
  );
  const ebs = block(blocks(template?.block_device_mappings)[0]?.ebs);
  const diskGb =
    asNumber(ebs?.volume_size) ?? (template === undefined ? (asNumber(values.disk_size) ?? 20) : undefined);
  const volumeType = typeof ebs?.volume_type === "string" ? ebs.volume_type : "gp3";
  const volumePrice = table.ebsGbMonth[volumeType];
  if (diskGb !== undefined && volumePrice !== undefined) {
    bill.add(volumePrice, nodes * diskGb, "month", `${nodes} × ${diskGb} GB ${volumeType}`);
  }
  return bill.result();
}

function dbInstance(values: JsonObject, ctx: PriceContext, table: PriceTable): Priced {
  const source =
    values.replicate_source_db === undefined ? undefined : ctx.resolve(values.replicate_source_db);
  const engine = typeof values.engine === "string" ? values.engine : source?.engine;
  const cls = values.instance_class;
  if (typeof engine !== "string" || typeof cls !== "string")
    return unpriced("engine or instance class unknown");
  const hourly = table.rdsInstanceHourly[engine]?.[cls];
  if (hourly === undefined) return unpriced(`${engine} ${cls} not in the price table`);
  const multiAz = values.multi_az === true || values.multi_az === "true";
  const copies = multiAz ? table.rdsMultiAzFactor.value : 1;
  const bill = new Bill(table);
  bill.add(hourly, copies, "hour", `${cls}${multiAz ? " Multi-AZ" : ""}`);
  const storageGb = asNumber(values.allocated_storage) ?? asNumber(source?.allocated_storage);
  const storageType = typeof values.storage_type === "string" ? values.storage_type : "gp2";
  const storagePrice = table.rdsStorageGbMonth[storageType];
  if (storageGb !== undefined && storagePrice !== undefined) {
    bill.add(
      storagePrice,
      storageGb * copies,
      "month",
      `${storageGb} GB ${storageType}${multiAz ? " × 2" : ""}`,
    );
  }
  return bill.result();
}

function cacheGroup(values: JsonObject, table: PriceTable): Priced {
  const type = values.node_type;
  const hourly = typeof type === "string" ? table.elasticacheNodeHourly[type] : undefined;
  if (hourly === undefined) return unpriced(`node type ${String(type)} not in the price table`);
  const groups = asNumber(values.num_node_groups);
  const replicas = asNumber(values.replicas_per_node_group);
  const nodes =
    asNumber(values.num_cache_clusters) ??
    (groups !== undefined ? groups * ((replicas ?? 0) + 1) : undefined) ??
    1;
  const bill = new Bill(table);
  bill.add(hourly, nodes, "hour", `${nodes} × ${type}`);
  return bill.result();
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Node count of an AKS pool: `node_count` (what the pool starts with), else `min_count`. */
function poolNodes(pool: JsonObject): number | undefined {
  return asNumber(pool.node_count) ?? asNumber(pool.min_count);
}

/**
 * Adds an AKS pool's VMs to `bill`: `node_count` (else `min_count`) nodes of `vm_size`, a `Spot` pool at
 * the spot factor. Ephemeral OS disks live on the VM's local disk and cost nothing more; managed OS
 * disks are not priced (the detail says so). Returns why the pool cannot be priced, if it cannot.
 */
function addAksPool(bill: Bill, pool: JsonObject, table: PriceTable): string | undefined {
  const az = table.azure;
  const size = text(pool.vm_size);
  const vm = size === undefined ? undefined : az.vmHourly[size];
  if (vm === undefined) return `VM size ${size ?? "unknown"} not in the price table`;
  const nodes = poolNodes(pool);
  if (nodes === undefined) return "node count unknown";
  const spot = pool.priority === "Spot";
  const hourly: Price = spot ? { usd: vm.usd * az.spotPriceFactor.value, basis: "estimate" } : vm;
  const disk = pool.os_disk_type === "Ephemeral" ? "" : " (managed OS disks not priced)";
  const factorText = `${Math.round(az.spotPriceFactor.value * 100)}% of pay-as-you-go`;
  bill.add(hourly, nodes, "hour", `${nodes} × ${size}${spot ? ` spot at ${factorText}` : ""}${disk}`);
  return undefined;
}

function aksCluster(values: JsonObject, table: PriceTable): Priced {
  const tier = text(values.sku_tier) ?? "Free";
  const hourly = table.azure.aksClusterHourly[tier];
  if (hourly === undefined) return unpriced(`AKS tier ${tier} not in the price table`);
  const bill = new Bill(table);
  bill.add(hourly, 1, "hour", `AKS ${tier} tier`);
  const pool = block(values.default_node_pool);
  const why = pool === undefined ? "default node pool unknown" : addAksPool(bill, pool, table);
  return why === undefined ? bill.result() : unpriced(`default node pool: ${why}`);
}

function aksNodePool(values: JsonObject, table: PriceTable): Priced {
  const bill = new Bill(table);
  const why = addAksPool(bill, values, table);
  return why === undefined ? bill.result() : unpriced(why);
}

/** Compute by SKU, storage by GB-month; high availability (a standby) doubles both. */
function postgresFlexible(values: JsonObject, table: PriceTable): Priced {
  const az = table.azure;
  const sku = text(values.sku_name);
  const hourly = sku === undefined ? undefined : az.postgresFlexibleHourly[sku];
  if (hourly === undefined)
    return unpriced(`PostgreSQL flexible server SKU ${sku ?? "unknown"} not in the price table`);
  const mode = text(block(values.high_availability)?.mode);
  const ha = mode === "ZoneRedundant" || mode === "SameZone";
  const copies = ha ? az.postgresHaFactor.value : 1;
  const bill = new Bill(table);
  bill.add(hourly, copies, "hour", `${sku}${ha ? ` ${mode} HA × ${copies}` : ""}`);
  const storageMb = asNumber(values.storage_mb);
  if (storageMb !== undefined) {
    const gb = storageMb / 1024;
    bill.add(az.postgresStorageGbMonth, gb * copies, "month", `${gb} GB storage${ha ? ` × ${copies}` : ""}`);
  }
  return bill.result();
}

/** Cache instances by SKU; high availability (the azurerm default) runs two. */
function managedRedis(values: JsonObject, table: PriceTable): Priced {
  const az = table.azure;
  const sku = text(values.sku_name);
  const hourly = sku === undefined ? undefined : az.managedRedisHourly[sku];
  if (hourly === undefined) return unpriced(`Managed Redis SKU ${sku ?? "unknown"} not in the price table`);
  const ha = values.high_availability_enabled !== false && values.high_availability_enabled !== "false";
  const instances = ha ? az.managedRedisHaFactor.value : 1;
  return flat(table, hourly, "hour", `${instances} × ${sku}${ha ? " (high availability)" : ""}`, instances);
}

/** A daily rate per registry, and again for each geo-replication (Premium). */
function containerRegistry(values: JsonObject, table: PriceTable): Priced {
  const sku = text(values.sku) ?? "Basic";
  const daily = table.azure.containerRegistryDaily[sku];
  if (daily === undefined) return unpriced(`container registry SKU ${sku} not in the price table`);
  const replicas = blocks(values.georeplications).length;
  const days = table.hoursPerMonth / 24;
  const where = replicas === 0 ? "" : ` + ${replicas} geo-replication${replicas === 1 ? "" : "s"}`;
  return flat(table, daily, "month", `${sku} registry${where}`, (1 + replicas) * days);
}

function publicIp(values: JsonObject, table: PriceTable): Priced {
  const sku = text(values.sku) ?? "Standard";
  const tier = sku === "Standard" && values.sku_tier === "Global" ? "Global" : sku;
  return flat(table, table.azure.publicIpHourly[tier], "hour", `${tier} public IP`);
}

function keyVaultKey(values: JsonObject, table: PriceTable): Priced {
  const type = text(values.key_type) ?? "unknown";
  if (!type.endsWith("-HSM")) return { kind: "usage", why: "software-protected key: operations per 10,000" };
  const size = asNumber(values.key_size);
  const key = type === "RSA-HSM" ? `RSA-HSM ${size ?? 2048}` : type;
  return flat(table, table.azure.keyVaultHsmKeyMonthly[key], "month", `${key} key`);
}

/**
 * Whether `values` is the first of `peers` (those `pick` keeps) by `name`, the one that carries a charge
 * billed once per account. A resource without a literal name, or without peers, is first.
 */
function sortsFirst(
  values: JsonObject,
  peers: readonly JsonObject[],
  pick: (p: JsonObject) => boolean,
): boolean {
  const name = text(values.name);
  if (name === undefined) return true;
  return !peers.some((p) => pick(p) && typeof p.name === "string" && p.name < name);
}

const INCLUDED_STEERING = new Set(["", "off", "random"]);

/**
 * The account's Load Balancing subscription, charged on the stack's first load balancer by name, plus
 * dynamic (latency) steering, charged on the first load balancer that uses it. Other load balancers add
 * only DNS queries, which the subscription includes up to 500,000 a month.
 */
function cloudflareLoadBalancer(values: JsonObject, ctx: PriceContext, table: PriceTable): Priced {
  const cf = table.cloudflare;
  const steering = text(values.steering_policy) ?? "";
  if (!INCLUDED_STEERING.has(steering) && steering !== "dynamic_latency")
    return unpriced(`steering policy ${steering} not in the price table`);
  const peers = ctx.peers?.("cloudflare_load_balancer") ?? [];
  const bill = new Bill(table);
  if (sortsFirst(values, peers, () => true))
    bill.add(cf.loadBalancingMonthly, 1, "month", "Load Balancing subscription (per account)");
  const dynamic = (p: JsonObject) => p.steering_policy === "dynamic_latency";
  if (dynamic(values) && sortsFirst(values, peers, dynamic))
    bill.add(cf.dynamicSteeringMonthly, 1, "month", "dynamic steering (per account)");
  if (bill.parts.length === 0) bill.parts.push("covered by the account's Load Balancing subscription");
  return bill.result();
}

function originCount(pool: JsonObject): number {
  return blocks(pool.origins).length;
}

/**
 * Each origin beyond those the subscription includes. The included origins go to the pools whose names
 * sort first (origins count per pool, even where two pools share an address).
 */
function cloudflarePool(values: JsonObject, ctx: PriceContext, table: PriceTable): Priced {
  const cf = table.cloudflare;
  const origins = originCount(values);
  const name = text(values.name);
  const before = (ctx.peers?.("cloudflare_load_balancer_pool") ?? [])
    .filter((p) => name !== undefined && typeof p.name === "string" && p.name < name)
    .reduce((n, p) => n + originCount(p), 0);
  const included = Math.max(0, Math.min(origins, cf.loadBalancingIncludedOrigins.value - before));
  const bill = new Bill(table);
  const charged = origins - included;
  if (charged > 0) bill.add(cf.loadBalancingOriginMonthly, charged, "month", `${charged} × origin`);
  if (included > 0) bill.parts.push(`${included} × origin included in the subscription`);
  return bill.result();
}

/** Health checks at the included interval are free; faster ones are one add-on per account. */
function cloudflareMonitor(values: JsonObject, ctx: PriceContext, table: PriceTable): Priced {
  const cf = table.cloudflare;
  const included = cf.loadBalancingIncludedIntervalSeconds.value;
  const fast = (p: JsonObject) => (asNumber(p.interval) ?? 60) < included;
  if (!fast(values)) return { kind: "free" };
  const peers = ctx.peers?.("cloudflare_load_balancer_monitor") ?? [];
  const bill = new Bill(table);
  if (sortsFirst(values, peers, fast))
    bill.add(cf.fastHealthChecksMonthly, 1, "month", `health checks under ${included} s (per account)`);
  else bill.parts.push("faster health checks charged on another monitor");
  return bill.result();
}

function flat(
  table: PriceTable,
  p: Price | undefined,
  per: "hour" | "month",
  part: string,
  quantity = 1,
): Priced {
  if (p === undefined) return unpriced(`${part} not in the price table`);
  const bill = new Bill(table);
  bill.add(p, quantity, per, part);
  return bill.result();
}

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

/** Instances a synthesized resource stands for: `count`, or the size of a literal `for_each`. */
function instancesOf(values: JsonObject): number {
  const count = asNumber(values.count);
  if (count !== undefined) return count;
  if (Array.isArray(values.for_each)) return values.for_each.length;
  if (isObject(values.for_each)) return Object.keys(values.for_each).length;
  return 1;
}

const REFERENCE = /^\$\{([A-Za-z0-9_]+)\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_.[\]]+\}$/;

/**
 * Resolution over a synthesized stack (references) and resource attribute sets (ids, identifiers). Peers
 * of a type come from the stack where it has that type, else from `typed` (a plan's side).
 */
export function contextOf(
  doc: StackDoc | undefined,
  valueSets: readonly JsonObject[] = [],
  typed: ReadonlyArray<{ type: string; values: JsonObject }> = [],
): PriceContext {
  const byId = new Map<string, JsonObject>();
  const index = (values: JsonObject) => {
    for (const key of ["id", "identifier", "arn", "name"]) {
      const v = values[key];
      if (typeof v === "string" && !isReference(v) && !byId.has(v)) byId.set(v, values);
    }
  };
  for (const byName of Object.values(doc?.resource ?? {}))
    for (const values of Object.values(byName)) index(values);
  for (const values of valueSets) index(values);
  return {
    resolve(ref) {
      if (typeof ref !== "string") return undefined;
      const m = REFERENCE.exec(ref);
      if (m) return doc?.resource?.[m[1]!]?.[m[2]!];
      return byId.get(ref);
    },
    peers(type) {
      const inDoc = doc?.resource?.[type];
      if (inDoc !== undefined) return Object.values(inDoc);
      return typed.filter((t) => t.type === type).map((t) => t.values);
    },
  };
}

/** A priced resource. */
export interface CostLine {
  address: string;
  type: string;
  /** Monthly USD (for a plan: after minus before). */
  usd: number;
  detail: string;
  estimate: boolean;
}

/** Resource types that were not priced, with how many resources and why. */
export type Unpriced = Map<string, { count: number; why: string }>;

/** A monthly cost (a total or a delta). */
export interface Cost {
  usd: number;
  lines: CostLine[];
  /** Types with no price: absent from the table, or their class/size is. */
  unpriced: Unpriced;
  /** Types charged by usage only. */
  usageBased: Unpriced;
}

function note(map: Unpriced, type: string, why: string): void {
  const entry = map.get(type);
  map.set(type, { count: (entry?.count ?? 0) + 1, why: entry?.why ?? why });
}

function tally(cost: Cost, type: string, priced: Priced): number {
  if (priced.kind === "unpriced") note(cost.unpriced, type, priced.why);
  if (priced.kind === "usage") note(cost.usageBased, type, priced.why);
  return priced.kind === "priced" ? priced.usd : 0;
}

function emptyCost(): Cost {
  return { usd: 0, lines: [], unpriced: new Map(), usageBased: new Map() };
}

/** The monthly cost of a synthesized stack. */
export function costOfDoc(doc: StackDoc | undefined, table: PriceTable = PRICES): Cost {
  const cost = emptyCost();
  const ctx = contextOf(doc);
  for (const [type, byName] of Object.entries(doc?.resource ?? {})) {
    for (const [name, values] of Object.entries(byName)) {
      const priced = priceResource(type, values, ctx, table);
      const usd = tally(cost, type, priced) * instancesOf(values);
      if (priced.kind === "priced") {
        cost.lines.push({
          address: `${type}.${name}`,
          type,
          usd,
          detail: priced.detail,
          estimate: priced.estimate,
        });
        cost.usd += usd;
      }
    }
  }
  return cost;
}

/**
 * Plan values with the gaps filled from the synthesized configuration: a `null` (unknown until apply,
 * such as the id of a launch template created in the same apply) takes the configured value, which is
 * often a `${...}` reference the price context can follow. cdktf writes a nested block as an object
 * where the plan has a one-element list; both shapes merge.
 */
export function mergeKnown(config: unknown, value: unknown): unknown {
  if (value === null || value === undefined) return config;
  if (Array.isArray(value) && isObject(config))
    return value.map((v, i) => (i === 0 ? mergeKnown(config, v) : v));
  if (Array.isArray(value) && Array.isArray(config)) return value.map((v, i) => mergeKnown(config[i], v));
  if (isObject(value) && isObject(config)) {
    const out: JsonObject = { ...config };
    for (const [k, v] of Object.entries(value)) out[k] = mergeKnown(config[k], v);
    return out;
  }
  return value;
}

/**
 * The monthly delta of a plan: after-state of creates and updates minus before-state of deletes and
 * updates. `baseDoc`/`headDoc` fill what the plan's values leave open (see `mergeKnown`). A change
 * with an unpriced or usage-based side adds nothing and is listed as such.
 */
export function costOfPlan(
  plan: PlanJson,
  docs: { baseDoc?: StackDoc; headDoc?: StackDoc } = {},
  table: PriceTable = PRICES,
): Cost {
  const cost = emptyCost();
  const changes = plan.resource_changes ?? [];
  const typed = (key: "before" | "after") =>
    changes.flatMap((c) => {
      const values = c.change[key];
      return isObject(values) ? [{ type: c.type, values }] : [];
    });
  const sides = { before: typed("before"), after: typed("after") };
  const contexts = {
    before: contextOf(
      docs.baseDoc,
      sides.before.map((t) => t.values),
      sides.before,
    ),
    after: contextOf(
      docs.headDoc,
      sides.after.map((t) => t.values),
      sides.after,
    ),
  };
  for (const rc of changes) {
    if (rc.mode !== undefined && rc.mode !== "managed") continue;
    const kind = classify(rc.change.actions);
    if (kind === "no-op" || kind === "read" || kind === "forget") continue;
    const price = (key: "before" | "after", doc: StackDoc | undefined): Priced => {
      const config = rc.name === undefined ? undefined : doc?.resource?.[rc.type]?.[rc.name];
      const values = config === undefined ? rc.change[key] : mergeKnown(config, rc.change[key]);
      return isObject(values)
        ? priceResource(rc.type, values, contexts[key], table)
        : unpriced("values unknown");
    };
    const sides = [
      ...(kind === "create" ? [] : [{ sign: -1, priced: price("before", docs.baseDoc) }]),
      ...(kind === "delete" ? [] : [{ sign: 1, priced: price("after", docs.headDoc) }]),
    ];
    const open = sides.find((s) => s.priced.kind === "unpriced" || s.priced.kind === "usage");
    if (open !== undefined) {
      tally(cost, rc.type, open.priced);
      continue;
    }
    const usd = sides.reduce((sum, s) => sum + s.sign * usdOf(s.priced), 0);
    const shown = sides[sides.length - 1]!.priced;
    if (shown.kind === "priced" && Math.abs(usd) >= 0.005) {
      const estimate = sides.some((s) => s.priced.kind === "priced" && s.priced.estimate);
      const detail =
        sides.length === 2 && sides[0]!.priced.kind === "priced" && sides[0]!.priced.detail !== shown.detail
          ? `${sides[0]!.priced.detail} → ${shown.detail}`
          : shown.detail;
      cost.lines.push({ address: rc.address, type: rc.type, usd, detail, estimate });
    }
    cost.usd += usd;
  }
  return cost;
}

function usdOf(priced: Priced): number {
  return priced.kind === "priced" ? priced.usd : 0;
}

/** `+$12.34`, `-$5.00`, `$0.00`. */
export function formatUsd(usd: number, signed = false): string {
  const rounded = Math.round(usd * 100) / 100;
  const text = `$${Math.abs(rounded).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  if (!signed || rounded === 0) return rounded < 0 ? `-${text}` : text;
  return rounded > 0 ? `+${text}` : `-${text}`;
}
