/**
 * Same-region read replicas of a {@link PostgresDatabase} primary, and the names of the log groups
 * every instance exports to. Replicas are numbered from 1 (`ReadReplica1`, `ReadReplica2`…), so
 * lowering the count destroys only the highest-numbered replicas, as Terraform `count` would.
 */
import type { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance, type DbInstanceConfig } from "@cdktf/provider-aws/lib/db-instance";
import type { Construct } from "../core";

/** Logs every instance exports to CloudWatch Logs. */
export const POSTGRES_LOG_EXPORTS = ["postgresql", "upgrade"] as const;

const LOG_GROUP_IDS: Record<(typeof POSTGRES_LOG_EXPORTS)[number], string> = {
  postgresql: "PostgresqlLogGroup",
  upgrade: "UpgradeLogGroup",
};

/** Logical ID of the nth replica (from 1). */
export const replicaId = (n: number): string => `ReadReplica${n}`;

/** RDS identifier of the nth replica (from 1). */
export const replicaIdentifier = (name: string, n: number): string => `${name}-replica-${n}`;

/** Logical-ID prefix (empty for the primary) → RDS identifier, for the primary and each replica. */
function instances(name: string, replicas: number): [string, string][] {
  return [
    ["", name],
    ...Array.from({ length: replicas }, (_, i): [string, string] => [
      replicaId(i + 1),
      replicaIdentifier(name, i + 1),
    ]),
  ];
}

/**
 * The log groups RDS writes to (`/aws/rds/instance/<identifier>/<log>`), keyed by logical ID:
 * `PostgresqlLogGroup` for the primary, `ReadReplica1PostgresqlLogGroup` for replica 1, and so on.
 */
export function postgresLogGroupNames(name: string, replicas: number): Record<string, string> {
  const names: Record<string, string> = {};
  for (const [prefix, identifier] of instances(name, replicas)) {
    for (const log of POSTGRES_LOG_EXPORTS) {
      names[`${prefix}${LOG_GROUP_IDS[log]}`] = `/aws/rds/instance/${identifier}/${log}`;
    }
  }
  return names;
}

export interface ReadReplicasOptions {
  /** The primary's identifier, used as the replica name prefix. */
  readonly name: string;
  readonly count: number;
  /** Identifier of the source instance (same region). */
  readonly sourceIdentifier: string;
  /** Settings shared with the primary: class, storage, encryption, monitoring, parameter group… */
  readonly shared: DbInstanceConfig;
  /** Log groups by logical ID, from {@link postgresLogGroupNames}; each replica waits for its own. */
  readonly logGroups: Readonly<Record<string, CloudwatchLogGroup>>;
}

/** Adds `ReadReplica1`…`ReadReplica<count>` to `scope`. */
export function addReadReplicas(scope: Construct, options: ReadReplicasOptions): DbInstance[] {
  return Array.from({ length: options.count }, (_, i) => {
    const id = replicaId(i + 1);
    return new DbInstance(scope, id, {
      ...options.shared,
      identifier: replicaIdentifier(options.name, i + 1),
      // Same region: the replica inherits the primary's subnet group (RDS refuses one here when the
      // source is given by identifier), engine and version; it is upgraded with the primary.
      replicateSourceDb: options.sourceIdentifier,
      // A read-scaling copy: no backups of its own (the primary's backups and PITR cover the data),
      // so nothing to snapshot when it is removed.
      backupRetentionPeriod: 0,
      skipFinalSnapshot: true,
      multiAz: false,
      tags: { Name: replicaIdentifier(options.name, i + 1), role: "read-replica" },
      dependsOn: [...(options.shared.dependsOn ?? []), ...logGroupsOf(options.logGroups, id)],
    });
  });
}

function logGroupsOf(groups: Readonly<Record<string, CloudwatchLogGroup>>, prefix: string) {
  return POSTGRES_LOG_EXPORTS.map((log) => groups[`${prefix}${LOG_GROUP_IDS[log]}`]!);
}

/** The primary's log groups (the ones without a replica prefix). */
export const primaryLogGroups = (groups: Readonly<Record<string, CloudwatchLogGroup>>) =>
  logGroupsOf(groups, "");
