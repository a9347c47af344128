import { BackupPlan } from "../constructs/aws/backup-plan";
import { DataClientsGroup } from "../constructs/aws/data-clients-group";
import type { Network } from "../constructs/aws/network";
import { ObjectStorage } from "../constructs/aws/object-storage";
import { PostgresDatabase } from "../constructs/aws/postgres-database";
import { RedisCache } from "../constructs/aws/redis-cache";
import { CLOUDFLARE_IPV4_RANGES } from "../constructs/cloudflare/edge-ip-ranges";
import type { Construct } from "../constructs/core";
import type { AwsEnvironment } from "../environments/schema";

export interface DataTier {
  readonly clients: DataClientsGroup;
  readonly database: PostgresDatabase;
  readonly cache: RedisCache;
  readonly storage: ObjectStorage;
  readonly backup?: BackupPlan;
}

/**
 * Maps an environment's data settings onto the data constructs: PostgreSQL, Redis, the buckets and
 * (where enabled) the AWS Backup plan. Stores admit only members of the data-clients group.
 */
export function dataTierOf(
  scope: Construct,
  env: AwsEnvironment,
  network: Network,
  preventDestroy: boolean,
): DataTier {
  const clients = new DataClientsGroup(scope, "DataClients", {
    name: env.name,
    vpcId: network.networkId,
    vpcCidr: network.cidr,
    ports: { Postgres: 5432, Redis: 6379 },
  });
  const allowed = { DataClients: clients.securityGroupId };
  const common = {
    name: env.name,
    region: env.aws.region,
    network,
    allowedSecurityGroupIds: allowed,
    preventDestroy,
  };
  const database = new PostgresDatabase(scope, "Database", {
    ...common,
    ...env.aws.database,
    drRegion: env.aws.drRegion,
    logRetentionDays: env.monitoring.logRetentionDays,
    // An environment with an Azure side replicates its data there, asynchronously.
    logicalReplication: env.azure !== undefined,
  });
  const cache = new RedisCache(scope, "Cache", {
    ...common,
    ...env.aws.cache,
    logRetentionDays: env.monitoring.logRetentionDays,
  });
  const storage = new ObjectStorage(scope, "Storage", {
    name: env.aws.storage.bucketPrefix,
    region: env.aws.region,
    drRegion: env.aws.drRegion,
    noncurrentVersionExpirationDays: env.aws.storage.noncurrentVersionExpirationDays,
    crossRegionReplication: env.aws.storage.crossRegionReplication,
    preventDestroy,
    // With an edge, CloudFlare serves the static assets from this bucket, and only CloudFlare reads it.
    // IPv4 only: the origin is S3's standard regional endpoint, which IPv6 clients cannot reach.
    ...(env.edge ? { edgeOrigin: { sourceCidrs: [...CLOUDFLARE_IPV4_RANGES] } } : {}),
  });
  const backup = env.aws.backup.enabled
    ? new BackupPlan(scope, "Backup", {
        name: env.name,
        drRegion: env.aws.drRegion,
        resourceArns: [database.instanceArn, storage.assetsBucket.bucketArn, storage.backupsBucket.bucketArn],
        dailyRetentionDays: env.aws.backup.dailyRetentionDays,
        hourlyRetentionDays: env.aws.backup.hourlyRetentionDays,
        preventDestroy,
      })
    : undefined;
  return { clients, database, cache, storage, backup };
}
