import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import { PostgresqlFlexibleServerActiveDirectoryAdministrator } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-active-directory-administrator";
import { PostgresqlFlexibleServerConfiguration } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-configuration";
import { PostgresqlFlexibleServerDatabase } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-database";
import { Construct, type TerraformResource, TerraformStack } from "../core";
import type {
  AccessGrant,
  DatabaseAdministration,
  IDatabase,
  NetworkPeer,
  WorkloadIdentity,
} from "../interfaces";
import { sqlIdentifier, sqlLiteral } from "../sql";
import { parseWeeklyStart } from "./data-validation";
import { allowRangeInto, type InboundRules } from "./network";
import type {
  AvailabilityZone,
  PostgresFlexibleServerProps,
  PostgresFlexibleVersion,
} from "./postgres-flexible-server-props";
import {
  validateClientRole,
  validatePostgresFlexibleServerProps,
} from "./postgres-flexible-server-validation";

export type {
  AvailabilityZone,
  EntraPrincipal,
  PostgresFlexibleServerProps,
  PostgresFlexibleVersion,
} from "./postgres-flexible-server-props";

/** PostgreSQL's port; a flexible server does not change it. */
export const POSTGRES_PORT = 5432;
/** The audience of the Entra access token a client presents as its password. */
export const POSTGRES_ENTRA_TOKEN_SCOPE = "https://ossrdbms-aad.database.windows.net/.default";
/** Server logs, sessions, wraparound and autovacuum statistics (`AzureDiagnostics` categories). */
export const POSTGRES_LOG_CATEGORIES = [
  "PostgreSQLLogs",
  "PostgreSQLFlexSessions",
  "PostgreSQLFlexDatabaseXacts",
  "PostgreSQLFlexTableStats",
] as const;

/** The Azure CLI image of the role Job's credential step (pinned; seen published on MCR). */
export const AZURE_CLI_IMAGE = "mcr.microsoft.com/azure-cli:2.70.0";

/** An Entra identity that connects to the database. */
export interface EntraIdentity {
  /** The PostgreSQL role to create: the identity's display name. */
  readonly roleName: string;
  /** Its object (principal) id. */
  readonly objectId: string;
}

/** How a client connects: no password, an Entra access token. */
export interface EntraDatabaseAccess {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly username: string;
  /** The client presents an access token for this scope as its password, over TLS. */
  readonly tokenScope: string;
  /** What the administrator runs once (database `postgres`) to create the client's role. */
  readonly createRoleSql: string;
}

/**
 * Azure Database for PostgreSQL flexible server, private access only (delegated subnet and private
 * DNS zone, public access off), Entra authentication only (no password exists: password auth is off,
 * so none is set at creation), TLS 1.2+ required, geo-redundant backups, zone-redundant high
 * availability and a delete lock in production, optional diagnostics and logical replication, and one
 * application database. See constructs/azure/README.md.
 */
export class PostgresFlexibleServer extends Construct implements IDatabase {
  /** Host name of the server (resolves to the private address inside the VNet). */
  public readonly endpoint: string;
  public readonly port = POSTGRES_PORT;
  public readonly serverId: string;
  public readonly serverName: string;
  public readonly databaseName: string;
  /** Clients authenticate with an Entra token for this scope; there is no stored credential. */
  public readonly tokenScope = POSTGRES_ENTRA_TOKEN_SCOPE;
  public readonly version: PostgresFlexibleVersion;
  public readonly autoGrow: boolean;
  public readonly highAvailability: boolean;
  public readonly zone: AvailabilityZone;
  public readonly standbyZone: AvailabilityZone;
  public readonly backupRetentionDays: number;
  public readonly maintenanceWindow: string;
  public readonly preventDestroy: boolean;
  public readonly logicalReplication: boolean;
  /** True in production: a CanNotDelete management lock on the server. */
  public readonly deleteLock: boolean;
  private readonly resourceGroupName: string;
  private readonly ready: readonly TerraformResource[];
  private readonly tenantId: string;
  private readonly inboundRules?: InboundRules;
  private readonly administrators = new Map<string, TerraformResource>();

