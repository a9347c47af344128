/** Construction-time checks for {@link PostgresDatabase}: structural rules only; policy is the stack's. */

import { Validator } from "../validation";
import { checkAllowedSecurityGroups } from "./data-security-group";
import { checkDailyWindow, checkIntRange, checkName, checkOneOf, checkWeeklyWindow } from "./data-validation";
import { LOG_RETENTION_DAYS, POSTGRES_VERSIONS, RDS_BACKUP_RETENTION } from "./limits";
import type { PostgresDatabaseProps } from "./postgres-database-props";

/** Performance Insights keeps 7 days free, or whole months (31 days) up to 23, or 731 days. */
export const PERFORMANCE_INSIGHTS_RETENTION_DAYS = [
  7,
  ...Array.from({ length: 23 }, (_, i) => 31 * (i + 1)),
  731,
] as const;
/** Enhanced Monitoring intervals RDS accepts (0, which turns it off, is not offered). */
export const MONITORING_INTERVAL_SECONDS = [1, 5, 10, 15, 30, 60] as const;
/** RDS allows up to 5 read replicas per source instance. */
export const MAX_READ_REPLICAS = 5;

/** The defaults `PostgresDatabase` resolved from its props. */
type Resolved = Required<
  Pick<
    PostgresDatabaseProps,
    | "readReplicas"
    | "masterCredentials"
    | "backupRetentionDays"
    | "crossRegionBackups"
    | "performanceInsightsRetentionDays"
    | "monitoringIntervalSeconds"
    | "logRetentionDays"
    | "backupWindow"
    | "maintenanceWindow"
  >
>;

/** Throws one error listing every problem with the props (and resolved defaults). */
export function validatePostgresProps(construct: string, props: PostgresDatabaseProps, r: Resolved): void {
  const v = new Validator(construct);
  // 63 characters, less the `-replica-N` suffix of replica identifiers.
  checkName(v, props.name, 50);
  checkOneOf(
    v,
    "engineVersion",
    props.engineVersion,
    POSTGRES_VERSIONS,
    "add the version to POSTGRES_VERSIONS once RDS offers it",
  );
  v.check(
    /^db\.[a-z0-9]+\.[a-z0-9]+$/.test(props.instanceClass),
    "instanceClass",
    props.instanceClass,
    "an RDS instance class starting with db.",
    "e.g. db.r6g.large",
  );
  checkIntRange(v, "allocatedStorageGiB", props.allocatedStorageGiB, 20, 65536, "gp3 takes 20 to 65536 GiB");
  v.check(
    Number.isInteger(props.maxAllocatedStorageGiB) &&
      props.maxAllocatedStorageGiB >= props.allocatedStorageGiB &&
      props.maxAllocatedStorageGiB <= 65536,
    "maxAllocatedStorageGiB",
    props.maxAllocatedStorageGiB,
    `an integer ${props.allocatedStorageGiB}..65536 (at least allocatedStorageGiB)`,
    "raise the storage autoscaling ceiling",
  );
  checkIntRange(v, "readReplicas", r.readReplicas, 0, MAX_READ_REPLICAS, "RDS allows up to 5 read replicas");
  v.check(
    !(r.masterCredentials === "managed" && r.readReplicas > 0),
    "masterCredentials",
    r.masterCredentials,
    '"generated" when readReplicas > 0',
    "RDS refuses to create read replicas of a source whose master password Secrets Manager manages",
  );
  checkIntRange(
    v,
    "backupRetentionDays",
    r.backupRetentionDays,
    RDS_BACKUP_RETENTION.min,
    RDS_BACKUP_RETENTION.max,
    "0 would turn off backups and point-in-time recovery",
  );
  if (r.crossRegionBackups) {
    v.check(
      props.drRegion !== undefined && props.drRegion !== props.region,
      "drRegion",
      props.drRegion,
      `a region other than ${props.region}`,
      "crossRegionBackups copies backups to drRegion; set it to the DR region",
    );
  }
  checkOneOf(
    v,
    "performanceInsightsRetentionDays",
    r.performanceInsightsRetentionDays,
    PERFORMANCE_INSIGHTS_RETENTION_DAYS,
    "7 is free; longer retention is billed per month",
  );
  checkOneOf(
    v,
    "monitoringIntervalSeconds",
    r.monitoringIntervalSeconds,
    MONITORING_INTERVAL_SECONDS,
    "60 is the usual choice",
  );
  checkOneOf(
    v,
    "logRetentionDays",
    r.logRetentionDays,
    LOG_RETENTION_DAYS,
    "pick a CloudWatch Logs retention value",
  );
  checkDailyWindow(v, "backupWindow", r.backupWindow);
  checkWeeklyWindow(v, "maintenanceWindow", r.maintenanceWindow);
  checkAllowedSecurityGroups(v, props.allowedSecurityGroupIds);
  v.throwIfAny();
}
