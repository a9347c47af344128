/** Construction-time checks for {@link RedisCache}: structural rules only; policy is the stack's. */

import { Validator } from "../validation";
import { checkAllowedSecurityGroups } from "./data-security-group";
import { checkDailyWindow, checkIntRange, checkName, checkOneOf, checkWeeklyWindow } from "./data-validation";
import { CACHE_SNAPSHOT_RETENTION, LOG_RETENTION_DAYS, REDIS_VERSIONS } from "./limits";
import { MAXMEMORY_POLICIES, type RedisCacheProps } from "./redis-cache-props";

export { MAXMEMORY_POLICIES, type MaxmemoryPolicy } from "./redis-cache-props";

/** A replication group with cluster mode disabled holds a primary and up to 5 replicas. */
export const MAX_CACHE_NODES = 6;

/** The defaults `RedisCache` resolved from its props. */
type Resolved = Required<
  Pick<
    RedisCacheProps,
    | "nodes"
    | "snapshotRetentionDays"
    | "logRetentionDays"
    | "maxmemoryPolicy"
    | "snapshotWindow"
    | "maintenanceWindow"
  >
>;

/** Throws one error listing every problem with the props (and resolved defaults). */
export function validateRedisProps(construct: string, props: RedisCacheProps, r: Resolved): void {
  const v = new Validator(construct);
  // ElastiCache replication group IDs are at most 40 characters.
  checkName(v, props.name, 40);
  checkOneOf(
    v,
    "engineVersion",
    props.engineVersion,
    REDIS_VERSIONS,
    "add the version to REDIS_VERSIONS once ElastiCache offers it",
  );
  v.check(
    /^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(props.nodeType),
    "nodeType",
    props.nodeType,
    "an ElastiCache node type starting with cache.",
    "e.g. cache.r6g.large",
  );
  checkIntRange(
    v,
    "nodes",
    r.nodes,
    1,
    MAX_CACHE_NODES,
    "a primary plus up to 5 replicas; 2 or more for failover",
  );
  checkIntRange(
    v,
    "snapshotRetentionDays",
    r.snapshotRetentionDays,
    CACHE_SNAPSHOT_RETENTION.min,
    CACHE_SNAPSHOT_RETENTION.max,
    "0 would turn off snapshots",
  );
  checkOneOf(
    v,
    "logRetentionDays",
    r.logRetentionDays,
    LOG_RETENTION_DAYS,
    "pick a CloudWatch Logs retention value",
  );
  checkOneOf(
    v,
    "maxmemoryPolicy",
    r.maxmemoryPolicy,
    MAXMEMORY_POLICIES,
    "volatile-lru suits a cache that also holds sessions",
  );
  checkDailyWindow(v, "snapshotWindow", r.snapshotWindow);
  checkWeeklyWindow(v, "maintenanceWindow", r.maintenanceWindow);
  checkAllowedSecurityGroups(v, props.allowedSecurityGroupIds);
  v.throwIfAny();
}