  constructor(scope: Construct, id: string, props: PostgresFlexibleServerProps) {
    super(scope, id);
    this.version = props.version ?? "15";
    this.autoGrow = props.autoGrow ?? true;
    this.highAvailability = props.highAvailability ?? props.production;
    this.zone = props.zone ?? "1";
    this.standbyZone = props.standbyZone ?? "2";
    this.backupRetentionDays = props.backupRetentionDays ?? 7;
    this.maintenanceWindow = props.maintenanceWindow ?? "sun:04:30";
    this.preventDestroy = props.preventDestroy ?? props.production;
    this.logicalReplication = props.logicalReplication ?? false;
    this.deleteLock = props.production;
    validatePostgresFlexibleServerProps(`PostgresFlexibleServer ${this.node.path}`, props, this);

    // After a failover Azure swaps zone and standby zone; applying the configured ones would fail
    // back. The azurerm docs recommend ignoring both. A grown disk must not read as a shrink.
    const ignoreChanges = [
      ...(this.highAvailability ? ["zone", "high_availability[0].standby_availability_zone"] : []),
      ...(this.autoGrow ? ["storage_mb"] : []),
    ];
    const server = new PostgresqlFlexibleServer(this, "Server", {
      dependsOn: props.dependsOn && props.dependsOn.length > 0 ? [...props.dependsOn] : undefined,
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      version: this.version,
      skuName: props.skuName,
      storageMb: props.storageGiB * 1024,
      autoGrowEnabled: this.autoGrow,
      zone: this.zone,
      highAvailability: this.highAvailability
        ? { mode: "ZoneRedundant", standbyAvailabilityZone: this.standbyZone }
        : undefined,
      backupRetentionDays: this.backupRetentionDays,
      geoRedundantBackupEnabled: true,
      delegatedSubnetId: props.delegatedSubnetId,
      privateDnsZoneId: props.privateDnsZoneId,
      publicNetworkAccessEnabled: false,
      authentication: {
        activeDirectoryAuthEnabled: true,
        passwordAuthEnabled: false,
        tenantId: props.tenantId,
      },
      maintenanceWindow: parseWeeklyStart(this.maintenanceWindow),
      tags: props.tags,
      lifecycle:
        this.preventDestroy || ignoreChanges.length > 0
          ? {
              ...(this.preventDestroy ? { preventDestroy: true } : {}),
              ...(ignoreChanges.length > 0 ? { ignoreChanges } : {}),
            }
          : undefined,
    });

    const parameter = (id: string, name: string, value: string) =>
      new PostgresqlFlexibleServerConfiguration(this, id, { serverId: server.id, name, value });
    parameter("RequireSecureTransport", "require_secure_transport", "on");
    parameter("TlsMinimumVersion", "ssl_min_protocol_version", "TLSv1.2");
    if (this.logicalReplication) parameter("WalLevel", "wal_level", "logical");

    new PostgresqlFlexibleServerActiveDirectoryAdministrator(this, "EntraAdministrator", {
      serverName: server.name,
      resourceGroupName: props.resourceGroupName,
      tenantId: props.tenantId,
      objectId: props.administrator.objectId,
      principalName: props.administrator.principalName,
      principalType: props.administrator.principalType,
    });
    new PostgresqlFlexibleServerDatabase(this, "Database", {
      name: props.databaseName,
      serverId: server.id,
      charset: "UTF8",
      collation: "en_US.utf8",
      lifecycle: this.preventDestroy ? { preventDestroy: true } : undefined,
    });

    if (this.deleteLock) {
      new ManagementLock(this, "DeleteLock", {
        name: `${props.name}-cannot-delete`,
        scope: server.id,
        lockLevel: "CanNotDelete",
        notes: "Production database: remove this lock deliberately before any delete.",
      });
    }
    if (props.logAnalyticsWorkspaceId !== undefined) {
      new MonitorDiagnosticSetting(this, "Diagnostics", {
        name: `${props.name}-diagnostics`,
        targetResourceId: server.id,
        logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
        enabledLog: POSTGRES_LOG_CATEGORIES.map((category) => ({ category })),
        enabledMetric: [{ category: "AllMetrics" }],
      });
    }

    this.ready = [server];
    this.endpoint = server.fqdn;
    this.serverId = server.id;
    this.serverName = server.name;
    // The literal name, known at synth (a cross-stack reference could not be validated by its users).
    this.databaseName = props.databaseName;
    this.resourceGroupName = props.resourceGroupName;
    this.tenantId = props.tenantId;
    this.inboundRules = props.inboundRules;
  }

  /**
   * Makes `principal` (a service principal: a managed identity) an Entra administrator of the
   * server, next to the configured one. Its fields are all ForceNew and the server's delete lock
   * covers it, so it belongs to the stack that owns the server, not to a color that comes and goes.
   */
  public addAdministrator(
    id: string,
    principal: { readonly objectId: string; readonly name: string },
    scope: Construct = this,
  ): TerraformResource {
    const admin = new PostgresqlFlexibleServerActiveDirectoryAdministrator(scope, id, {
      serverName: this.serverName,
      resourceGroupName: this.resourceGroupName,
      tenantId: this.tenantId,
      objectId: principal.objectId,
      principalName: principal.name,
      principalType: "ServicePrincipal",
    });
    this.administrators.set(principal.name, admin);
    return admin;
  }

