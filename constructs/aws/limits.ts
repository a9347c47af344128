/**
 * AWS limits and allowlists, next to the constructs that enforce them, and the recovery points the
 * configured resources can reach. The environment schema imports them (`environments/schema.ts`), so
 * a bad configuration fails there with its file and path; the constructs check the same values for
 * callers other than the app.
 */

/**
 * EKS versions in standard support on 2026-12-02 (EKS user guide, "Kubernetes versions"): 1.35 until
 * 2027-03-27 and 1.36, released after it. 1.34 left standard support on 2026-12-02 and bills extended
 * support from then on. Clusters also set `upgrade_policy.support_type = "STANDARD"`.
 */
export const EKS_VERSIONS = ["1.35", "1.36"] as const;
/**
 * RDS PostgreSQL versions allowed. The source document asks for 15.4, which RDS has retired; 15.x
 * minors still offered are listed, plus 16 and 17 for the next major upgrade.
 */
export const POSTGRES_VERSIONS = [
  "15.10",
  "15.12",
  "15.13",
  "15.14",
  "16.9",
  "16.10",
  "17.5",
  "17.6",
] as const;
/** ElastiCache Redis OSS engine versions allowed. */
export const REDIS_VERSIONS = ["7.0", "7.1"] as const;
/** The only retention values CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
/** RDS keeps automated backups for 1 to 35 days (0 disables backups and point-in-time recovery). */
export const RDS_BACKUP_RETENTION = { min: 1, max: 35 } as const;
/** ElastiCache keeps automatic snapshots for up to 35 days. */
export const CACHE_SNAPSHOT_RETENTION = { min: 1, max: 35 } as const;
/** RDS uploads transaction logs every 5 minutes: the best point-in-time RPO it offers. */
export const RDS_PITR_RPO_MINUTES = 5;
/** S3 Replication Time Control replicates 99.99% of objects within 15 minutes. */
export const S3_RTC_RPO_MINUTES = 15;
/** AWS Backup's most frequent schedule in this repo's backup plan is hourly. */
export const BACKUP_PLAN_RPO_MINUTES = 60;

/** Shortest prefix allowed for the cluster's public endpoint: anything wider is most of the internet. */
export const PUBLIC_CIDR_MIN_PREFIX = 8;

/** EKS cluster names here: the node-group and IAM role names derived from them must stay in AWS's limits. */
export const EKS_NAME_MAX = 23;
