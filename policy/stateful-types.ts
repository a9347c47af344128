/**
 * Resource types that hold data which a destroy would lose. The data-loss rule requires
 * `lifecycle.prevent_destroy` on them in staging and production; the plan guard blocks their deletion.
 */
export const STATEFUL_TYPES: readonly string[] = [
  "aws_db_instance",
  "aws_rds_cluster",
  "aws_elasticache_replication_group",
  "aws_s3_bucket",
  "aws_kms_key",
  "aws_backup_vault",
  "aws_dynamodb_table",
  "aws_efs_file_system",
  "azurerm_postgresql_flexible_server",
  "azurerm_redis_cache",
  "azurerm_storage_account",
  "azurerm_key_vault",
];

/** True when deleting a resource of this type loses data. */
export function isStatefulType(type: string): boolean {
  return STATEFUL_TYPES.includes(type);
}
