/**
 * In-place updates that weaken a data protection: the plan guard blocks them like deletes, because
 * each makes a later mistake (or the next destroy) lose data that would otherwise survive.
 *
 * - a protection flag turned off: `deletion_protection` (RDS instances and clusters, EKS clusters),
 *   `deletion_protection_enabled` (DynamoDB), `enable_deletion_protection` (load balancers),
 *   `purge_protection_enabled` (Key Vault); or a guard turned on: `force_destroy` (S3 buckets),
 *   `skip_final_snapshot` (RDS);
 * - a retention lowered: `backup_retention_period` (RDS), `snapshot_retention_limit` (ElastiCache),
 *   `backup_retention_days` (Azure PostgreSQL), `retention_in_days` of an audit log group (0 = never
 *   expire counts as infinite);
 * - `aws_s3_bucket_versioning` status leaving `Enabled`;
 * - an `aws_s3_bucket_lifecycle_configuration` rule (matched by `id`) whose `expiration.days` or
 *   `noncurrent_version_expiration.noncurrent_days` gets shorter, including a new or re-enabled rule
 *   that now expires objects which never expired before.
 */
import { asNumber, block, blocks, isObject, isTrue } from "./lib/values.js";
import { isStatefulResource } from "./stateful-types.js";
import type { JsonObject } from "./types.js";

/** A boolean whose one value protects data. */
interface Flag {
  type: string;
  attribute: string;
  /** The protecting value; the weakening is leaving it. */
  protective: boolean;
}

const FLAGS: readonly Flag[] = [
  { type: "aws_db_instance", attribute: "deletion_protection", protective: true },
  { type: "aws_rds_cluster", attribute: "deletion_protection", protective: true },
  { type: "aws_eks_cluster", attribute: "deletion_protection", protective: true },
  { type: "aws_dynamodb_table", attribute: "deletion_protection_enabled", protective: true },
  { type: "aws_lb", attribute: "enable_deletion_protection", protective: true },
  { type: "azurerm_key_vault", attribute: "purge_protection_enabled", protective: true },
  { type: "aws_s3_bucket", attribute: "force_destroy", protective: false },
  { type: "aws_db_instance", attribute: "skip_final_snapshot", protective: false },
  { type: "aws_rds_cluster", attribute: "skip_final_snapshot", protective: false },
];

/** A retention in days that must not shrink. */
interface Retention {
  type: string;
  attribute: string;
  /** A value meaning "keep forever". */
  forever?: number;
}

const RETENTIONS: readonly Retention[] = [
  { type: "aws_db_instance", attribute: "backup_retention_period" },
  { type: "aws_rds_cluster", attribute: "backup_retention_period" },
  { type: "aws_elasticache_replication_group", attribute: "snapshot_retention_limit" },
  { type: "aws_elasticache_cluster", attribute: "snapshot_retention_limit" },
  { type: "azurerm_postgresql_flexible_server", attribute: "backup_retention_days" },
  { type: "aws_cloudwatch_log_group", attribute: "retention_in_days", forever: 0 },
];

function isUnknown(afterUnknown: unknown, attribute: string): boolean {
  return afterUnknown === true || (isObject(afterUnknown) && afterUnknown[attribute] === true);
}

function flagWeakenings(type: string, before: JsonObject, after: JsonObject, unknown: unknown): string[] {
  return FLAGS.filter((f) => f.type === type && !isUnknown(unknown, f.attribute)).flatMap((f) => {
    const was = isTrue(before[f.attribute]);
    const is = isTrue(after[f.attribute]);
    if (was !== f.protective || is === f.protective) return [];
    return [
      `${f.attribute} ${String(was)} -> ${String(is)}: a later destroy would lose data it now protects`,
    ];
  });
}

function days(value: unknown, forever?: number): number | undefined {
  const n = asNumber(value);
  return n !== undefined && n === forever ? Number.POSITIVE_INFINITY : n;
}

function retentionWeakenings(type: string, before: JsonObject, after: JsonObject): string[] {
  return RETENTIONS.filter((r) => r.type === type).flatMap((r) => {
    const was = days(before[r.attribute], r.forever);
    const is = days(after[r.attribute], r.forever);
    if (was === undefined || is === undefined || is >= was) return [];
    const show = (d: number) => (d === Number.POSITIVE_INFINITY ? `${r.forever} (never expire)` : String(d));
    return [`${r.attribute} ${show(was)} -> ${show(is)}: fewer days of data kept`];
  });
}

function versioningWeakening(before: JsonObject, after: JsonObject): string[] {
  const was = block(before.versioning_configuration)?.status;
  const is = block(after.versioning_configuration)?.status;
  return was === "Enabled" && is !== undefined && is !== null && is !== "Enabled"
    ? [
        `versioning_configuration.status "Enabled" -> ${JSON.stringify(is)}: overwritten and deleted objects are no longer kept`,
      ]
    : [];
}

/** Days after which a lifecycle rule expires objects (current or noncurrent); infinite when it does not. */
function expiry(rule: JsonObject | undefined, path: "expiration" | "noncurrent_version_expiration"): number {
  if (rule === undefined || rule.status !== "Enabled") return Number.POSITIVE_INFINITY;
  const attribute = path === "expiration" ? "days" : "noncurrent_days";
  const d = asNumber(block(rule[path])?.[attribute]);
  return d === undefined || d <= 0 ? Number.POSITIVE_INFINITY : d;
}

function lifecycleWeakenings(before: JsonObject, after: JsonObject): string[] {
  const rulesBefore = new Map(blocks(before.rule).map((r) => [String(r.id), r]));
  return blocks(after.rule).flatMap((rule) => {
    const id = String(rule.id);
    const old = rulesBefore.get(id);
    return (["expiration", "noncurrent_version_expiration"] as const).flatMap((path) => {
      const was = expiry(old, path);
      const is = expiry(rule, path);
      if (is >= was) return [];
      const show = (d: number) => (d === Number.POSITIVE_INFINITY ? "never" : `${d} days`);
      return [`rule "${id}" ${path} ${show(was)} -> ${show(is)}: objects are deleted sooner`];
    });
  });
}

/**
 * Why an in-place update of `type` from `before` to `after` weakens a data protection (empty when it
 * does not). `afterUnknown` is the change's `after_unknown`: values known only after apply are not judged.
 */
export function weakenings(type: string, before: unknown, after: unknown, afterUnknown?: unknown): string[] {
  if (!isObject(before) || !isObject(after)) return [];
  const reasons = [...flagWeakenings(type, before, after, afterUnknown)];
  if (type !== "aws_cloudwatch_log_group" || isStatefulResource(type, before)) {
    reasons.push(...retentionWeakenings(type, before, after));
  }
  if (type === "aws_s3_bucket_versioning") reasons.push(...versioningWeakening(before, after));
  if (type === "aws_s3_bucket_lifecycle_configuration") reasons.push(...lifecycleWeakenings(before, after));
  return reasons;
}
