import { JobV1 } from "@cdktf/provider-kubernetes/lib/job-v1";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { Construct, dependOn, Lazy, type TerraformResource } from "../core";
import type { DatabaseAdministration, WorkloadIdentity } from "../interfaces";
import { sqlIdentifier } from "../sql";
import { Validator } from "../validation";
import { isDnsLabel } from "./k8s-validation";
import { type PodToleration, RUN_AS_USER, TMP_MOUNT_PATH } from "./workload-spec";

/**
 * The PostgreSQL client image of the role Job (psql 15, the servers' major; pinned): Docker's
 * official image through its ECR Public mirror, which anonymous pulls from shared NAT addresses do
 * not exhaust the way Docker Hub's limits do.
 */
export const POSTGRES_CLIENT_IMAGE = "public.ecr.aws/docker/library/postgres:15.13";
/** Where the credential step leaves the administrator's password or token (an in-memory volume). */
export const CREDENTIALS_DIR = "/credentials";

/** One service's roles: the app's login role and, when it migrates, the migrator that owns its schema. */
export interface ServiceDatabaseRoles {
  /** The app's role (`user_service`): it uses the schema. */
  readonly role: string;
  /** The app's workload identity, which the role is mapped to where the database needs that. */
  readonly identity: WorkloadIdentity;
  /**
   * The migrator's role and identity (`user_service_migrator`): it owns the schema.
   * @default - none: the app's role owns its schema
   */
  readonly migrator?: { readonly role: string; readonly identity: WorkloadIdentity };
}

export interface DatabaseRolesProps {
  /** The database's administrator side (`IDatabase.administration()`). */
  readonly administration: DatabaseAdministration;
  /** The Job's own identity, from the cluster, with `administration.grants`. */
  readonly identity: WorkloadIdentity;
  /** What the Job waits for besides its identity: e.g. the Entra administrator entry of `administration.authorize`. */
  readonly authorization: readonly TerraformResource[];
  /** The service account the identity was made for. */
  readonly serviceAccount: string;
  /** The namespace the Job runs in, created here (no sidecar, Pod Security `restricted`). */
  readonly namespace: string;
  readonly host: string;
  readonly port: number;
  /**
   * The database the services' schemas live in.
   * @default "postgres"
   */
  readonly database?: string;
  /**
   * Nodes the Job may run on.
   * @default { "node-role": "application" }
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints the Job's pod tolerates (the cluster's spot pool).
   * @default []
   */
  readonly tolerations?: readonly PodToleration[];
  /**
   * Seconds the Job may run, retries included, before it fails, and the apply with it.
   * @default 600
   */
  readonly activeDeadlineSeconds?: number;
}

/**
 * Creates every service's database roles before any release needs them: a Kubernetes Job that
 * Terraform runs to completion (`wait_for_completion`) in the same apply that creates the database,
 * ahead of the services' delivery releases (their pre-upgrade migrations log in as these roles).
 *
 * The Job's credential step (the cloud's, `IDatabase.administration()`) fetches the administrator's
 * password or token with the Job's own identity into an in-memory volume; then `psql` runs idempotent
 * SQL: each login role (IAM on AWS, mapped to the workload's Entra identity on Azure), each service's
 * schema owned by its migrator (or its app role), the app's use of it (default privileges on what the
 * migrator creates), and each role's `search_path`. The SQL is in the Job's spec, so adding a service
 * replaces the Job and runs it again; a finished Job stays (no TTL), or Terraform would recreate it.
 */
export class DatabaseRoles extends Construct {
  public readonly job: JobV1;
  public readonly namespace: NamespaceV1;
  private readonly services: ServiceDatabaseRoles[] = [];
  private readonly administration: DatabaseAdministration;
  private readonly database: string;

