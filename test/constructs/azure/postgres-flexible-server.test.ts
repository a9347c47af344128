import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import { PostgresqlFlexibleServerActiveDirectoryAdministrator } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-active-directory-administrator";
import { PostgresqlFlexibleServerConfiguration } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-configuration";
import { PostgresqlFlexibleServerDatabase } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-database";
import { describe, expect, it } from "vitest";
import {
  type AvailabilityZone,
  type EntraPrincipal,
  PostgresFlexibleServer,
  type PostgresFlexibleServerProps,
  type PostgresFlexibleVersion,
} from "../../../constructs/azure/postgres-flexible-server";
import type { Construct } from "../../../constructs/core";
import { type Attrs, resourcesOf } from "../../helpers";
import {
  ADMIN_GROUP_ID,
  APP_IDENTITY_ID,
  byId,
  errorOf,
  idsOf,
  NETWORK,
  outputsOf,
  policyFindings,
  problem,
  refTo,
  synthWith,
  TENANT_ID,
} from "./azure-fixtures";

const ADMIN: EntraPrincipal = {
  objectId: ADMIN_GROUP_ID,
  principalName: "acme-dev-db-admins",
  principalType: "Group",
};

const base = (production: boolean): PostgresFlexibleServerProps => ({
  name: production ? "acme-prod-pg" : "acme-dev-pg",
  resourceGroupName: NETWORK.resourceGroupName,
  location: NETWORK.location,
  production,
  skuName: production ? "GP_Standard_D2ds_v5" : "B_Standard_B2s",
  storageGiB: production ? 128 : 32,
  delegatedSubnetId: NETWORK.postgresSubnetId,
  privateDnsZoneId: NETWORK.postgresDnsZoneId,
  tenantId: TENANT_ID,
  administrator: ADMIN,
  databaseName: "app",
});

function server(scope: Construct, props: PostgresFlexibleServerProps): PostgresFlexibleServer {
  return new PostgresFlexibleServer(scope, "Postgres", props);
}

function synth(overrides: Partial<PostgresFlexibleServerProps> = {}, production = false): string {
  return synthWith((scope) => {
    const pg = server(scope, { ...base(production), ...overrides });
    return {
      endpoint: pg.endpoint,
      port: pg.port,
      serverId: pg.serverId,
      serverName: pg.serverName,
      database: pg.databaseName,
      tokenScope: pg.tokenScope,
    };
  });
}

const FS = "azurerm_postgresql_flexible_server";
const main = (out: string) => byId(out, FS, "Postgres_Server");

