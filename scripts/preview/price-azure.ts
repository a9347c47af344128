/** The Azure resources priced from their attributes: AKS, PostgreSQL, Managed Redis, ACR, IPs, keys. */
import { asNumber, block, blocks } from "../../policy/lib/values";
import type { JsonObject } from "../../policy/types";
import { Bill, flat, type Priced, text, unpriced } from "./price-bill";
import type { Price, PriceTable } from "./price-table";

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

export function aksCluster(values: JsonObject, table: PriceTable): Priced {
  const tier = text(values.sku_tier) ?? "Free";
  const hourly = table.azure.aksClusterHourly[tier];
  if (hourly === undefined) return unpriced(`AKS tier ${tier} not in the price table`);
  const bill = new Bill(table);
  bill.add(hourly, 1, "hour", `AKS ${tier} tier`);
  const pool = block(values.default_node_pool);
  const why = pool === undefined ? "default node pool unknown" : addAksPool(bill, pool, table);
  return why === undefined ? bill.result() : unpriced(`default node pool: ${why}`);
}

export function aksNodePool(values: JsonObject, table: PriceTable): Priced {
  const bill = new Bill(table);
  const why = addAksPool(bill, values, table);
  return why === undefined ? bill.result() : unpriced(why);
}

/** Compute by SKU, storage by GB-month; high availability (a standby) doubles both. */
export function postgresFlexible(values: JsonObject, table: PriceTable): Priced {
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
export function managedRedis(values: JsonObject, table: PriceTable): Priced {
  const az = table.azure;
  const sku = text(values.sku_name);
  const hourly = sku === undefined ? undefined : az.managedRedisHourly[sku];
  if (hourly === undefined) return unpriced(`Managed Redis SKU ${sku ?? "unknown"} not in the price table`);
  const ha = values.high_availability_enabled !== false && values.high_availability_enabled !== "false";
  const instances = ha ? az.managedRedisHaFactor.value : 1;
  return flat(table, hourly, "hour", `${instances} × ${sku}${ha ? " (high availability)" : ""}`, instances);
}

/** A daily rate per registry, and again for each geo-replication (Premium). */
export function containerRegistry(values: JsonObject, table: PriceTable): Priced {
  const sku = text(values.sku) ?? "Basic";
  const daily = table.azure.containerRegistryDaily[sku];
  if (daily === undefined) return unpriced(`container registry SKU ${sku} not in the price table`);
  const replicas = blocks(values.georeplications).length;
  const days = table.hoursPerMonth / 24;
  const where = replicas === 0 ? "" : ` + ${replicas} geo-replication${replicas === 1 ? "" : "s"}`;
  return flat(table, daily, "month", `${sku} registry${where}`, (1 + replicas) * days);
}

export function publicIp(values: JsonObject, table: PriceTable): Priced {
  const sku = text(values.sku) ?? "Standard";
  const tier = sku === "Standard" && values.sku_tier === "Global" ? "Global" : sku;
  return flat(table, table.azure.publicIpHourly[tier], "hour", `${tier} public IP`);
}

export function keyVaultKey(values: JsonObject, table: PriceTable): Priced {
  const type = text(values.key_type) ?? "unknown";
  if (!type.endsWith("-HSM")) return { kind: "usage", why: "software-protected key: operations per 10,000" };
  const size = asNumber(values.key_size);
  const key = type === "RSA-HSM" ? `RSA-HSM ${size ?? 2048}` : type;
  return flat(table, table.azure.keyVaultHsmKeyMonthly[key], "month", `${key} key`);
}
