/**
 * Construction-time checks for {@link ManagedRedis}, against the values azurerm 4.55 accepts for
 * `azurerm_managed_redis` (in `managed-redis-props.ts`, re-exported here). Structural rules only; policy
 * is the stack's.
 */
import { checkOneOf } from "../aws/data-validation";
import { Validator } from "../validation";
import { checkResourceId, checkServiceName, checkUuid } from "./data-validation";
import {
  MANAGED_REDIS_CLUSTERING_POLICIES,
  MANAGED_REDIS_EVICTION_POLICIES,
  MANAGED_REDIS_PERSISTENCE_FREQUENCIES,
  MANAGED_REDIS_SKUS,
  type ManagedRedisPersistence,
  type ManagedRedisProps,
} from "./managed-redis-props";

export {
  MANAGED_REDIS_CLUSTERING_POLICIES,
  MANAGED_REDIS_EVICTION_POLICIES,
  MANAGED_REDIS_PERSISTENCE_FREQUENCIES,
  MANAGED_REDIS_SKUS,
  type ManagedRedisClusteringPolicy,
  type ManagedRedisEvictionPolicy,
  type ManagedRedisPersistence,
  type ManagedRedisSku,
} from "./managed-redis-props";

/** The defaults `ManagedRedis` resolved from its props. */
type Resolved = Required<
  Pick<ManagedRedisProps, "persistence" | "persistenceFrequency" | "evictionPolicy" | "clusteringPolicy">
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
