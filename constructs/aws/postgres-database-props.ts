/**
 * The props of {@link PostgresDatabase}, apart from the construct so that its validation
 * (`postgres-database-validation.ts`) reads them without importing the construct back.
 */
import type { INetwork } from "../interfaces";
import type { AllowedSecurityGroups } from "./data-security-group";
import type { POSTGRES_VERSIONS } from "./limits";

/** An engine version this repo allows (`POSTGRES_VERSIONS` in environments/schema.ts). */
export type PostgresVersion = (typeof POSTGRES_VERSIONS)[number];

export interface PostgresDatabaseProps {
  /** RDS identifier and name prefix, e.g. `prod`: lower-case letters, digits and single dashes. */
  readonly name: string;
  /** The stack's region: CloudWatch Logs key grants, and the check that `drRegion` differs. */
  readonly region: string;
  /**
   * Engine version from `POSTGRES_VERSIONS`. RDS is given the major version only, since it applies
   * minor upgrades itself; the major also picks the parameter-group family.
   */
  readonly engineVersion: PostgresVersion;
  /** Instance class, e.g. `db.r6g.large`. */
  readonly instanceClass: string;
  /** Initial gp3 storage, 20 to 65536 GiB. */
  readonly allocatedStorageGiB: number;
  /** Storage autoscaling ceiling; at least `allocatedStorageGiB`. */
  readonly maxAllocatedStorageGiB: number;
  /**
   * Keep a synchronous standby in a second zone.
   * @default true
   */
  readonly multiAz?: boolean;
  /**
   * Same-region read replicas, 0 to 5.
   * @default 0
   */
  readonly readReplicas?: number;
  /**
   * Days of automated backups and point-in-time recovery, 1 to 35.
   * @default 7
   */
  readonly backupRetentionDays?: number;
  /**
   * RDS deletion protection on the primary and replicas.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Replicate automated backups (snapshots and transaction logs) to `drRegion`.
   * @default false
   */
  readonly crossRegionBackups?: boolean;
  /**
   * Region that receives replicated backups; required with `crossRegionBackups`.
   * @default - none
   */
  readonly drRegion?: string;
  /** The network: its VPC and the RDS subnet group over the database subnets. */
  readonly network: INetwork & { readonly dbSubnetGroupName: string };
  /** Security groups allowed to connect on 5432, keyed by a PascalCase label (see `AllowedSecurityGroups`). */
  readonly allowedSecurityGroupIds: AllowedSecurityGroups;
  /**
   * Add `lifecycle.prevent_destroy` to the instances and the keys.
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * Performance Insights retention: 7, or a multiple of 31 up to 713, or 731.
   * @default 7
   */
  readonly performanceInsightsRetentionDays?: number;
  /**
   * Enhanced Monitoring interval: 1, 5, 10, 15, 30 or 60.
   * @default 60
   */
  readonly monitoringIntervalSeconds?: number;
  /**
   * Retention of the exported `postgresql` and `upgrade` logs (a CloudWatch Logs retention value).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Turn on logical replication (`rds.logical_replication`), so that another cloud's server can
   * subscribe to a publication of this primary. Static: it takes effect at creation or the next reboot.
   * @default false
   */
  readonly logicalReplication?: boolean;
  /**
   * Let a change of `engineVersion` to a new major version upgrade the instance (and its replicas).
   * Take a snapshot first; the parameter group moves to the new family in the same apply.
   * @default false
   */
  readonly allowMajorVersionUpgrade?: boolean;
  /**
   * Daily backup window, UTC `hh:mm-hh:mm`; must not overlap the maintenance window.
   * @default "03:00-04:00"
   */
  readonly backupWindow?: string;
  /**
   * Weekly maintenance window, UTC `ddd:hh:mm-ddd:hh:mm`.
   * @default "sun:04:30-sun:05:30"
   */
  readonly maintenanceWindow?: string;
  /**
   * How the master password is held. `generated`: a generated password written only through the
   * write-only `password_wo` into a secret this construct owns, rotated by AWS's rotation function
   * (see {@link PostgresMasterSecret}). `managed`: RDS and Secrets Manager manage it
   * (`manage_master_user_password`), which RDS allows only without read replicas.
   * @default "generated"
   */
  readonly masterCredentials?: "generated" | "managed";
  /**
   * Days between rotations of a generated master password.
   * @default 30
   */
  readonly masterPasswordRotationDays?: number;
}
