import { describe, expect, it } from "vitest";
import { Testing } from "../../../constructs/core";
import type { DatabaseAdministration, WorkloadIdentity } from "../../../constructs/interfaces";
import {
  CREDENTIALS_DIR,
  DatabaseRoles,
  type DatabaseRolesProps,
  POSTGRES_CLIENT_IMAGE,
} from "../../../constructs/k8s/database-roles";
import { sqlIdentifier, sqlLiteral } from "../../../constructs/sql";
import { type Attrs, errorOf, resourcesOf } from "../../helpers";

const identity = (name: string): WorkloadIdentity => ({
  serviceAccountAnnotations: { "example.com/identity": name },
  podLabels: { "example.com/use": "true" },
  principal: { objectId: `oid-${name}`, name: `id-${name}` },
  ready: [],
});

const administration: DatabaseAdministration = {
  grants: [],
  credentialStep: {
    image: "example.com/cli:1.0.0",
    script: 'echo secret > "$CREDENTIALS_DIR/password"',
    env: { REGION: "eu-west-1" },
  },
  ready: [],
  loginRole: (id) => id.principal?.name ?? "admin",
  authorize: () => [],
  createLoginRoleSql: (role, id) => `CREATE ROLE ${sqlIdentifier(role)} /* ${id.principal?.objectId} */;`,
};

const props: DatabaseRolesProps = {
  administration,
  identity: identity("roles"),
  authorization: [],
  serviceAccount: "database-roles",
  namespace: "database-roles",
  host: "db.internal",
  port: 5432,
  database: "app",
};

function build(add: (roles: DatabaseRoles) => void = () => {}, overrides: Partial<DatabaseRolesProps> = {}) {
  let roles: DatabaseRoles | undefined;
  const out = Testing.synthScope((scope) => {
    roles = new DatabaseRoles(scope, "Roles", { ...props, ...overrides });
    add(roles);
  });
  const [job] = Object.values(resourcesOf(out, "kubernetes_job_v1")) as Attrs[];
  // biome-ignore lint/suspicious/noExplicitAny: synthesized JSON
  return { out, roles: roles!, job: job as any };
}

const userService = (roles: DatabaseRoles) =>
  roles.add({
    role: "user_service",
    identity: identity("app"),
    migrator: { role: "user_service_migrator", identity: identity("migrator") },
  });

function envOf(container: { env: { name: string; value: string }[] }): Record<string, string> {
  return Object.fromEntries(container.env.map((e) => [e.name, e.value]));
}

