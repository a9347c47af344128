/**
 * The props of {@link RedisCache}, apart from the construct so that its validation
 * (`redis-cache-validation.ts`) reads them without importing the construct back.
 */
import type { INetwork } from "../interfaces";
import type { AllowedSecurityGroups } from "./data-security-group";
import type { REDIS_VERSIONS } from "./limits";

/** An engine version this repo allows (`REDIS_VERSIONS` in environments/schema.ts). */
export type RedisVersion = (typeof REDIS_VERSIONS)[number];

/** Eviction policies Redis offers. */
export const MAXMEMORY_POLICIES = [
  "volatile-lru",
  "allkeys-lru",
  "volatile-lfu",
  "allkeys-lfu",
  "volatile-random",
  "allkeys-random",
  "volatile-ttl",
  "noeviction",
] as const;
export type MaxmemoryPolicy = (typeof MAXMEMORY_POLICIES)[number];

export interface RedisCacheProps {
  /** Replication group ID and name prefix, e.g. `prod`: lower-case letters, digits and single dashes. */
  readonly name: string;
  /** The stack's region, for the CloudWatch Logs key grant. */
  readonly region: string;
  /** Engine version from `REDIS_VERSIONS`; the major version picks the parameter-group family. */
  readonly engineVersion: RedisVersion;
  /** Node type, e.g. `cache.r6g.large`. */
  readonly nodeType: string;
  /**
   * Nodes, primary plus replicas, 1 to 6. Two or more turn on automatic failover and Multi-AZ.
   * @default 2
   */
  readonly nodes?: number;
  /**
   * Days of automatic daily snapshots, 1 to 35.
   * @default 7
   */
  readonly snapshotRetentionDays?: number;
  /** The network: its VPC and the ElastiCache subnet group over the database subnets. */
  readonly network: INetwork & { readonly cacheSubnetGroupName: string };
  /** Security groups allowed to connect on 6379, keyed by a PascalCase label (see `AllowedSecurityGroups`). */
  readonly allowedSecurityGroupIds: AllowedSecurityGroups;
  /**
   * Add `lifecycle.prevent_destroy` to the replication group, the auth secret and the keys.
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * Retention of the slow and engine logs (a CloudWatch Logs retention value).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Eviction policy when memory is full. `volatile-lru` evicts only keys with a TTL, so keys written
   * without one (sessions, locks) are never silently dropped.
   * @default "volatile-lru"
   */
  readonly maxmemoryPolicy?: MaxmemoryPolicy;
  /**
   * Daily snapshot window, UTC `hh:mm-hh:mm`; must not overlap the maintenance window.
   * @default "02:00-03:00"
   */
  readonly snapshotWindow?: string;
  /**
   * Weekly maintenance window, UTC `ddd:hh:mm-ddd:hh:mm`.
   * @default "sun:05:30-sun:06:30"
   */
  readonly maintenanceWindow?: string;
}
