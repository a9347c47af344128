/**
 * Resources around a {@link PostgresDatabase} instance: its parameter group, the Enhanced Monitoring
 * role, and replication of automated backups to the DR region. Each function adds fixed logical IDs to
 * the scope it is given.
 */
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import type { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbInstanceAutomatedBackupsReplication } from "@cdktf/provider-aws/lib/db-instance-automated-backups-replication";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { Construct } from "../core";
import { accountOf } from "./account";
import { KmsKey } from "./kms-key";

/** Statements slower than this are logged (`log_min_duration_statement`). */
export const SLOW_STATEMENT_MS = 1000;

/**
 * `ParameterGroup`: TLS only, connection, lock-wait and slow-statement logging, SCRAM passwords and
 * pg_stat_statements. The name carries the family, so a major upgrade creates the new group before it
 * drops the old (`create_before_destroy`).
 */
export function postgresParameterGroup(
  scope: Construct,
  name: string,
  family: string,
  options: { readonly logicalReplication?: boolean } = {},
): DbParameterGroup {
  const dynamic = (param: string, value: string) => ({ name: param, value, applyMethod: "immediate" });
  return new DbParameterGroup(scope, "ParameterGroup", {
    name: `${name}-${family}`,
    family,
    description: `${name} PostgreSQL: TLS only, connection and slow-statement logging`,
    parameter: [
      dynamic("rds.force_ssl", "1"),
      dynamic("password_encryption", "scram-sha-256"),
      dynamic("log_min_duration_statement", String(SLOW_STATEMENT_MS)),
      dynamic("log_connections", "1"),
      dynamic("log_disconnections", "1"),
      dynamic("log_lock_waits", "1"),
      // Static: RDS applies it when the instance is created; a later change waits for a reboot.
      { name: "shared_preload_libraries", value: "pg_stat_statements", applyMethod: "pending-reboot" },
      // Static too: the Azure side subscribes to a publication of the primary (README "Cross-cloud data").
      ...(options.logicalReplication
        ? [{ name: "rds.logical_replication", value: "1", applyMethod: "pending-reboot" }]
        : []),
    ],
    lifecycle: { createBeforeDestroy: true },
  });
}

/**
 * `MonitoringRole` (assumed by `monitoring.rds.amazonaws.com` for this account only) with the AWS
 * managed `AmazonRDSEnhancedMonitoringRole` policy. Instances depend on the attachment so RDS never
 * sees the role without its permissions.
 */
export function rdsMonitoringRole(
  scope: Construct,
  name: string,
): { role: IamRole; attachment: IamRolePolicyAttachment } {
  const account = accountOf(scope);
  const assume = new DataAwsIamPolicyDocument(scope, "MonitoringAssumeRole", {
    statement: [
      {
        effect: "Allow",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["monitoring.rds.amazonaws.com"] }],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] }],
      },
    ],
  });
  const role = new IamRole(scope, "MonitoringRole", {
    namePrefix: `${name}-rds-monitoring-`,
    description: `${name} RDS Enhanced Monitoring`,
    assumeRolePolicy: assume.json,
  });
  const attachment = new IamRolePolicyAttachment(scope, "MonitoringRolePolicy", {
    role: role.name,
    policyArn: `arn:${account.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
  });
  return { role, attachment };
}

export interface BackupReplicationOptions {
  readonly name: string;
  readonly sourceRegion: string;
  readonly drRegion: string;
  readonly source: DbInstance;
  readonly retentionDays: number;
  readonly preventDestroy: boolean;
}

/**
 * `BackupReplicaKey` (a key in the DR region) and `BackupReplication`: RDS copies the source's
 * snapshots and transaction logs to the DR region, so point-in-time restore works there.
 */
export function replicateBackups(
  scope: Construct,
  options: BackupReplicationOptions,
): DbInstanceAutomatedBackupsReplication {
  const key = new KmsKey(scope, "BackupReplicaKey", {
    description: `${options.name} PostgreSQL automated backups replicated from ${options.sourceRegion}`,
    alias: `alias/${options.name}/postgres-backups-dr`,
    region: options.drRegion,
    preventDestroy: options.preventDestroy,
  });
  return new DbInstanceAutomatedBackupsReplication(scope, "BackupReplication", {
    region: options.drRegion,
    sourceDbInstanceArn: options.source.arn,
    kmsKeyId: key.keyArn,
    retentionPeriod: options.retentionDays,
    lifecycle: options.preventDestroy ? { preventDestroy: true } : undefined,
  });
}