describe("DatabaseRoles", () => {
  it("is a Job that Terraform waits for, in a namespace of its own outside the mesh, under Pod Security restricted", () => {
    const { out, job } = build(userService);
    expect(job.wait_for_completion).toBe(true);
    expect(job.timeouts).toEqual({ create: "15m", update: "15m" });
    expect(job.spec).toMatchObject({ backoff_limit: 5, active_deadline_seconds: 600 });
    // No TTL: a deleted finished Job would be created again on the next apply.
    expect(job.spec.ttl_seconds_after_finished).toBeUndefined();
    expect(job.spec.template.spec.restart_policy).toBe("Never");
    expect(job.spec.template.metadata.labels["sidecar.istio.io/inject"]).toBe("false");
    const [namespace] = Object.values(resourcesOf(out, "kubernetes_namespace_v1")) as Attrs[];
    // biome-ignore lint/suspicious/noExplicitAny: synthesized JSON
    const labels = (namespace as any).metadata.labels;
    expect(labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    expect(labels["istio-injection"]).toBe("disabled");
  });

  it("fetches the credential with the Job's identity into memory, then runs psql as the administrator", () => {
    const { job } = build(userService);
    const spec = job.spec.template.spec;
    expect(spec.service_account_name).toBe("database-roles");
    expect(job.spec.template.metadata.labels["example.com/use"]).toBe("true");
    const [init] = spec.init_container;
    expect(init.image).toBe("example.com/cli:1.0.0");
    expect(init.command).toEqual(["/bin/sh", "-c", administration.credentialStep.script]);
    expect(envOf(init)).toMatchObject({ REGION: "eu-west-1", CREDENTIALS_DIR });
    const credentials = spec.volume.find((v: { name: string }) => v.name === "credentials");
    expect(credentials.empty_dir).toEqual({ medium: "Memory", size_limit: "1Mi" });
    const [psql] = spec.container;
    expect(psql.image).toBe(POSTGRES_CLIENT_IMAGE);
    expect(envOf(psql)).toMatchObject({
      PGHOST: "db.internal",
      PGPORT: "5432",
      PGUSER: "id-roles",
      PGDATABASE: "postgres",
      PGSSLMODE: "require",
    });
    expect(psql.command.join(" ")).toContain("ON_ERROR_STOP=1");
    // The password never appears in the spec: the shell reads it from the in-memory volume.
    expect(JSON.stringify(psql.env)).not.toContain("PGPASSWORD");
    for (const c of [init, psql]) {
      expect(c.security_context).toMatchObject({
        run_as_non_root: true,
        allow_privilege_escalation: false,
        read_only_root_filesystem: true,
        capabilities: { drop: ["ALL"] },
      });
    }
  });

  it("creates each login role, then the service's schema owned by its migrator and used by its app", () => {
    const { job, roles } = build(userService);
    const sql = envOf(job.spec.template.spec.container[0]).ROLES_SQL;
    expect(sql).toBe(roles.script());
    const lines = sql.split("\n");
    const connect = lines.indexOf('\\connect "app"');
    expect(lines.indexOf('CREATE ROLE "user_service" /* oid-app */;')).toBeGreaterThan(0);
    expect(lines.indexOf('CREATE ROLE "user_service_migrator" /* oid-migrator */;')).toBeGreaterThan(0);
    expect(lines.indexOf('CREATE ROLE "user_service_migrator" /* oid-migrator */;')).toBeLessThan(connect);
    const after = lines.slice(connect);
    expect(after).toContain(
      'CREATE SCHEMA IF NOT EXISTS "user_service" AUTHORIZATION "user_service_migrator";',
    );
    expect(after).toContain('GRANT USAGE ON SCHEMA "user_service" TO "user_service";');
    expect(after).toContain(
      'ALTER DEFAULT PRIVILEGES FOR ROLE "user_service_migrator" IN SCHEMA "user_service" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "user_service";',
    );
    expect(after).toContain('ALTER ROLE "user_service" IN DATABASE "app" SET search_path = "user_service";');
    // Membership first: PostgreSQL 15 refuses to hand a schema to a role the administrator is not in.
    expect(after.indexOf('GRANT "user_service_migrator" TO CURRENT_USER;')).toBeLessThan(
      after.indexOf('CREATE SCHEMA IF NOT EXISTS "user_service" AUTHORIZATION "user_service_migrator";'),
    );
    expect(roles.roles).toEqual(["user_service", "user_service_migrator"]);
  });

  it("lets a service without a migrator own its schema, and adds every service to one Job", () => {
    const { job, roles } = build((r) => {
      userService(r);
      r.add({ role: "orders", identity: identity("orders") });
    });
    const sql: string = envOf(job.spec.template.spec.container[0]).ROLES_SQL;
    expect(sql).toContain('CREATE SCHEMA IF NOT EXISTS "orders" AUTHORIZATION "orders";');
    expect(sql).not.toContain('GRANT USAGE ON SCHEMA "orders"');
    expect(roles.roles).toEqual(["user_service", "user_service_migrator", "orders"]);
  });

  it("returns the Job for the delivery releases to wait for", () => {
    const { roles } = build();
    expect(userService(roles)).toBe(roles.job);
  });

  it("refuses a role twice, a migrator that is the app's role, a bad name, namespace or deadline", () => {
    expect(
      errorOf(() =>
        build((r) => {
          userService(r);
          r.add({ role: "user_service", identity: identity("again") });
        }),
      ),
    ).toMatch(/role: got "user_service" twice/);
    expect(
      errorOf(() =>
        build((r) =>
          r.add({ role: "a", identity: identity("a"), migrator: { role: "a", identity: identity("a") } }),
        ),
      ),
    ).toMatch(/migrator.role: got "a", the app's own role/);
    expect(errorOf(() => build((r) => r.add({ role: "User-Service", identity: identity("x") })))).toMatch(
      /sqlIdentifier: got "User-Service"/,
    );
    expect(errorOf(() => build(undefined, { namespace: "Database_Roles" }))).toMatch(/namespace/);
    expect(errorOf(() => build(undefined, { activeDeadlineSeconds: 10 }))).toMatch(/activeDeadlineSeconds/);
    expect(errorOf(() => build(undefined, { database: "app; DROP" }))).toMatch(/sqlIdentifier/);
  });
});

describe("sql", () => {
  it("quotes identifiers and literals", () => {
    expect(sqlIdentifier("user_service")).toBe('"user_service"');
    expect(sqlLiteral("it's")).toBe("'it''s'");
    expect(errorOf(() => sqlIdentifier('x"; DROP TABLE t; --'))).toMatch(/allowed: lower-case/);
    expect(errorOf(() => sqlIdentifier("a".repeat(64)))).toMatch(/at most 63/);
  });
});
