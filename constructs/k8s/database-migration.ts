import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import type { IJob } from "kubernetes-models/batch/v1/Job";
import { Construct, dependOn, type TerraformResource } from "../core";
import { Validator } from "../validation";
import type { ComputeResources } from "./app-namespace";
import { isDnsLabel, isPinnedImage } from "./k8s-validation";
import { toManifest } from "./manifest";
import type { KubernetesObject } from "./raw-manifests";
import { type PodToleration, RUN_AS_USER, TMP_MOUNT_PATH } from "./workload-spec";

export interface DatabaseMigrationProps {
  /** The service whose schema the Job migrates; the Job is `<service>-migrate`. */
  readonly service: string;
  readonly namespace: string;
  /** The release's image: the migration runs the same tag that is about to take traffic. */
  readonly image: string;
  /** The migration command, e.g. `["/app/migrate", "up"]`; it must be idempotent. */
  readonly command: readonly string[];
  /** The migrator role's DATABASE_URL (its own role, not the app's). */
  readonly databaseUrlSecret: {
    readonly name: string;
    readonly key: string;
    readonly createdBy?: TerraformResource;
  };
  /** Annotations of the migrator's service account: the cloud identity that may log in as the migrator role. */
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  /**
   * Resources of the migration container.
   * @default - requests 100m/128Mi, limits 500m/256Mi
   */
  readonly resources?: { readonly requests: ComputeResources; readonly limits: ComputeResources };
  /**
   * Seconds the Job may run before it fails (and with it the release): below the release's own 600 s
   * timeout, so that the Job's failure, not a generic timeout, is what the apply reports.
   * @default 540
   */
  readonly activeDeadlineSeconds?: number;
  /**
   * Retries of a failed migration pod.
   * @default 1
   */
  readonly backoffLimit?: number;
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
   * Extra pod labels, e.g. what the cloud identity needs injected.
   * @default {}
   */
  readonly extraPodLabels?: Readonly<Record<string, string>>;
  /**
   * What the service account waits for, e.g. the namespace.
   * @default - none
   */
  readonly dependsOn?: readonly TerraformResource[];
}

/**
 * A service's versioned schema migration, run as a Helm `pre-install,pre-upgrade` hook of the
 * service's delivery release: Helm runs it, from the new image, before it applies the new Deployment
 * or Rollout, and a failed Job fails the release, which is atomic, so the new version never starts
 * and the old one keeps serving. It logs in as the service's migrator role (`<role>_migrator`,
 * owner of the schema) through its own service account and cloud identity; the app's role has only
 * the privileges it needs at run time. The Job is recreated for every release
 * (`before-hook-creation`), so a failed one stays for its logs until the next attempt.
 */
export class DatabaseMigration extends Construct {
  public readonly jobName: string;
  public readonly serviceAccountName: string;
  public readonly serviceAccount: ServiceAccountV1;
  /** The Job, for the delivery release's manifests. */
  public readonly job: KubernetesObject;
  /** What the delivery release must wait for: the service account and the migrator's Secret. */
  public readonly prerequisites: readonly TerraformResource[];

  constructor(scope: Construct, id: string, props: DatabaseMigrationProps) {
    super(scope, id);
    const deadline = props.activeDeadlineSeconds ?? 540;
    const backoff = props.backoffLimit ?? 1;
    new Validator(`DatabaseMigration ${this.node.path}`)
      .check(
        isDnsLabel(`${props.service}-migrate`),
        "service",
        props.service,
        "a DNS label of at most 55 characters",
        "the Job is <service>-migrate",
      )
      .check(
        isPinnedImage(props.image),
        "image",
        props.image,
        "an image pinned to a tag (not latest) or a digest",
        "migrate from the release's own tag",
      )
      .check(
        props.command.length > 0,
        "command",
        props.command,
        "a non-empty command",
        'e.g. ["/app/migrate", "up"]',
      )
      .check(
        Number.isInteger(deadline) && deadline >= 60 && deadline <= 3600,
        "activeDeadlineSeconds",
        deadline,
        "an integer from 60 to 3600",
        "a migration longer than an hour belongs in a separate, planned change",
      )
      .check(
        Number.isInteger(backoff) && backoff >= 0 && backoff <= 3,
        "backoffLimit",
        backoff,
        "an integer from 0 to 3",
        "an idempotent migration may retry once or twice",
      )
      .throwIfAny();
    this.jobName = `${props.service}-migrate`;
    this.serviceAccountName = `${props.service}-migrator`;
    this.serviceAccount = new ServiceAccountV1(this, "ServiceAccount", {
      metadata: {
        name: this.serviceAccountName,
        namespace: props.namespace,
        labels: { "app.kubernetes.io/name": props.service, "app.kubernetes.io/component": "migration" },
        annotations: { ...props.serviceAccountAnnotations },
      },
      automountServiceAccountToken: false,
    });
    dependOn(this.serviceAccount, props.dependsOn ?? []);
    this.prerequisites = [
      this.serviceAccount,
      ...(props.databaseUrlSecret.createdBy ? [props.databaseUrlSecret.createdBy] : []),
    ];
    const resources = props.resources ?? {
      requests: { cpu: "100m", memory: "128Mi" },
      limits: { cpu: "500m", memory: "256Mi" },
    };
    const seccomp = { type: "RuntimeDefault" } as const;
    const job: IJob = {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: {
        name: this.jobName,
        namespace: props.namespace,
        labels: { "app.kubernetes.io/name": props.service, "app.kubernetes.io/component": "migration" },
        annotations: {
          "helm.sh/hook": "pre-install,pre-upgrade",
          "helm.sh/hook-weight": "-5",
          "helm.sh/hook-delete-policy": "before-hook-creation",
        },
      },
      spec: {
        backoffLimit: backoff,
        activeDeadlineSeconds: deadline,
        template: {
          metadata: {
            labels: {
              "app.kubernetes.io/name": `${props.service}-migrate`,
              "app.kubernetes.io/component": "migration",
              // No sidecar: it would keep the Job from completing, and the database is outside the mesh.
              // Istio reads the label (the annotation is deprecated).
              "sidecar.istio.io/inject": "false",
              ...props.extraPodLabels,
            },
          },
          spec: {
            restartPolicy: "Never",
            serviceAccountName: this.serviceAccountName,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            nodeSelector: { ...(props.nodeSelector ?? { "node-role": "application" }) },
            ...(props.tolerations && props.tolerations.length > 0
              ? { tolerations: props.tolerations.map((t) => ({ ...t })) }
              : {}),
            securityContext: { runAsNonRoot: true, seccompProfile: seccomp },
            containers: [
              {
                name: "migrate",
                image: props.image,
                command: [...props.command],
                env: [
                  {
                    name: "DATABASE_URL",
                    valueFrom: {
                      secretKeyRef: { name: props.databaseUrlSecret.name, key: props.databaseUrlSecret.key },
                    },
                  },
                ],
                resources: { requests: { ...resources.requests }, limits: { ...resources.limits } },
                securityContext: {
                  runAsNonRoot: true,
                  runAsUser: RUN_AS_USER,
                  runAsGroup: RUN_AS_USER,
                  allowPrivilegeEscalation: false,
                  privileged: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ["ALL"] },
                  seccompProfile: seccomp,
                },
                volumeMounts: [{ name: "tmp", mountPath: TMP_MOUNT_PATH }],
              },
            ],
            volumes: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
          },
        },
      },
    };
    this.job = toManifest(job);
  }
}
