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

/**
 * Kinds that Terraform (through Helm) owns in a service's namespace: the workload, its routing,
 * autoscaling, disruption budget, analysis, monitor, identity, DATABASE_URL Secret, settings
 * ConfigMap, migration Job, and the
 * namespace's quota, limits and authorization policies. One owner per
 * object: the project refuses them, so Argo CD can neither sync a second copy from Git nor prune or
 * self-heal what the stacks deliver. Argo CD owns the rest of the application's manifests.
 */
export const TERRAFORM_OWNED_KINDS: readonly { readonly group: string; readonly kind: string }[] = [
  { group: "apps", kind: "Deployment" },
  { group: "argoproj.io", kind: "Rollout" },
  { group: "argoproj.io", kind: "AnalysisTemplate" },
  { group: "networking.istio.io", kind: "VirtualService" },
  { group: "networking.istio.io", kind: "DestinationRule" },
  { group: "autoscaling", kind: "HorizontalPodAutoscaler" },
  { group: "policy", kind: "PodDisruptionBudget" },
  { group: "monitoring.coreos.com", kind: "PodMonitor" },
  { group: "security.istio.io", kind: "AuthorizationPolicy" },
  { group: "security.istio.io", kind: "PeerAuthentication" },
  { group: "", kind: "ResourceQuota" },
  { group: "", kind: "LimitRange" },
  { group: "", kind: "Service" },
  { group: "", kind: "ServiceAccount" },
  { group: "", kind: "Secret" },
  { group: "", kind: "ConfigMap" },
  { group: "batch", kind: "Job" },
  { group: "autoscaling.k8s.io", kind: "VerticalPodAutoscaler" },
];

/**
 * Restricts the applications to their repositories, their namespaces and namespaced kinds (plus
 * Namespace), less the kinds Terraform owns.
 */
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
      namespaceResourceBlacklist: TERRAFORM_OWNED_KINDS.map((k) => ({ ...k })),
    },
  };
}

/**
 * An automated, self-healing, pruning Application. It owns only what its project allows, so it
 * never fights Terraform over the Rollout or the VirtualService whose weights Argo Rollouts moves.
 */
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
      // Defence in depth: the project refuses VirtualServices, and the weights stay Rollouts' anyway.
      ignoreDifferences: [
        { group: "networking.istio.io", kind: "VirtualService", jsonPointers: [...ROLLOUT_WEIGHT_POINTERS] },
      ],
    },
  };
}