describe("PostgresFlexibleServer", () => {
  const dev = synth();
  const prod = synth({}, true);

  it("creates a private, Entra-only server with geo-redundant backups", () => {
    expect(dev).toHaveResourceWithProperties(PostgresqlFlexibleServer, {
      name: "acme-dev-pg",
      resource_group_name: "acme-dev-data",
      location: "westeurope",
      version: "15",
      sku_name: "B_Standard_B2s",
      storage_mb: 32768,
      auto_grow_enabled: true,
      zone: "1",
      backup_retention_days: 7,
      geo_redundant_backup_enabled: true,
      delegated_subnet_id: NETWORK.postgresSubnetId,
      private_dns_zone_id: NETWORK.postgresDnsZoneId,
      public_network_access_enabled: false,
      authentication: {
        active_directory_auth_enabled: true,
        password_auth_enabled: false,
        tenant_id: TENANT_ID,
      },
      maintenance_window: { day_of_week: 0, start_hour: 4, start_minute: 30 },
    });
  });

  it("sets no administrator login or password at all", () => {
    for (const out of [dev, prod]) {
      for (const attr of Object.keys(main(out))) expect(attr).not.toMatch(/^administrator_(login|password)/);
    }
  });

  it("takes version, storage, retention and maintenance window from props", () => {
    expect(
      main(
        synth({
          version: "17",
          storageGiB: 4096,
          backupRetentionDays: 35,
          maintenanceWindow: "sat:23:05",
        }),
      ),
    ).toMatchObject({
      version: "17",
      storage_mb: 4194304,
      backup_retention_days: 35,
      maintenance_window: { day_of_week: 6, start_hour: 23, start_minute: 5 },
    });
  });

  describe("production", () => {
    it("runs zone-redundant with an explicit standby zone", () => {
      expect(main(prod)).toMatchObject({
        zone: "1",
        high_availability: { mode: "ZoneRedundant", standby_availability_zone: "2" },
      });
      expect(main(synth({ zone: "3", standbyZone: "1" }, true))).toMatchObject({
        zone: "3",
        high_availability: { mode: "ZoneRedundant", standby_availability_zone: "1" },
      });
    });

    it("ignores the zone swap of a failover and a grown disk, and prevents destroy", () => {
      expect(main(prod).lifecycle).toEqual({
        prevent_destroy: true,
        ignore_changes: ["zone", "high_availability[0].standby_availability_zone", "storage_mb"],
      });
      expect(
        byId(prod, "azurerm_postgresql_flexible_server_database", "Postgres_Database").lifecycle,
      ).toEqual({ prevent_destroy: true });
    });

    it("locks the server against deletion", () => {
      expect(prod).toHaveResourceWithProperties(ManagementLock, {
        name: "acme-prod-pg-cannot-delete",
        scope: refTo(prod, FS, "Postgres_Server", "id"),
        lock_level: "CanNotDelete",
      });
    });

    it("lets preventDestroy and highAvailability be set explicitly", () => {
      const relaxed = main(synth({ preventDestroy: false, highAvailability: false }, true));
      expect(relaxed).not.toHaveProperty("high_availability");
      expect(relaxed.lifecycle).toEqual({ ignore_changes: ["storage_mb"] });
    });
  });

  describe("non-production", () => {
    it("has no standby, no lock and no prevent_destroy by default", () => {
      expect(main(dev)).not.toHaveProperty("high_availability");
      expect(main(dev).lifecycle).toEqual({ ignore_changes: ["storage_mb"] });
      expect(idsOf(dev, "azurerm_management_lock")).toEqual([]);
      expect(
        byId(dev, "azurerm_postgresql_flexible_server_database", "Postgres_Database"),
      ).not.toHaveProperty("lifecycle");
    });

    it("can still run highly available and protected", () => {
      const out = synth({ skuName: "GP_Standard_D2s_v3", highAvailability: true, preventDestroy: true });
      expect(main(out)).toMatchObject({
        high_availability: { mode: "ZoneRedundant" },
        lifecycle: { prevent_destroy: true },
      });
      expect(idsOf(out, "azurerm_management_lock")).toEqual([]);
    });

    it("leaves storage_mb managed without auto-grow", () => {
      const fixed = main(synth({ autoGrow: false }));
      expect(fixed).toMatchObject({ auto_grow_enabled: false, storage_mb: 32768 });
      expect(fixed).not.toHaveProperty("lifecycle");
    });
  });

  it("requires TLS 1.2 or later", () => {
    const serverId = refTo(dev, FS, "Postgres_Server", "id");
    for (const [name, value] of [
      ["require_secure_transport", "on"],
      ["ssl_min_protocol_version", "TLSv1.2"],
    ]) {
      expect(dev).toHaveResourceWithProperties(PostgresqlFlexibleServerConfiguration, {
        server_id: serverId,
        name,
        value,
      });
    }
  });

  it("sets wal_level = logical only when logical replication is asked for", () => {
    const configs = (out: string) =>
      Object.values(resourcesOf(out, "azurerm_postgresql_flexible_server_configuration")).map(
        (c) => `${c.name}=${c.value}`,
      );
    expect(configs(dev)).toEqual(["require_secure_transport=on", "ssl_min_protocol_version=TLSv1.2"]);
    expect(configs(synth({ logicalReplication: true }))).toContain("wal_level=logical");
  });

  it("makes the given principal the Entra administrator", () => {
    expect(dev).toHaveResourceWithProperties(PostgresqlFlexibleServerActiveDirectoryAdministrator, {
      server_name: refTo(dev, FS, "Postgres_Server", "name"),
      resource_group_name: "acme-dev-data",
      tenant_id: TENANT_ID,
      object_id: ADMIN_GROUP_ID,
      principal_name: "acme-dev-db-admins",
      principal_type: "Group",
    });
  });

  it("creates the application database", () => {
    expect(dev).toHaveResourceWithProperties(PostgresqlFlexibleServerDatabase, {
      name: "app",
      server_id: refTo(dev, FS, "Postgres_Server", "id"),
      charset: "UTF8",
      collation: "en_US.utf8",
    });
  });

  it("sends logs and metrics to Log Analytics only when a workspace is given", () => {
    expect(idsOf(dev, "azurerm_monitor_diagnostic_setting")).toEqual([]);
    const workspace =
      "/subscriptions/0/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/ops";
    expect(synth({ logAnalyticsWorkspaceId: workspace })).toHaveResourceWithProperties(
      MonitorDiagnosticSetting,
      {
        name: "acme-dev-pg-diagnostics",
        log_analytics_workspace_id: workspace,
        enabled_log: [
          { category: "PostgreSQLLogs" },
          { category: "PostgreSQLFlexSessions" },
          { category: "PostgreSQLFlexDatabaseXacts" },
          { category: "PostgreSQLFlexTableStats" },
        ],
        enabled_metric: [{ category: "AllMetrics" }],
      },
    );
  });

  it("uses fixed logical IDs", () => {
    const ids = (type: string, out: string) => idsOf(out, type);
    expect(ids(FS, prod)).toEqual(["Postgres_Server"]);
    expect(
      ids("azurerm_postgresql_flexible_server_configuration", synth({ logicalReplication: true })),
    ).toEqual(["Postgres_RequireSecureTransport", "Postgres_TlsMinimumVersion", "Postgres_WalLevel"]);
    expect(ids("azurerm_management_lock", prod)).toEqual(["Postgres_DeleteLock"]);
  });

  it.each([
    ["production", prod, "production"],
    ["staging-like", synth({ preventDestroy: true }), "staging"],
    ["development", dev, "development"],
  ] as const)("passes every policy rule (%s)", async (_, out, tier) => {
    expect(await policyFindings(out, tier)).toEqual([]);
  });

  it("would fail the policy without geo-redundant backups or prevent_destroy (the check sees it)", async () => {
    const doc = JSON.parse(prod) as { resource: Record<string, Record<string, Attrs>> };
    const pg = Object.values(doc.resource[FS]!)[0]!;
    pg.geo_redundant_backup_enabled = false;
    delete pg.lifecycle;
    const findings = await policyFindings(JSON.stringify(doc), "production");
    expect(findings.map((f) => f.split(" ")[0])).toEqual(["PLAT-AZPG-001", "PLAT-DATA-001"]);
  });

  it("exposes endpoint, port, ids and the token scope", () => {
    expect(outputsOf(dev)).toEqual({
      endpoint: refTo(dev, FS, "Postgres_Server", "fqdn"),
      port: 5432,
      serverId: refTo(dev, FS, "Postgres_Server", "id"),
      serverName: refTo(dev, FS, "Postgres_Server", "name"),
      // The literal name: known at synth, so a client in another stack can validate it.
      database: "app",
      tokenScope: "https://ossrdbms-aad.database.windows.net/.default",
    });
  });

  describe("clientAccess", () => {
    it("tells a client identity where to connect and how its role is created", () => {
      let access: Attrs = {};
      const out = synthWith((scope) => {
        const pg = server(scope, base(false));
        access = { ...pg.clientAccess({ roleName: "user-service", objectId: APP_IDENTITY_ID }) };
        return { host: access.host, database: access.database };
      });
      expect(access).toMatchObject({
        port: 5432,
        username: "user-service",
        tokenScope: "https://ossrdbms-aad.database.windows.net/.default",
        createRoleSql: `select * from pgaadauth_create_principal_with_oid('user-service', '${APP_IDENTITY_ID}', 'service', false, false);`,
      });
      expect(outputsOf(out)).toEqual({
        host: refTo(out, FS, "Postgres_Server", "fqdn"),
        database: "app",
      });
    });

    it("rejects a role name that is not an identifier and an object id that is not a UUID", () => {
      const message = errorOf(() =>
        synthWith((scope) => {
          server(scope, base(false)).clientAccess({ roleName: "x'; drop role y; --", objectId: "me" });
          return undefined;
        }),
      );
      expect(message).toContain(
        problem("roleName", "x'; drop role y; --", "1..63 letters, digits, dashes and underscores"),
      );
      expect(message).toContain(problem("objectId", "me", "a UUID (or a reference)"));
    });
  });

  it("accepts references for the tenant and the ids", () => {
    const out = synthWith((scope) => {
      const client = new DataAzurermClientConfig(scope, "Client");
      server(scope, { ...base(false), tenantId: client.tenantId, delegatedSubnetId: client.id });
      return undefined;
    });
    expect((main(out).authentication as Attrs).tenant_id).toMatch(/^\$\{data\.azurerm_client_config\./);
  });

  describe("validation", () => {
    const ADMIN_BAD: EntraPrincipal = {
      objectId: "not-a-uuid",
      principalName: " ",
      principalType: "Robot" as EntraPrincipal["principalType"],
    };
    it.each<[string, Partial<PostgresFlexibleServerProps>, string]>([
      [
        "name",
        { name: "Acme_PG" },
        problem(
          "name",
          "Acme_PG",
          "3..63 lower-case letters, digits and single dashes, starting and ending with a letter or digit",
        ),
      ],
      [
        "version",
        { version: "10" as PostgresFlexibleVersion },
        problem("version", "10", "one of 11, 12, 13, 14, 15, 16, 17, 18"),
      ],
      [
        "skuName",
        { skuName: "Standard_D2s_v3" },
        problem(
          "skuName",
          "Standard_D2s_v3",
          "a flexible-server SKU: B_Standard_B*, GP_Standard_D* or MO_Standard_E* (tier prefix, then the VM size)",
        ),
      ],
      [
        "highAvailability with a Burstable SKU",
        { highAvailability: true },
        problem("highAvailability", true, "false with a Burstable (B_) SKU"),
      ],
      [
        "storageGiB",
        { storageGiB: 100 },
        "storageGiB: got 100; allowed: one of 32, 64, 128, 256, 512, 1024, 2048, 4095, 4096, 8192, 16384, 32767",
      ],
      ["zone", { zone: "4" as AvailabilityZone }, problem("zone", "4", "one of 1, 2, 3")],
      [
        "standbyZone",
        { standbyZone: "0" as AvailabilityZone },
        problem("standbyZone", "0", "one of 1, 2, 3"),
      ],
      [
        "standbyZone equal to zone",
        { skuName: "GP_Standard_D2ds_v5", highAvailability: true, zone: "2", standbyZone: "2" },
        problem("standbyZone", "2", "a zone other than zone (2)"),
      ],
      [
        "backupRetentionDays < 7",
        { backupRetentionDays: 1 },
        problem("backupRetentionDays", 1, "an integer 7..35"),
      ],
      [
        "backupRetentionDays > 35",
        { backupRetentionDays: 36 },
        problem("backupRetentionDays", 36, "an integer 7..35"),
      ],
      [
        "maintenanceWindow",
        { maintenanceWindow: "sun:04:30-sun:05:30" },
        problem(
          "maintenanceWindow",
          "sun:04:30-sun:05:30",
          "a weekly UTC start ddd:hh:mm (the window lasts an hour)",
        ),
      ],
      [
        "databaseName reserved",
        { databaseName: "postgres" },
        'databaseName: got "postgres"; allowed: 1..63 lower-case letters, digits and underscores',
      ],
      [
        "databaseName shape",
        { databaseName: "App-DB" },
        'databaseName: got "App-DB"; allowed: 1..63 lower-case letters',
      ],
      [
        "delegatedSubnetId",
        { delegatedSubnetId: "postgres" },
        problem("delegatedSubnetId", "postgres", "an Azure resource id (or a reference)"),
      ],
      [
        "privateDnsZoneId",
        { privateDnsZoneId: `${NETWORK.redisDnsZoneId}` },
        problem(
          "privateDnsZoneId",
          NETWORK.redisDnsZoneId,
          "an Azure resource id ending in .postgres.database.azure.com (or a reference)",
        ),
      ],
      ["tenantId", { tenantId: "acme" }, problem("tenantId", "acme", "a UUID (or a reference)")],
      [
        "administrator.objectId",
        { administrator: ADMIN_BAD },
        problem("administrator.objectId", "not-a-uuid", "a UUID (or a reference)"),
      ],
      [
        "administrator.principalName",
        { administrator: ADMIN_BAD },
        problem("administrator.principalName", " ", "the display name of the principal"),
      ],
      [
        "administrator.principalType",
        { administrator: ADMIN_BAD },
        problem("administrator.principalType", "Robot", "one of Group, ServicePrincipal, User"),
      ],
    ])("rejects %s, naming field, value and what is allowed", (_, overrides, message) => {
      expect(errorOf(() => synth(overrides))).toContain(message);
    });

    it("reports every problem at once, with the construct path and a hint", () => {
      const message = errorOf(() => synth({ storageGiB: 33, backupRetentionDays: 0 }));
      expect(message).toMatch(/^PostgresFlexibleServer stack\/Postgres: 2 invalid prop\(s\)/);
      expect(message).toContain("; hint: Azure keeps 7 to 35 days of backups and point-in-time restore");
    });
  });
});