  constructor(scope: Construct, id: string, props: DatabaseRolesProps) {
    super(scope, id);
    const deadline = props.activeDeadlineSeconds ?? 600;
    this.database = props.database ?? "postgres";
    new Validator(`DatabaseRoles ${this.node.path}`)
      .check(isDnsLabel(props.namespace), "namespace", props.namespace, "a DNS label", "e.g. database-roles")
      .check(
        Number.isInteger(deadline) && deadline >= 60 && deadline <= 1800,
        "activeDeadlineSeconds",
        deadline,
        "an integer from 60 to 1800",
        "creating roles takes seconds; the deadline only bounds a hung connection",
      )
      .throwIfAny();
    sqlIdentifier(this.database);
    this.administration = props.administration;

    const labels = { "app.kubernetes.io/name": "database-roles", "app.kubernetes.io/component": "database" };
    this.namespace = new NamespaceV1(this, "Namespace", {
      metadata: {
        name: props.namespace,
        labels: {
          ...Object.fromEntries(
            ["enforce", "audit", "warn"].map((mode) => [`pod-security.kubernetes.io/${mode}`, "restricted"]),
          ),
          // Outside the mesh: a sidecar would keep the Job from completing, and the database is not in it.
          "istio-injection": "disabled",
        },
      },
    });
    const serviceAccount = new ServiceAccountV1(this, "ServiceAccount", {
      metadata: {
        name: props.serviceAccount,
        namespace: props.namespace,
        labels,
        annotations: { ...props.identity.serviceAccountAnnotations },
      },
      automountServiceAccountToken: false,
    });
    dependOn(serviceAccount, [this.namespace]);
    const step = props.administration.credentialStep;
    const securityContext = {
      runAsNonRoot: true,
      // The provider types these as strings.
      runAsUser: String(RUN_AS_USER),
      runAsGroup: String(RUN_AS_USER),
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    };
    const mounts = [
      { name: "credentials", mountPath: CREDENTIALS_DIR },
      { name: "tmp", mountPath: TMP_MOUNT_PATH },
    ];
    const env = (vars: Readonly<Record<string, string>>) =>
      Object.entries(vars).map(([name, value]) => ({ name, value }));
    this.job = new JobV1(this, "Job", {
      metadata: { name: "database-roles", namespace: props.namespace, labels },
      spec: {
        // A retry reads the secret again (a first rotation may move the password while the Job starts) and
        // covers identity propagation: five retries back off 10, 20, 40, 80 and 160 s, five minutes in all.
        backoffLimit: 5,
        activeDeadlineSeconds: deadline,
        template: {
          metadata: {
            labels: { ...labels, "sidecar.istio.io/inject": "false", ...props.identity.podLabels },
          },
          spec: {
            restartPolicy: "Never",
            serviceAccountName: props.serviceAccount,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            nodeSelector: { ...(props.nodeSelector ?? { "node-role": "application" }) },
            toleration: (props.tolerations ?? []).map((t) => ({ ...t })),
            securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
            initContainer: [
              {
                name: "credential",
                image: step.image,
                command: ["/bin/sh", "-c", step.script],
                env: env({ ...step.env, CREDENTIALS_DIR, HOME: TMP_MOUNT_PATH }),
                resources: {
                  requests: { cpu: "50m", memory: "128Mi" },
                  limits: { cpu: "500m", memory: "512Mi" },
                },
                securityContext,
                volumeMount: mounts,
              },
            ],
            container: [
              {
                name: "roles",
                image: POSTGRES_CLIENT_IMAGE,
                command: [
                  "/bin/sh",
                  "-c",
                  [
                    "set -eu",
                    `PGPASSWORD="$(cat "${CREDENTIALS_DIR}/password")"`,
                    "export PGPASSWORD",
                    `printf '%s\\n' "$ROLES_SQL" | psql --no-psqlrc --set ON_ERROR_STOP=1 --file -`,
                  ].join("\n"),
                ],
                env: env({
                  PGHOST: props.host,
                  PGPORT: String(props.port),
                  PGUSER: props.administration.loginRole(props.identity),
                  // Role creation (Entra's functions live there); the script then connects to the services' database.
                  PGDATABASE: "postgres",
                  PGSSLMODE: "require",
                  PGCONNECT_TIMEOUT: "10",
                  HOME: TMP_MOUNT_PATH,
                  ROLES_SQL: Lazy.stringValue({ produce: () => this.script() }),
                }),
                resources: {
                  requests: { cpu: "50m", memory: "64Mi" },
                  limits: { cpu: "500m", memory: "256Mi" },
                },
                securityContext,
                volumeMount: mounts,
              },
            ],
            volume: [
              { name: "credentials", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } },
              { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
            ],
          },
        },
      },
      waitForCompletion: true,
      // Beyond the deadline, so that the Job's own failure is what the apply reports.
      timeouts: { create: "15m", update: "15m" },
    });
    dependOn(this.job, [serviceAccount, ...props.authorization]);
  }

  /** Adds a service's roles to the Job; returns what its delivery release must wait for (the Job). */
  public add(roles: ServiceDatabaseRoles): TerraformResource {
    const owner = roles.migrator?.role ?? roles.role;
    for (const role of [roles.role, owner]) sqlIdentifier(role);
    const taken = new Set(this.services.flatMap((s) => [s.role, s.migrator?.role]));
    for (const role of [roles.role, roles.migrator?.role]) {
      if (role !== undefined && taken.has(role)) {
        throw new Error(
          `DatabaseRoles ${this.node.path}: role: got ${JSON.stringify(role)} twice; allowed: one service per role; hint: each service's role is its name with _ for -`,
        );
      }
    }
    if (roles.migrator && roles.migrator.role === roles.role) {
      throw new Error(
        `DatabaseRoles ${this.node.path}: migrator.role: got ${JSON.stringify(roles.role)}, the app's own role; allowed: a separate role; hint: <role>_migrator`,
      );
    }
    this.services.push(roles);
    return this.job;
  }

  /** The roles the Job creates, in the order added. */
  public get roles(): readonly string[] {
    return this.services.flatMap((s) => [s.role, ...(s.migrator ? [s.migrator.role] : [])]);
  }

  /** The whole idempotent script: the login roles (database `postgres`), then each service's schema. */
  public script(): string {
    const admin = this.administration;
    const logins = this.services.flatMap((s) => [
      admin.createLoginRoleSql(s.role, s.identity),
      ...(s.migrator ? [admin.createLoginRoleSql(s.migrator.role, s.migrator.identity)] : []),
    ]);
    const db = sqlIdentifier(this.database);
    const schemas = this.services.flatMap((s) => {
      const app = sqlIdentifier(s.role);
      const owner = sqlIdentifier(s.migrator?.role ?? s.role);
      const schema = app;
      return [
        `-- ${s.role}: schema ${schema}, owned by ${owner}`,
        // PostgreSQL 15: handing a schema to a role needs membership in it.
        `GRANT ${owner} TO CURRENT_USER;`,
        `CREATE SCHEMA IF NOT EXISTS ${schema} AUTHORIZATION ${owner};`,
        `ALTER SCHEMA ${schema} OWNER TO ${owner};`,
        `REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC;`,
        ...(owner === app
          ? []
          : [
              `GRANT USAGE ON SCHEMA ${schema} TO ${app};`,
              `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app};`,
              `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${app};`,
              `ALTER ROLE ${owner} IN DATABASE ${db} SET search_path = ${schema};`,
            ]),
        `ALTER ROLE ${app} IN DATABASE ${db} SET search_path = ${schema};`,
      ];
    });
    return [
      "-- Generated by constructs/k8s/database-roles.ts; every statement is idempotent.",
      ...logins,
      `\\connect ${db}`,
      ...schemas,
    ].join("\n");
  }
}
