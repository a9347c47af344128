/**
 * One description of a web service's pod, rendered as the Kubernetes `PodTemplateSpec` that both the
 * rolling Deployment and the canary Rollout carry, so the two strategies cannot drift.
 */
import type { IPodTemplateSpec } from "kubernetes-models/v1/PodTemplateSpec";
import type { ComputeResources } from "./app-namespace";

/** An HTTP probe on the container port. */
export interface HttpProbe {
  readonly path: string;
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
}

/** Liveness: restart a container whose `/health` fails. */
export const LIVENESS_PROBE: HttpProbe = { path: "/health", initialDelaySeconds: 30, periodSeconds: 10 };
/** Readiness: take a pod out of the Service while `/ready` fails. */
export const READINESS_PROBE: HttpProbe = { path: "/ready", initialDelaySeconds: 5, periodSeconds: 5 };
/** UID and GID the container runs as (non-root, outside the image's system range). */
export const RUN_AS_USER = 10001;
/** Where the writable scratch volume is mounted (the root filesystem is read-only). */
export const TMP_MOUNT_PATH = "/tmp";

/** A topology spread constraint on the pod's own labels. */
export interface SpreadRule {
  readonly topologyKey: string;
  readonly whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
}

/** Everything that differs between services; the security posture and probes are fixed. */
export interface PodDesign {
  readonly containerName: string;
  readonly image: string;
  readonly port: number;
  readonly labels: Readonly<Record<string, string>>;
  /** The subset of `labels` that identifies the pods (Service, PDB and spread selectors). */
  readonly selector: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly serviceAccountName: string;
  /** Plain environment variables. */
  readonly env: Readonly<Record<string, string>>;
  /**
   * ConfigMap whose keys the container reads as variables (`envFrom`).
   * @default - none
   */
  readonly configMapName?: string;
  /** Variables read from Secrets, e.g. DATABASE_URL. */
  readonly secretEnv: readonly { readonly name: string; readonly secretName: string; readonly key: string }[];
  readonly requests: ComputeResources;
  readonly limits: ComputeResources;
  readonly nodeSelector: Readonly<Record<string, string>>;
  /**
   * Taints the pods tolerate (a spot pool's).
   * @default []
   */
  readonly tolerations?: readonly PodToleration[];
  readonly spread: readonly SpreadRule[];
  /** Label whose value splits the spread per ReplicaSet (`pod-template-hash` or Rollouts' own). */
  readonly revisionLabel: string;
  readonly tmpSizeLimit: string;
}

/** A toleration, as the pod spec spells it. */
export interface PodToleration {
  readonly key: string;
  readonly operator: "Equal" | "Exists";
  readonly value?: string;
  readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

const SECCOMP = { type: "RuntimeDefault" } as const;

function envList(d: PodDesign) {
  return [
    ...Object.keys(d.env)
      .sort()
      .map((name) => ({ name, value: d.env[name] as string })),
    ...d.secretEnv.map((s) => ({
      name: s.name,
      valueFrom: { secretKeyRef: { name: s.secretName, key: s.key } },
    })),
  ];
}

/** The pod template, for a Deployment's or a Rollout's `spec.template`. */
export function toPodTemplate(d: PodDesign): IPodTemplateSpec {
  const probe = (p: HttpProbe) => ({
    httpGet: { path: p.path, port: d.port },
    initialDelaySeconds: p.initialDelaySeconds,
    periodSeconds: p.periodSeconds,
  });
  return {
    metadata: { labels: { ...d.labels }, annotations: { ...d.annotations } },
    spec: {
      serviceAccountName: d.serviceAccountName,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      nodeSelector: { ...d.nodeSelector },
      ...(d.tolerations && d.tolerations.length > 0
        ? { tolerations: d.tolerations.map((t) => ({ ...t })) }
        : {}),
      securityContext: { runAsNonRoot: true, seccompProfile: SECCOMP },
      topologySpreadConstraints: d.spread.map((s) => ({
        maxSkew: 1,
        topologyKey: s.topologyKey,
        whenUnsatisfiable: s.whenUnsatisfiable,
        labelSelector: { matchLabels: { ...d.selector } },
        matchLabelKeys: [d.revisionLabel],
      })),
      containers: [
        {
          name: d.containerName,
          image: d.image,
          ports: [{ name: "http", containerPort: d.port, protocol: "TCP" }],
          ...(d.configMapName ? { envFrom: [{ configMapRef: { name: d.configMapName } }] } : {}),
          env: envList(d),
          resources: { requests: { ...d.requests }, limits: { ...d.limits } },
          livenessProbe: probe(LIVENESS_PROBE),
          readinessProbe: probe(READINESS_PROBE),
          securityContext: {
            runAsNonRoot: true,
            runAsUser: RUN_AS_USER,
            runAsGroup: RUN_AS_USER,
            allowPrivilegeEscalation: false,
            privileged: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
            seccompProfile: SECCOMP,
          },
          volumeMounts: [{ name: "tmp", mountPath: TMP_MOUNT_PATH }],
        },
      ],
      volumes: [{ name: "tmp", emptyDir: { sizeLimit: d.tmpSizeLimit } }],
    },
  };
}
