/**
 * The props of {@link PostgresFlexibleServer} and the azurerm 4.55 values their types come from
 * (`version`, the zones, the administrator's principal type), apart from the construct so that its
 * validation (`postgres-flexible-server-validation.ts`) reads them without importing the construct back.
 */
import type { TerraformResource } from "../core";
import type { InboundRules } from "./network";

/** Major versions `azurerm_postgresql_flexible_server.version` accepts in azurerm 4.55. */
export const POSTGRES_FLEXIBLE_VERSIONS = ["11", "12", "13", "14", "15", "16", "17", "18"] as const;

/** Availability zones a server and its standby may be placed in. */
export const AVAILABILITY_ZONES = ["1", "2", "3"] as const;
/** `principal_type` values of the Entra administrator. */
export const ENTRA_PRINCIPAL_TYPES = ["Group", "ServicePrincipal", "User"] as const;

export type PostgresFlexibleVersion = (typeof POSTGRES_FLEXIBLE_VERSIONS)[number];
export type AvailabilityZone = (typeof AVAILABILITY_ZONES)[number];

/** An Entra principal: the server's administrator. */
export interface EntraPrincipal {
  /** Object id of the group, service principal or user. */
  readonly objectId: string;
  /** Its display name; the administrator's PostgreSQL role is named after it. */
  readonly principalName: string;
  readonly principalType: (typeof ENTRA_PRINCIPAL_TYPES)[number];
}

export interface PostgresFlexibleServerProps {
  /** Server name, unique across Azure (it is the DNS label of the endpoint), e.g. `acme-prod-pg`. */
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** Production: the defaults below turn on high availability and protection, and a delete lock is added. */
  readonly production: boolean;
  /**
   * Major version from `POSTGRES_FLEXIBLE_VERSIONS`; raising it upgrades in place (irreversibly).
   * @default "15"
   */
  readonly version?: PostgresFlexibleVersion;
  /** SKU: tier prefix and VM size, e.g. `GP_Standard_D2ds_v5` or `B_Standard_B2s`. */
  readonly skuName: string;
  /** Storage, one of `FLEXIBLE_SERVER_STORAGE_GIB`. With `autoGrow`, Azure grows it past this. */
  readonly storageGiB: number;
  /**
   * Let Azure grow storage when it runs low. Terraform then ignores `storage_mb`, since the grown size
   * would otherwise read as a shrink, which replaces the server.
   * @default true
   */
  readonly autoGrow?: boolean;
  /**
   * Zone-redundant high availability: a synchronous standby in `standbyZone`. Needs a GP_ or MO_ SKU.
   * @default production
   */
  readonly highAvailability?: boolean;
  /** @default "1" */
  readonly zone?: AvailabilityZone;
  /**
   * Zone of the standby; must differ from `zone`.
   * @default "2"
   */
  readonly standbyZone?: AvailabilityZone;
  /**
   * Days of backups and point-in-time restore, 7 to 35. Backups are always geo-redundant.
   * @default 7
   */
  readonly backupRetentionDays?: number;
  /**
   * Weekly UTC start of the one-hour maintenance window, `ddd:hh:mm`.
   * @default "sun:04:30"
   */
  readonly maintenanceWindow?: string;
  /** Subnet delegated to `Microsoft.DBforPostgreSQL/flexibleServers`, used by nothing else. */
  readonly delegatedSubnetId: string;
  /** Private DNS zone `<something>.postgres.database.azure.com`, linked to the VNet. */
  readonly privateDnsZoneId: string;
  /**
   * The delegated subnet's NSG rules, which `allowFrom` adds to (`AzureNetwork.inboundRules("database")`).
   * @default - none: `allowFrom` throws
   */
  readonly inboundRules?: InboundRules;
  /** Entra tenant of the administrator and the clients. */
  readonly tenantId: string;
  /** The Entra administrator (ideally a group), who creates the clients' roles. */
  readonly administrator: EntraPrincipal;
  /** The application database to create, e.g. `app`. */
  readonly databaseName: string;
  /**
   * Add `lifecycle.prevent_destroy` to the server and the database.
   * @default production
   */
  readonly preventDestroy?: boolean;
  /**
   * Log Analytics workspace that receives the server logs and metrics.
   * @default - no diagnostic setting
   */
  readonly logAnalyticsWorkspaceId?: string;
  /**
   * Set `wal_level = logical`, so a logical replication slot can stream changes (e.g. to another
   * cloud). Applying it restarts the server.
   * @default false
   */
  readonly logicalReplication?: boolean;
  /**
   * What the server waits for, e.g. its private DNS zone's VNet link.
   * @default []
   */
  readonly dependsOn?: readonly TerraformResource[];
  /** @default - none */
  readonly tags?: Record<string, string>;
}
