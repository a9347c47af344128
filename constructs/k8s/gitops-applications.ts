/**
 * The Argo CD custom resources {@link GitOps} delivers: one AppProject fencing the applications in,
 * and one Application per entry. Typed with `@kubernetes-models/argo-cd` (type-only imports; see
 * manifest.ts).
 */
import type { IApplication } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import type { IAppProject } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject";

/** One application Argo CD keeps in sync from Git. */
export interface GitOpsApplication {
  /** Application name (a DNS subdomain), unique within Argo CD. */
  readonly name: string;
  /** Git repository URL (`https://`, `ssh://` or `git@`). */
  readonly repoUrl: string;
  /** Branch, tag or commit to track. */
  readonly targetRevision: string;
  /** Directory of the manifests inside the repository. */
  readonly path: string;
  /** Namespace the manifests are applied to; created on first sync. */
  readonly destinationNamespace: string;
}

/** The in-cluster API server, as Argo CD names it. */
export const IN_CLUSTER = "https://kubernetes.default.svc";

/**
 * Argo Rollouts rewrites these weights during a canary; Argo CD must neither report them as drift nor
 * put them back (`RespectIgnoreDifferences=true`), or the two controllers fight over the route.
 */
export const ROLLOUT_WEIGHT_POINTERS = ["/spec/http/0/route/0/weight", "/spec/http/0/route/1/weight"];

/** Restricts the applications to their repositories, their namespaces and namespaced kinds (plus Namespace). */
export function appProject(name: string, namespace: string, apps: readonly GitOpsApplication[]): IAppProject {
  const unique = (xs: string[]) => [...new Set(xs)].sort();
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "AppProject",
    metadata: { name, namespace },
    spec: {
      description: "Platform workloads delivered from Git; only their repositories and namespaces.",
      sourceRepos: unique(apps.map((a) => a.repoUrl)),
      destinations: unique(apps.map((a) => a.destinationNamespace)).map((ns) => ({
        server: IN_CLUSTER,
        namespace: ns,
      })),
      clusterResourceWhitelist: [{ group: "", kind: "Namespace" }],
      namespaceResourceWhitelist: [{ group: "*", kind: "*" }],
    },
  };
}

/** An automated, self-healing, pruning Application that leaves Rollouts' route weights alone. */
export function application(app: GitOpsApplication, project: string, namespace: string): IApplication {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name: app.name, namespace },
    spec: {
      project,
      source: { repoURL: app.repoUrl, targetRevision: app.targetRevision, path: app.path },
      destination: { server: IN_CLUSTER, namespace: app.destinationNamespace },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ["CreateNamespace=true", "RespectIgnoreDifferences=true"],
      },
      revisionHistoryLimit: 10,
      ignoreDifferences: [
        { group: "networking.istio.io", kind: "VirtualService", jsonPointers: [...ROLLOUT_WEIGHT_POINTERS] },
      ],
    },
  };
}