  /** Admits `peer` (an address range) to port 5432 of the delegated subnet. */
  public allowFrom(label: string, peer: NetworkPeer): TerraformResource {
    return allowRangeInto(`PostgresFlexibleServer ${this.node.path}`, this.inboundRules, label, peer, [
      String(POSTGRES_PORT),
    ]);
  }

  /**
   * The role Job logs in as an Entra administrator of its own: its workload identity becomes one
   * (`authorize`, next to the configured group), and the Azure CLI exchanges the pod's federated
   * token for an access token of the server's scope, the password PostgreSQL checks. No password
   * exists anywhere.
   */
  public administration(): DatabaseAdministration {
    const principalOf = (identity: WorkloadIdentity) => {
      if (!identity.principal) {
        throw new Error(
          `PostgresFlexibleServer ${this.node.path}: the role Job's identity has no principal; hint: pass the identity an AKS cluster's workloadIdentity returns`,
        );
      }
      return identity.principal;
    };
    return {
      // No Azure role is needed to request a token for the server; the Entra administrator entry is.
      grants: [{ cloud: "azure", roleAssignments: [] }],
      credentialStep: {
        image: AZURE_CLI_IMAGE,
        env: { AZURE_CONFIG_DIR: "/tmp/.azure" },
        script: [
          "set -eu",
          'az login --service-principal --username "$AZURE_CLIENT_ID" --tenant "$AZURE_TENANT_ID" \\',
          '  --federated-token "$(cat "$AZURE_FEDERATED_TOKEN_FILE")" --allow-no-subscriptions --output none',
          'az account get-access-token --resource-type oss-rdbms --query accessToken --output tsv > "$CREDENTIALS_DIR/password"',
          'test -s "$CREDENTIALS_DIR/password"',
        ].join("\n"),
      },
      ready: this.ready,
      loginRole: (identity) => {
        const { name } = principalOf(identity);
        if (name.length > 63) {
          throw new Error(
            `PostgresFlexibleServer ${this.node.path}: the role Job's identity name: got ${JSON.stringify(name)} (${name.length} characters); allowed: at most 63 (a PostgreSQL role); hint: shorten the cluster or stack name`,
          );
        }
        return name;
      },
      authorize: (scope, id, identity) => {
        const principal = principalOf(identity);
        // An identity the foundation already made an administrator (shared by the colors) needs none here.
        const existing = this.administrators.get(principal.name);
        if (existing) return TerraformStack.of(existing) === TerraformStack.of(scope) ? [existing] : [];
        return [this.addAdministrator(id, principal, scope)];
      },
      createLoginRoleSql: (role, identity) => {
        const principal = principalOf(identity);
        // pgaadauth_create_principal_with_oid fails on an existing role, so it runs only once.
        return [
          `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${sqlLiteral(role)}) THEN`,
          `  PERFORM pgaadauth_create_principal_with_oid(${sqlLiteral(role)}, ${sqlLiteral(principal.objectId)}, 'service', false, false);`,
          `END IF; END $$;`,
          `-- ${sqlIdentifier(role)} logs in with an Entra token of its identity`,
        ].join("\n");
      },
    };
  }

  /**
   * How `identity` connects. Flexible server has no Azure API for database roles: the Entra
   * administrator runs `createRoleSql` once, which maps a role to the identity's object id. The
   * network reach is the VNet's (the delegated subnet), not this construct's.
   */
  public clientGrant(_role: string): AccessGrant {
    // Entra authentication: the role maps to the identity inside PostgreSQL (`clientAccess`), and
    // no Azure RBAC role is needed to request a token for the server.
    return { cloud: "azure", roleAssignments: [] };
  }

  public clientAccess(identity: EntraIdentity): EntraDatabaseAccess {
    validateClientRole(`PostgresFlexibleServer ${this.node.path}`, identity.roleName, identity.objectId);
    return {
      host: this.endpoint,
      port: this.port,
      database: this.databaseName,
      username: identity.roleName,
      tokenScope: this.tokenScope,
      createRoleSql: `select * from pgaadauth_create_principal_with_oid('${identity.roleName}', '${identity.objectId}', 'service', false, false);`,
    };
  }
}
