/**
 * Fixture builders for the Kubernetes rules: a compliant Deployment (Kubernetes provider, HCL
 * shape), a compliant Argo Rollout (`kubernetes_manifest`), their PodDisruptionBudgets and a compliant
 * Helm release. Rules derive their violating fixture by changing one thing.
 */
import type { JsonObject, StackDoc } from "../../types.js";
import { stackOf } from "../fixture.js";

/** A compliant container, Kubernetes API shape. */
export const GOOD_CONTAINER: JsonObject = {
  name: "web",
  image: "ghcr.io/acme/web:1.4.2",
  livenessProbe: { httpGet: { path: "/healthz", port: 8080 } },
  readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
  resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
  securityContext: {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
  },
};

/** A compliant container security context, Kubernetes-provider HCL shape. */
export const GOOD_SECURITY_CONTEXT_HCL: JsonObject = {
  run_as_non_root: true,
  allow_privilege_escalation: false,
  read_only_root_filesystem: true,
  capabilities: [{ drop: ["ALL"] }],
};

/** A compliant container, Kubernetes-provider HCL shape. */
export const GOOD_CONTAINER_HCL: JsonObject = {
  name: "api",
  image: "ghcr.io/acme/api@sha256:4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b",
  liveness_probe: [{ http_get: [{ path: "/healthz", port: "8080" }] }],
  readiness_probe: [{ http_get: [{ path: "/ready", port: "8080" }] }],
  resources: [{ requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } }],
  security_context: [GOOD_SECURITY_CONTEXT_HCL],
};

/** `kubernetes_deployment_v1` attributes for one container. */
export function deployment(
  container: JsonObject,
  options: { replicas?: unknown; pod?: JsonObject } = {},
): JsonObject {
  return {
    metadata: [{ name: "api", namespace: "shop" }],
    spec: [
      {
        replicas: options.replicas ?? "3",
        selector: [{ match_labels: { app: "api" } }],
        template: [
          {
            metadata: [{ labels: { app: "api" } }],
            spec: [
              {
                security_context: [{ run_as_non_root: true, seccomp_profile: [{ type: "RuntimeDefault" }] }],
                ...options.pod,
                container: [container],
              },
            ],
          },
        ],
      },
    ],
  };
}

/** `kubernetes_manifest` attributes holding an Argo Rollout with one container. */
export function rollout(
  container: JsonObject,
  options: { replicas?: unknown; pod?: JsonObject } = {},
): JsonObject {
  return {
    manifest: {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Rollout",
      metadata: { name: "web", namespace: "shop" },
      spec: {
        replicas: options.replicas ?? 2,
        selector: { matchLabels: { app: "web" } },
        strategy: { canary: { steps: [{ setWeight: 20 }, { pause: { duration: "5m" } }] } },
        template: {
          metadata: { labels: { app: "web", tier: "frontend" } },
          spec: {
            securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
            ...options.pod,
            containers: [container],
          },
        },
      },
    },
  };
}

/** Compliant Helm values (YAML). */
export const GOOD_HELM_VALUES = `replicaCount: 2
image:
  repository: ghcr.io/acme/worker
  tag: "2.1.0"
podSecurityContext:
  runAsNonRoot: true
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  runAsNonRoot: true
  capabilities:
    drop: [ALL]
`;

/** `helm_release` attributes with the given values documents. */
export function helmRelease(...values: string[]): JsonObject {
  return {
    name: "worker",
    chart: "worker",
    repository: "https://charts.acme.example",
    version: "2.1.0",
    values,
  };
}

/** PodDisruptionBudgets for the Deployment (provider resource) and the Rollout (manifest). */
export const PDBS = {
  kubernetes_pod_disruption_budget_v1: {
    api: {
      metadata: [{ name: "api", namespace: "shop" }],
      spec: [{ min_available: "1", selector: [{ match_labels: { app: "api" } }] }],
    },
  },
  kubernetes_manifest: {
    web_pdb: {
      manifest: {
        apiVersion: "policy/v1",
        kind: "PodDisruptionBudget",
        metadata: { name: "web", namespace: "shop" },
        spec: { maxUnavailable: 1, selector: { matchLabels: { app: "web" } } },
      },
    },
  },
};

/** A stack where every Kubernetes rule passes, in production. */
export function compliantWorkloads(): StackDoc {
  return stackOf({
    kubernetes_deployment_v1: { api: deployment(GOOD_CONTAINER_HCL) },
    kubernetes_pod_disruption_budget_v1: PDBS.kubernetes_pod_disruption_budget_v1,
    kubernetes_manifest: { web: rollout(GOOD_CONTAINER), ...PDBS.kubernetes_manifest },
    helm_release: { worker: helmRelease(GOOD_HELM_VALUES) },
  });
}

/** `GOOD_CONTAINER_HCL` without one resource quantity, e.g. `("limits", "cpu")`. */
export function hclWithoutResource(kind: "requests" | "limits", name: "cpu" | "memory"): JsonObject {
  const resources: Record<string, Record<string, string>> = {
    requests: { cpu: "250m", memory: "256Mi" },
    limits: { cpu: "1", memory: "512Mi" },
  };
  delete resources[kind]![name];
  return { ...GOOD_CONTAINER_HCL, resources: [resources] };
}
