/**
 * Construction-time checks for {@link ManagedRedis}, and the values azurerm 4.55 accepts for
 * `azurerm_managed_redis` (its docs and schema at v4.55.0). Structural rules only; policy is the stack's.
 */
import { checkOneOf } from "../aws/data-validation";
import { Validator } from "../validation";
import { checkResourceId, checkServiceName, checkUuid } from "./data-validation";
import type { ManagedRedis, ManagedRedisProps } from "./managed-redis";

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

type Resolved = Pick<
  ManagedRedis,
  "persistence" | "persistenceFrequency" | "evictionPolicy" | "clusteringPolicy"
>;

/** Throws one error listing every problem with the props (and resolved defaults). */
export function validateManagedRedisProps(construct: string, props: ManagedRedisProps, r: Resolved): void {
  const v = new Validator(construct);
  checkServiceName(v, props.name, 3, 63);
  checkOneOf(v, "skuName", props.skuName, MANAGED_REDIS_SKUS, "e.g. Balanced_B1 for development");
  const frequencies = MANAGED_REDIS_PERSISTENCE_FREQUENCIES[r.persistence] as readonly string[] | undefined;
  checkOneOf(
    v,
    "persistence",
    r.persistence,
    Object.keys(MANAGED_REDIS_PERSISTENCE_FREQUENCIES) as ManagedRedisPersistence[],
    "rdb snapshots periodically; aof logs every write each second",
  );
  if (frequencies !== undefined) {
    checkOneOf(
      v,
      "persistenceFrequency",
      r.persistenceFrequency,
      frequencies,
      `the frequencies ${r.persistence} persistence accepts`,
    );
  }
  checkOneOf(
    v,
    "evictionPolicy",
    r.evictionPolicy,
    MANAGED_REDIS_EVICTION_POLICIES,
    "VolatileLRU suits a cache that also holds sessions",
  );
  checkOneOf(
    v,
    "clusteringPolicy",
    r.clusteringPolicy,
    MANAGED_REDIS_CLUSTERING_POLICIES,
    "EnterpriseCluster serves non-cluster clients through one endpoint",
  );
  checkResourceId(v, "privateEndpointSubnetId", props.privateEndpointSubnetId);
  checkResourceId(v, "privateDnsZoneId", props.privateDnsZoneId, "/privatelink.redis.azure.net");
  v.throwIfAny();
}

/** Throws unless `label` and `objectId` can name an access policy assignment. */
export function validateAccessGrant(
  construct: string,
  label: string,
  objectId: string,
  taken: ReadonlySet<string>,
): void {
  const v = new Validator(construct);
  v.check(
    /^[A-Z][A-Za-z0-9]{0,59}$/.test(label) && !taken.has(label),
    "label",
    label,
    "a PascalCase name of 1..60 letters and digits, not used by another grant",
    "name the client, e.g. UserService",
  );
  checkUuid(v, "objectId", objectId, "the object (principal) id of the managed identity");
  v.throwIfAny();
}
