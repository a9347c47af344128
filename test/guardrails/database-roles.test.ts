/**
 * In every cluster stack, every database role a service logs in as (its DATABASE_URL, the app's and
 * the migrator's) is created by the stack's role Job before the release that uses it: the first
 * apply needs no step out of band. The Job's identity may read only the administrator's credential.
 */
import { describe, expect, it } from "vitest";
import { type Attrs, EVERY_CLUSTER_STACK, readStack, resourcesOf, synthDir } from "../helpers";

const outdir = synthDir();

describe.each(EVERY_CLUSTER_STACK)("database roles in %s", (stack) => {
  const doc = readStack(outdir, stack);
  const jobs = Object.entries(resourcesOf(doc, "kubernetes_job_v1"));
  const urls = Object.entries(resourcesOf(doc, "kubernetes_secret_v1")).flatMap(([key, s]) => {
    const url = (s.data as Record<string, string> | undefined)?.DATABASE_URL;
    return url === undefined ? [] : [{ address: `kubernetes_secret_v1.${key}`, url }];
  });
  const logins = urls.map(({ url }) => /^postgresql:\/\/([a-z_0-9]+)@/.exec(url)?.[1]);

  it("has one role Job, waited for, and a login for each service and migrator (user-service's two)", () => {
    expect(jobs.map(([, j]) => (j.metadata as Attrs).name)).toEqual(["database-roles"]);
    expect(jobs[0]![1].wait_for_completion).toBe(true);
    expect(logins.sort()).toEqual(["user_service", "user_service_migrator"]);
  });

  it("creates every role a DATABASE_URL logs in as, before a delivery release that reads it", () => {
    const [name, job] = jobs[0]!;
    // biome-ignore lint/suspicious/noExplicitAny: synthesized JSON
    const env = (job as any).spec.template.spec.container[0].env as { name: string; value: string }[];
    const sql = env.find((e) => e.name === "ROLES_SQL")!.value;
    for (const role of logins) {
      const created = sql.includes(`CREATE ROLE "${role}"`) || sql.includes(`rolname = '${role}'`);
      expect(created, `${role} is created by the Job`).toBe(true);
    }
    const releases = Object.values(resourcesOf(doc, "helm_release")).filter((r) =>
      urls.some(({ address }) => (r.depends_on as string[] | undefined)?.includes(address)),
    );
    expect(releases.length).toBeGreaterThan(0);
    for (const release of releases) {
      expect(release.depends_on, `${release.name} waits for the roles`).toContain(
        `kubernetes_job_v1.${name}`,
      );
    }
  });

  it("gives the Job's identity the administrator's credential only", () => {
    const policies = Object.entries(
      (doc as { data?: Record<string, Record<string, Attrs>> }).data?.aws_iam_policy_document ?? {},
    ).filter(([key]) => key.startsWith("DatabaseRolesIdentityGrants"));
    if (stack.includes("azure")) {
      expect(policies).toEqual([]);
      // Its identity is an Entra administrator of the server, next to the configured group.
      const admin = resourcesOf(doc, "azurerm_postgresql_flexible_server_active_directory_administrator")
        .DatabaseRolesAdministrator!;
      expect(admin.principal_type).toBe("ServicePrincipal");
      expect(admin.object_id).toMatch(
        /^\$\{azurerm_user_assigned_identity\.DatabaseRolesIdentity_[0-9A-F]+\.principal_id\}$/,
      );
      return;
    }
    expect(policies).toHaveLength(1);
    // biome-ignore lint/suspicious/noExplicitAny: synthesized JSON
    const statements = (policies[0]![1] as any).statement as { actions: string[]; resources: string[] }[];
    expect(statements.flatMap((s) => s.actions).sort()).toEqual([
      "kms:Decrypt",
      "secretsmanager:GetSecretValue",
    ]);
    for (const s of statements) expect(s.resources).toHaveLength(1);
  });
});
