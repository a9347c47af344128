/**
 * The props of {@link ManagedRedis} and the values azurerm 4.55 accepts for the fields they type
 * (`azurerm_managed_redis`, its docs and schema at v4.55.0), apart from the construct so that its
 * validation (`managed-redis-validation.ts`) reads them without importing the construct back.
 */

import type { InboundRules } from "./network";

/** `sku_name` values of azurerm 4.55 (Enterprise_ and EnterpriseFlash_ are Redis Enterprise, not offered). */
export const MANAGED_REDIS_SKUS = [
  "Balanced_B0",
  "Balanced_B1",
  "Balanced_B10",
  "Balanced_B100",
  "Balanced_B1000",
  "Balanced_B150",
  "Balanced_B20",
  "Balanced_B250",
  "Balanced_B3",
  "Balanced_B350",
  "Balanced_B5",
  "Balanced_B50",
  "Balanced_B500",
  "Balanced_B700",
  "ComputeOptimized_X10",
  "ComputeOptimized_X100",
  "ComputeOptimized_X150",
  "ComputeOptimized_X20",
  "ComputeOptimized_X250",
  "ComputeOptimized_X3",
  "ComputeOptimized_X350",
  "ComputeOptimized_X5",
  "ComputeOptimized_X50",
  "ComputeOptimized_X500",
  "ComputeOptimized_X700",
  "FlashOptimized_A1000",
  "FlashOptimized_A1500",
  "FlashOptimized_A2000",
  "FlashOptimized_A250",
  "FlashOptimized_A4500",
  "FlashOptimized_A500",
  "FlashOptimized_A700",
  "MemoryOptimized_M10",
  "MemoryOptimized_M100",
  "MemoryOptimized_M1000",
  "MemoryOptimized_M150",
  "MemoryOptimized_M1500",
  "MemoryOptimized_M20",
  "MemoryOptimized_M2000",
  "MemoryOptimized_M250",
  "MemoryOptimized_M350",
  "MemoryOptimized_M50",
  "MemoryOptimized_M500",
  "MemoryOptimized_M700",
] as const;
export type ManagedRedisSku = (typeof MANAGED_REDIS_SKUS)[number];

/** `default_database.eviction_policy` values. */
export const MANAGED_REDIS_EVICTION_POLICIES = [
  "VolatileLRU",
  "AllKeysLRU",
  "VolatileLFU",
  "AllKeysLFU",
  "VolatileRandom",
  "AllKeysRandom",
  "VolatileTTL",
  "NoEviction",
] as const;
export type ManagedRedisEvictionPolicy = (typeof MANAGED_REDIS_EVICTION_POLICIES)[number];

/** `default_database.clustering_policy` values. */
export const MANAGED_REDIS_CLUSTERING_POLICIES = ["EnterpriseCluster", "OSSCluster", "NoCluster"] as const;
export type ManagedRedisClusteringPolicy = (typeof MANAGED_REDIS_CLUSTERING_POLICIES)[number];

/** Persistence methods and the frequencies each accepts (`persistence_*_backup_frequency`). */
export const MANAGED_REDIS_PERSISTENCE_FREQUENCIES = {
  rdb: ["1h", "6h", "12h"],
  aof: ["1s"],
} as const;
export type ManagedRedisPersistence = keyof typeof MANAGED_REDIS_PERSISTENCE_FREQUENCIES;

export interface ManagedRedisProps {
  /** Cache name, unique across Azure (it is the DNS label of the host name), e.g. `acme-prod-redis`. */
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** Production: `preventDestroy` defaults on and a delete lock is added. */
  readonly production: boolean;
  /** SKU from `MANAGED_REDIS_SKUS`, e.g. `Balanced_B1`. Changing it replaces the cache. */
  readonly skuName: ManagedRedisSku;
  /**
   * How data survives a restart: `rdb` snapshots, or `aof` (an append-only log of every write).
   * @default "rdb"
   */
  readonly persistence?: ManagedRedisPersistence;
  /**
   * How often persistence writes: `1h`, `6h` or `12h` for rdb, `1s` for aof.
   * @default - "1h" for rdb, "1s" for aof
   */
  readonly persistenceFrequency?: string;
  /**
   * Eviction when memory is full. `VolatileLRU` evicts only keys with a TTL, so keys written without
   * one (sessions, locks) are never silently dropped.
   * @default "VolatileLRU"
   */
  readonly evictionPolicy?: ManagedRedisEvictionPolicy;
  /**
   * `EnterpriseCluster` shards behind one endpoint, so clients need no cluster support (like the AWS
   * cache, cluster mode disabled). Changing it recreates the database: data is lost.
   * @default "EnterpriseCluster"
   */
  readonly clusteringPolicy?: ManagedRedisClusteringPolicy;
  /** Subnet that holds the private endpoint. */
  readonly privateEndpointSubnetId: string;
  /**
   * The endpoint subnet's NSG rules, which `allowFrom` adds to (`AzureNetwork.inboundRules("endpoints")`).
   * @default - none: `allowFrom` throws
   */
  readonly inboundRules?: InboundRules;
  /** The `privatelink.redis.azure.net` private DNS zone, linked to the VNet. */
  readonly privateDnsZoneId: string;
  /**
   * Add `lifecycle.prevent_destroy` to the cache.
   * @default production
   */
  readonly preventDestroy?: boolean;
  /** @default - none */
  readonly tags?: Record<string, string>;
}
