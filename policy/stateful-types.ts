/**
 * The one list of stateful resource types: resources that hold data (or a protection of data) which a
 * destroy would lose. Shared by
 *
 * - the plan guard (`policy/plan-guard.ts`), which blocks their delete, replace and forget, using
 *   `isStatefulResource` (type and, where an entry has one, its `when` condition on the values);
 * - PLAT-DATA-001, which requires `lifecycle.prevent_destroy` in staging and production on the
 *   entries marked `preventDestroy` (`PREVENT_DESTROY_TYPES`);
 * - the golden inventory (`policy/stateful-inventory.json`, written by `npm run inventory -- --write`),
 *   which records every production address of a listed type (`isStatefulType`, type only).
 */
import { isObject } from "./lib/values.js";

/** One stateful resource type. */
export interface StatefulType {
  /** Terraform resource type. */
  readonly type: string;
  /** What a destroy loses, one phrase (shown by the plan guard). */
  readonly holds: string;
  /**
   * True when PLAT-DATA-001 requires `lifecycle.prevent_destroy = true` in staging and production.
   * False where the stacks destroy the resource on purpose (blue/green clusters) or where it is a
   * setting of a protected parent (bucket versioning, vault locks); the plan guard still blocks it.
   */
  readonly preventDestroy: boolean;
  /** Only resources whose values satisfy this are stateful (absent: every resource of the type). */
  readonly when?: (values: Record<string, unknown>) => boolean;
  /** The condition in words, for the docs. */
  readonly whenDescription?: string;
}

/**
 * Log groups that hold audit logs: the name contains `/eks/` (EKS control-plane logs, audit and
 * authenticator streams among them) or `audit`. A name that is not a literal (a reference) counts as
 * audit, the safe side. Other log groups (engine, slow and upgrade logs, flow logs) are operational and
 * not guarded.
 */
export function holdsAuditLogs(values: Record<string, unknown>): boolean {
  const name = values.name ?? values.name_prefix;
  if (typeof name !== "string" || name.includes("${")) return true;
  return name.includes("/eks/") || /audit/i.test(name);
}

/** Every stateful resource type. Keep it sorted by cloud, then by type. */
export const STATEFUL: readonly StatefulType[] = [
  { type: "aws_backup_vault", holds: "recovery points", preventDestroy: true },
  { type: "aws_backup_vault_lock_configuration", holds: "the vault's WORM lock", preventDestroy: false },
  {
    type: "aws_cloudwatch_log_group",
    holds: "audit logs",
    preventDestroy: false,
    when: holdsAuditLogs,
    whenDescription: "name contains /eks/ or audit",
  },
  { type: "aws_db_instance", holds: "a database", preventDestroy: true },
  { type: "aws_dynamodb_table", holds: "table items", preventDestroy: true },
  { type: "aws_ecr_repository", holds: "container images", preventDestroy: true },
  { type: "aws_efs_file_system", holds: "files", preventDestroy: true },
  {
    type: "aws_eks_cluster",
    holds: "the cluster's workloads and volumes (Elasticsearch, Prometheus)",
    preventDestroy: false,
  },
  { type: "aws_elasticache_replication_group", holds: "cached data and snapshots", preventDestroy: true },
  { type: "aws_kms_key", holds: "the key for encrypted data", preventDestroy: true },
  { type: "aws_rds_cluster", holds: "a database", preventDestroy: true },
  { type: "aws_route53_zone", holds: "DNS records and the delegated name servers", preventDestroy: true },
  { type: "aws_s3_bucket", holds: "objects", preventDestroy: true },
  { type: "aws_s3_bucket_versioning", holds: "object versions", preventDestroy: false },
  { type: "aws_secretsmanager_secret", holds: "a secret's value and versions", preventDestroy: false },
  { type: "azurerm_container_registry", holds: "container images", preventDestroy: true },
  { type: "azurerm_dns_zone", holds: "DNS records and the delegated name servers", preventDestroy: true },
  { type: "azurerm_key_vault", holds: "keys and secrets", preventDestroy: true },
  {
    type: "azurerm_key_vault_key",
    holds: "the key that encrypts the platform's blobs (without it they cannot be read)",
    preventDestroy: true,
  },
  {
    type: "azurerm_kubernetes_cluster",
    holds: "the cluster's workloads and volumes (Elasticsearch, Prometheus)",
    preventDestroy: false,
  },
  { type: "azurerm_managed_redis", holds: "cached data", preventDestroy: true },
  {
    type: "azurerm_management_lock",
    holds: "the delete lock on its scope (a resource group, a server)",
    preventDestroy: false,
  },
  { type: "azurerm_postgresql_flexible_server", holds: "a database", preventDestroy: true },
  {
    type: "azurerm_postgresql_flexible_server_database",
    holds: "the services' tables",
    preventDestroy: true,
  },
  { type: "azurerm_redis_cache", holds: "cached data", preventDestroy: true },
  { type: "azurerm_storage_account", holds: "blobs, files and tables", preventDestroy: true },
  { type: "azurerm_storage_container", holds: "blobs", preventDestroy: true },
  { type: "cloudflare_zone", holds: "DNS records and zone settings", preventDestroy: true },
];

/** Every stateful resource type name, in `STATEFUL` order. */
export const STATEFUL_TYPES: readonly string[] = STATEFUL.map((t) => t.type);

/** The types PLAT-DATA-001 requires `prevent_destroy` on. */
export const PREVENT_DESTROY_TYPES: readonly string[] = STATEFUL.filter((t) => t.preventDestroy).map(
  (t) => t.type,
);

/** The entry for a type, if it is stateful. */
export function statefulType(type: string): StatefulType | undefined {
  return STATEFUL.find((t) => t.type === type);
}

/**
 * True when a resource of this type may hold data a destroy loses (type only: conditional entries
 * count). The golden inventory and type-level callers use this.
 */
export function isStatefulType(type: string): boolean {
  return statefulType(type) !== undefined;
}

/**
 * True when this resource holds data a destroy loses: a stateful type whose `when` condition (if any)
 * holds for `values`. Without values (unknown), conditional types count as stateful.
 */
export function isStatefulResource(type: string, values: unknown): boolean {
  const entry = statefulType(type);
  if (entry === undefined) return false;
  if (entry.when === undefined || !isObject(values)) return true;
  return entry.when(values);
}
