/**
 * In every cluster stack, every service with a migration runs it as a hook of its own delivery
 * release, from the same image as the workload, under an account and database role that are not
 * the app's, and the release waits for that account and its Secret.
 */
import { describe, expect, it } from "vitest";
import {
  type Attrs,
  deliveredObjects,
  EVERY_CLUSTER_STACK,
  readStack,
  resourcesOf,
  synthDir,
} from "../helpers";

const outdir = synthDir();

describe.each(EVERY_CLUSTER_STACK)("migrations in %s", (stack) => {
  const doc = readStack(outdir, stack);
  const delivered = deliveredObjects(outdir, stack);
  const jobs = delivered.filter(
    (d) =>
      d.object.kind === "Job" &&
      (d.object.metadata as { labels?: Record<string, string> }).labels?.["app.kubernetes.io/component"] ===
        "migration",
  );
  const secrets = Object.values(resourcesOf(doc, "kubernetes_secret_v1"));

  it("has a migration for every service that has one (user-service)", () => {
    expect(jobs.map((j) => j.object.metadata.name)).toEqual(["user-service-migrate"]);
  });

  it.each(
    jobs.map((j) => [j.object.metadata.name, j] as const),
  )("%s runs before the new version, apart from the app", (_n, job) => {
    // biome-ignore lint/suspicious/noExplicitAny: free-form Kubernetes objects
    const object = job.object as any;
    expect(object.metadata.annotations["helm.sh/hook"]).toBe("pre-install,pre-upgrade");
    const workload = delivered.find(
      (d) => d.release === job.release && (d.object.kind === "Deployment" || d.object.kind === "Rollout"),
    );
    expect(workload, "the migration rides in the workload's own release").toBeDefined();
    // biome-ignore lint/suspicious/noExplicitAny: free-form Kubernetes objects
    const app = (workload!.object as any).spec.template.spec;
    const pod = object.spec.template.spec;
    expect(pod.containers[0].image).toBe(app.containers[0].image);
    expect(pod.serviceAccountName).not.toBe(app.serviceAccountName);
    const urlOf = (name: string) =>
      secrets.find((s) => (s.metadata as Attrs).name === name)?.data as Record<string, string> | undefined;
    const migratorUrl = urlOf(pod.containers[0].env[0].valueFrom.secretKeyRef.name)!.DATABASE_URL!;
    const appSecret = app.containers[0].env.find((e: { name: string }) => e.name === "DATABASE_URL").valueFrom
      .secretKeyRef.name;
    const appUrl = urlOf(appSecret)!.DATABASE_URL!;
    expect(migratorUrl).toMatch(/^postgresql:\/\/[a-z_]+_migrator@/);
    expect(appUrl).not.toMatch(/_migrator@/);
    const release = Object.values(resourcesOf(doc, "helm_release")).find((r) => r.name === job.release)!;
    const account = Object.entries(resourcesOf(doc, "kubernetes_service_account_v1")).find(
      ([, a]) => (a.metadata as Attrs).name === pod.serviceAccountName,
    )!;
    expect(release.depends_on).toContain(`kubernetes_service_account_v1.${account[0]}`);
  });
});

/** The annotation Entra workload identity reads, and the label the pods need for its injection. */
const AZURE_CLIENT_ID = "azure.workload.identity/client-id";
const AZURE_USE_LABEL = "azure.workload.identity/use";

describe.each(EVERY_CLUSTER_STACK)("cloud identities of the pods in %s", (stack) => {
  const doc = readStack(outdir, stack);
  const accounts = new Map(
    Object.values(resourcesOf(doc, "kubernetes_service_account_v1")).map((a) => {
      const m = a.metadata as Attrs;
      return [`${m.namespace}/${m.name}` as string, (m.annotations ?? {}) as Record<string, string>] as const;
    }),
  );
  const pods = deliveredObjects(outdir, stack)
    .map((d) => d.object as Attrs)
    .filter((o) => ["Deployment", "Rollout", "Job"].includes(o.kind as string))
    .map((o) => {
      // biome-ignore lint/suspicious/noExplicitAny: free-form Kubernetes object
      const template = (o as any).spec.template;
      const namespace = (o.metadata as Attrs).namespace;
      return {
        name: `${o.kind}/${(o.metadata as Attrs).name}`,
        template,
        account: `${namespace}/${template.spec.serviceAccountName}`,
      };
    });

  it("labels every pod whose service account has an Entra workload identity, so the token is injected", () => {
    const missing = pods
      .filter((p) => accounts.get(p.account)?.[AZURE_CLIENT_ID] !== undefined)
      .filter((p) => p.template.metadata.labels?.[AZURE_USE_LABEL] !== "true")
      .map((p) => p.name);
    expect(missing).toEqual([]);
    if (stack.includes("azure")) {
      expect(
        pods.filter((p) => accounts.get(p.account)?.[AZURE_CLIENT_ID] !== undefined).length,
      ).toBeGreaterThan(1);
    }
  });
});
