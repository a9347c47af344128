/**
 * Construction-time checks for {@link PostgresFlexibleServer}, and the limits of azurerm 4.55 they
 * apply (from the provider's schema at v4.55.0: `version`, `sku_name`, `storage_mb`,
 * `backup_retention_days`; `version` and the zones sit in `postgres-flexible-server-props.ts`, re-exported
 * here). Structural rules only; policy is the stack's.
 */
import { checkIntRange, checkOneOf } from "../aws/data-validation";
import { Validator } from "../validation";
import { checkResourceId, checkServiceName, checkUuid, isToken, parseWeeklyStart } from "./data-validation";
import {
  AVAILABILITY_ZONES,
  ENTRA_PRINCIPAL_TYPES,
  POSTGRES_FLEXIBLE_VERSIONS,
  type PostgresFlexibleServerProps,
} from "./postgres-flexible-server-props";

export {
  AVAILABILITY_ZONES,
  ENTRA_PRINCIPAL_TYPES,
  POSTGRES_FLEXIBLE_VERSIONS,
} from "./postgres-flexible-server-props";

/**
 * `sku_name` as azurerm 4.55 validates it (`validate.FlexibleServerSkuName`): tier prefix `B_`
 * (Burstable), `GP_` (General Purpose) or `MO_` (Memory Optimized), then a VM size of that tier.
 */
export const FLEXIBLE_SERVER_SKU =
  /^((B_Standard_B((1|2|4|8|12|16|20)ms|2s))|(GP_Standard_D(((2|4|8|16|32|48|64)s_v3)|((2|4|8|16|32|48|64)ds_v4)|((2|4|8|16|32|48|64|96)ds_v5)|((2|4|8|16|32|48|64|96)ads_v5)))|(MO_Standard_E((((2|4|8|16|20|32|48|64)s)_v3)|((2|4|6|8|16|20|32|48|64)ds_v4)|((2|4|8|16|20|32|48|64|96)ds_v5)|((2|4|8|16|32|48|64|96)ads_v5))))$/;

/** Storage sizes the server offers (`storage_mb` / 1024). */
export const FLEXIBLE_SERVER_STORAGE_GIB = [
  32, 64, 128, 256, 512, 1024, 2048, 4095, 4096, 8192, 16384, 32767,
] as const;

/** `backup_retention_days` bounds. */
export const FLEXIBLE_SERVER_BACKUP_RETENTION = { min: 7, max: 35 } as const;

/** Databases the server creates itself or keeps for Azure. */
const RESERVED_DATABASES = ["postgres", "azure_maintenance", "azure_sys", "template0", "template1"];

/** The defaults `PostgresFlexibleServer` resolved from its props. */
type Resolved = Required<
  Pick<
    PostgresFlexibleServerProps,
    "version" | "highAvailability" | "zone" | "standbyZone" | "backupRetentionDays" | "maintenanceWindow"
  >
>;

/** Throws one error listing every problem with the props (and resolved defaults). */
export function validatePostgresFlexibleServerProps(
  construct: string,
  props: PostgresFlexibleServerProps,
  r: Resolved,
): void {
  const v = new Validator(construct);
  checkServiceName(v, props.name, 3, 63);
  checkOneOf(v, "version", r.version, POSTGRES_FLEXIBLE_VERSIONS, "the major versions azurerm 4.55 offers");
  v.check(
    FLEXIBLE_SERVER_SKU.test(props.skuName),
    "skuName",
    props.skuName,
    "a flexible-server SKU: B_Standard_B*, GP_Standard_D* or MO_Standard_E* (tier prefix, then the VM size)",
    "e.g. GP_Standard_D2ds_v5 for production, B_Standard_B2s for development",
  );
  v.check(
    !(r.highAvailability && props.skuName.startsWith("B_")),
    "highAvailability",
    r.highAvailability,
    "false with a Burstable (B_) SKU",
    "zone-redundant high availability needs a GP_ or MO_ SKU; pick one or turn highAvailability off",
  );
  checkOneOf(
    v,
    "storageGiB",
    props.storageGiB,
    FLEXIBLE_SERVER_STORAGE_GIB,
    "the sizes Azure offers; storage only grows, a smaller size replaces the server",
  );
  checkOneOf(v, "zone", r.zone, AVAILABILITY_ZONES, "an availability zone of the region");
  checkOneOf(v, "standbyZone", r.standbyZone, AVAILABILITY_ZONES, "an availability zone of the region");
  if (r.highAvailability) {
    v.check(
      r.zone !== r.standbyZone,
      "standbyZone",
      r.standbyZone,
      `a zone other than zone (${r.zone})`,
      "zone-redundant high availability keeps the standby in another zone",
    );
  }
  checkIntRange(
    v,
    "backupRetentionDays",
    r.backupRetentionDays,
    FLEXIBLE_SERVER_BACKUP_RETENTION.min,
    FLEXIBLE_SERVER_BACKUP_RETENTION.max,
    "Azure keeps 7 to 35 days of backups and point-in-time restore",
  );
  v.check(
    parseWeeklyStart(r.maintenanceWindow) !== undefined,
    "maintenanceWindow",
    r.maintenanceWindow,
    "a weekly UTC start ddd:hh:mm (the window lasts an hour)",
    "e.g. sun:04:30",
  );
  v.check(
    /^[a-z_][a-z0-9_]{0,62}$/.test(props.databaseName) && !RESERVED_DATABASES.includes(props.databaseName),
    "databaseName",
    props.databaseName,
    `1..63 lower-case letters, digits and underscores, starting with a letter or underscore, not ${RESERVED_DATABASES.join(", ")}`,
    "name the application's database, e.g. app",
  );
  checkResourceId(v, "delegatedSubnetId", props.delegatedSubnetId);
  checkResourceId(v, "privateDnsZoneId", props.privateDnsZoneId, ".postgres.database.azure.com");
  checkUuid(v, "tenantId", props.tenantId, "the Entra tenant of the administrator and the clients");
  const admin = props.administrator;
  checkUuid(v, "administrator.objectId", admin.objectId, "the object id of the Entra group or identity");
  v.check(
    isToken(admin.principalName) || admin.principalName.trim() !== "",
    "administrator.principalName",
    admin.principalName,
    "the display name of the principal",
    "it becomes the administrator's PostgreSQL role name",
  );
  checkOneOf(
    v,
    "administrator.principalType",
    admin.principalType,
    ENTRA_PRINCIPAL_TYPES,
    "a Group lets people join and leave without a change here",
  );
  v.throwIfAny();
}

/** Throws unless `roleName` can become a PostgreSQL role created by {@link PostgresFlexibleServer.clientAccess}. */
export function validateClientRole(construct: string, roleName: string, objectId: string): void {
  const v = new Validator(construct);
  v.check(
    isToken(roleName) || /^[A-Za-z0-9_-]{1,63}$/.test(roleName),
    "roleName",
    roleName,
    "1..63 letters, digits, dashes and underscores",
    "use the display name of the managed identity",
  );
  checkUuid(v, "objectId", objectId, "the object (principal) id of the managed identity");
  v.throwIfAny();
}
