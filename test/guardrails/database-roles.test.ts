/**
 * In every cluster stack, every database role a service logs in as (its DATABASE_URL, the app's and
 * the migrator's) is created by the stack's role Job before the release that uses it: the first
 * apply needs no step out of band. The Job's identity may read only the administrator's credential.
 */
import { describe, expect, it } from "vitest";
import {
  type Attrs,
  AZURE_CLUSTER_STACKS,
  deliveredObjects,
  EVERY_CLUSTER_STACK,
  readStack,
  resourcesOf,
  synthDir,
} from "../helpers";

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
      // Its identity is an Entra administrator of the server, next to the configured group, in the
      // foundation that owns both (a color comes and goes; the server's lock covers its children).
      const foundation = readStack(outdir, stack.replace(/-(blue|green|cluster)$/, ""));
      const [key, admin] = Object.entries(
        resourcesOf(foundation, "azurerm_postgresql_flexible_server_active_directory_administrator"),
      ).find(([k]) => k.startsWith("Database_DatabaseRolesAdministrator"))!;
      expect(key).toBeDefined();
      expect(admin.principal_type).toBe("ServicePrincipal");
      expect(admin.object_id).toMatch(
        /^\$\{azurerm_user_assigned_identity\.WorkloadIdentities_DatabaseRolesDatabaseRoles_[0-9A-F]+\.principal_id\}$/,
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

/** The resources that must exist before a pod of service account `namespace/name` can use its cloud identity. */
function identityGrantsOf(doc: Attrs, namespace: string, name: string): string[] {
  const account = Object.values(resourcesOf(doc, "kubernetes_service_account_v1")).find((a) => {
    const m = a.metadata as Attrs;
    return m.name === name && m.namespace === namespace;
  });
  const annotations = ((account?.metadata as Attrs | undefined)?.annotations ?? {}) as Record<string, string>;
  const role = /^\$\{aws_iam_role\.([^.]+)\.arn\}$/.exec(
    annotations["eks.amazonaws.com/role-arn"] ?? "",
  )?.[1];
  if (role) {
    return Object.entries(resourcesOf(doc, "aws_iam_role_policy"))
      .filter(([, p]) => p.role === `\${aws_iam_role.${role}.id}`)
      .map(([key]) => `aws_iam_role_policy.${key}`);
  }
  if (annotations["azure.workload.identity/client-id"]) {
    return Object.entries(resourcesOf(doc, "azurerm_federated_identity_credential"))
      .filter(([, c]) => c.subject === `system:serviceaccount:${namespace}:${name}`)
      .map(([key]) => `azurerm_federated_identity_credential.${key}`);
  }
  return [];
}

describe.each(EVERY_CLUSTER_STACK)("identities before their pods in %s", (stack) => {
  const doc = readStack(outdir, stack);

  it("the role Job waits for its identity's grants", () => {
    const [, job] = Object.entries(resourcesOf(doc, "kubernetes_job_v1"))[0]!;
    // biome-ignore lint/suspicious/noExplicitAny: synthesized JSON
    const spec = (job as any).spec.template.spec;
    const grants = identityGrantsOf(
      doc,
      (job.metadata as Attrs).namespace as string,
      spec.service_account_name,
    );
    expect(grants.length).toBeGreaterThan(0);
    expect(job.depends_on).toEqual(expect.arrayContaining(grants));
  });

  it("each delivery release waits for the grants of every identity its pods use", () => {
    const releases = Object.values(resourcesOf(doc, "helm_release"));
    let checked = 0;
    for (const { release, object } of deliveredObjects(outdir, stack)) {
      // biome-ignore lint/suspicious/noExplicitAny: free-form Kubernetes objects
      const pod = (object as any).spec?.template?.spec;
      const account = pod?.serviceAccountName as string | undefined;
      if (!account) continue;
      const grants = identityGrantsOf(doc, object.metadata.namespace as string, account);
      if (grants.length === 0) continue;
      const resource = releases.find((r) => r.name === release)!;
      expect(resource.depends_on, `${release} (${account})`).toEqual(expect.arrayContaining(grants));
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(2); // the workload and its migration
  });
});

describe.each(AZURE_CLUSTER_STACKS)("image pulls in %s", (stack) => {
  it("each delivery release waits for the kubelet's pull grant", () => {
    const doc = readStack(outdir, stack);
    const pulls = Object.keys(resourcesOf(doc, "azurerm_role_assignment")).filter((k) =>
      k.startsWith("RegistryPull"),
    );
    expect(pulls).toHaveLength(1);
    const delivery = Object.values(resourcesOf(doc, "helm_release")).filter((r) =>
      String(r.name).endsWith("-delivery"),
    );
    expect(delivery.length).toBeGreaterThan(0);
    for (const r of delivery) expect(r.depends_on).toContain(`azurerm_role_assignment.${pulls[0]}`);
  });
});

describe("the Azure colors share the database's identities", () => {
  const [blue, green] = ["prod-azure-blue", "prod-azure-green"].map((s) => readStack(outdir, s));
  const sqlOf = (doc: Attrs) => {
    // biome-ignore lint/suspicious/noExplicitAny: synthesized JSON
    const job = Object.values(resourcesOf(doc, "kubernetes_job_v1"))[0] as any;
    return (job.spec.template.spec.container[0].env as { name: string; value: string }[]).find(
      (e) => e.name === "ROLES_SQL",
    )!.value;
  };

  it("maps each role to the same identity whichever color applies first", () => {
    expect(sqlOf(blue!)).toBe(sqlOf(green!));
    expect(sqlOf(blue!)).toMatch(/cross-stack-reference-input-prod-azure\.outputs/);
  });

  it.each(
    AZURE_CLUSTER_STACKS,
  )("%s creates no identity a role maps to, and no database administrator", (stack) => {
    const doc = readStack(outdir, stack);
    expect(
      Object.keys(resourcesOf(doc, "azurerm_postgresql_flexible_server_active_directory_administrator")),
    ).toEqual([]);
    const identities = Object.values(resourcesOf(doc, "azurerm_user_assigned_identity")).map((i) => i.name);
    expect(identities.filter((n) => /database-roles|user-service/.test(String(n)))).toEqual([]);
  });
});
