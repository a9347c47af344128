import { describe, expect, it } from "vitest";
import { Testing } from "../../../constructs/core";
import { DatabaseMigration, type DatabaseMigrationProps } from "../../../constructs/k8s/database-migration";
import { type Attrs, errorOf, resourcesOf } from "../../helpers";

const props: DatabaseMigrationProps = {
  service: "user-service",
  namespace: "user-service",
  image: "ghcr.io/acme/user-service:1.4.2",
  command: ["/app/migrate", "up"],
  databaseUrlSecret: { name: "user-service-migrator-database", key: "DATABASE_URL" },
  serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/migrator" },
};

function build(overrides: Partial<DatabaseMigrationProps> = {}) {
  let migration: DatabaseMigration | undefined;
  const out = Testing.synthScope((scope) => {
    migration = new DatabaseMigration(scope, "Migration", { ...props, ...overrides });
  });
  return { out, migration: migration! };
}

describe("DatabaseMigration", () => {
  it("is a pre-install and pre-upgrade hook of the release, recreated for each release", () => {
    // biome-ignore lint/suspicious/noExplicitAny: free-form Kubernetes object
    const job = build().migration.job as any;
    expect(job).toMatchObject({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "user-service-migrate" },
    });
    expect(job.metadata.annotations).toEqual({
      "helm.sh/hook": "pre-install,pre-upgrade",
      "helm.sh/hook-weight": "-5",
      "helm.sh/hook-delete-policy": "before-hook-creation",
    });
    expect(job.spec).toMatchObject({ backoffLimit: 1, activeDeadlineSeconds: 540 });
  });

  it("runs the release's image as the migrator's own account and DATABASE_URL, hardened, without a sidecar", () => {
    const { out, migration } = build();
    // biome-ignore lint/suspicious/noExplicitAny: free-form Kubernetes object
    const pod = (migration.job as any).spec.template;
    expect(pod.metadata.labels["sidecar.istio.io/inject"]).toBe("false");
    expect(pod.spec.serviceAccountName).toBe("user-service-migrator");
    expect(pod.spec.restartPolicy).toBe("Never");
    const [container] = pod.spec.containers;
    expect(container.image).toBe(props.image);
    expect(container.command).toEqual(["/app/migrate", "up"]);
    expect(container.env).toEqual([
      {
        name: "DATABASE_URL",
        valueFrom: { secretKeyRef: { name: "user-service-migrator-database", key: "DATABASE_URL" } },
      },
    ]);
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    });
    const [account] = Object.values(resourcesOf(out, "kubernetes_service_account_v1")) as Attrs[];
    expect(account!.metadata).toMatchObject({
      name: "user-service-migrator",
      namespace: "user-service",
      annotations: props.serviceAccountAnnotations,
    });
    expect(migration.prerequisites).toContain(migration.serviceAccount);
  });

  it("rejects an unpinned image, an empty command, and out-of-range deadline and retries", () => {
    expect(
      errorOf(() =>
        build({
          service: "A_B",
          image: "ghcr.io/acme/user-service:latest",
          command: [],
          activeDeadlineSeconds: 30,
          backoffLimit: 9,
        }),
      ),
    ).toMatch(
      /service: got "A_B"; allowed: a DNS label[\s\S]*image: got "ghcr\.io\/acme\/user-service:latest"; allowed: an image pinned[\s\S]*command: got \[\]; allowed: a non-empty command[\s\S]*activeDeadlineSeconds: got 30; allowed: an integer from 60 to 3600[\s\S]*backoffLimit: got 9; allowed: an integer from 0 to 3/,
    );
  });
});

describe("DatabaseMigration on a cloud whose identity needs pod labels and tolerations", () => {
  it("puts the identity's pod labels and the cluster's tolerations on the Job's pod", () => {
    const job = build({
      extraPodLabels: { "azure.workload.identity/use": "true" },
      tolerations: [
        {
          key: "kubernetes.azure.com/scalesetpriority",
          operator: "Equal",
          value: "spot",
          effect: "NoSchedule",
        },
      ],
      // biome-ignore lint/suspicious/noExplicitAny: free-form Kubernetes object
    }).migration.job as any;
    expect(job.spec.template.metadata.labels).toMatchObject({ "azure.workload.identity/use": "true" });
    expect(job.spec.template.spec.tolerations).toEqual([
      {
        key: "kubernetes.azure.com/scalesetpriority",
        operator: "Equal",
        value: "spot",
        effect: "NoSchedule",
      },
    ]);
    // The selector-free Job keeps its own labels too.
    expect(job.spec.template.metadata.labels["app.kubernetes.io/component"]).toBe("migration");
  });
});
