/**
 * Typed values of the `vertical-pod-autoscaler` chart (kubernetes/autoscaler,
 * vertical-pod-autoscaler/charts/vertical-pod-autoscaler): only the keys {@link VerticalPodAutoscaling}
 * sets, spelt as in that chart's values.yaml at 0.11.0 and its deployment, PDB and webhook templates.
 */
import type { RESTRICTED_CONTAINER, ResourceRequirements, Toleration } from "./observability-common";

/** The SIG Autoscaling chart repository (the cluster-autoscaler chart comes from it too). */
export const VPA_REPOSITORY = "https://kubernetes.github.io/autoscaler";
/**
 * Chart 0.11.0 (VPA 1.7.1), the newest the repository's index lists; versions and values keys in
 * `chart-facts/vertical-pod-autoscaler.json`.
 */
export const VPA_CHART_VERSION = "0.11.0";
/**
 * Container port of the admission controller's webhook (the `vpa-webhook` Service's 443 targets it),
 * hard-coded in templates/admission-controller-deployment.yaml.
 */
export const VPA_WEBHOOK_PORT = 8000;

/**
 * A PodDisruptionBudget of one component. The chart renders `minAvailable` when set and refuses
 * `minAvailable` with `maxUnavailable`, so only the first is written.
 */
export type VpaDisruptionBudget =
  | { readonly enabled: true; readonly minAvailable: number }
  | { readonly enabled: false };

/** What the three components share: count, placement, resources and disruption budget. */
export interface VpaComponentValues {
  readonly replicas: number;
  readonly resources: ResourceRequirements;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
  readonly priorityClassName: string;
  readonly podDisruptionBudget: VpaDisruptionBudget;
}

export interface VerticalPodAutoscalerValues {
  /** The pod securityContext of all three Deployments (rendered whole, with toYaml). */
  readonly podSecurityContext: {
    readonly runAsNonRoot: true;
    readonly runAsUser: number;
    readonly seccompProfile: { readonly type: "RuntimeDefault" };
  };
  /** The container securityContext of all three Deployments (`{}` in the chart). */
  readonly containerSecurityContext: typeof RESTRICTED_CONTAINER;
  readonly recommender: VpaComponentValues;
  readonly updater: VpaComponentValues;
  readonly admissionController: VpaComponentValues & {
    /** Helm owns the MutatingWebhookConfiguration; the controller registers nothing itself. */
    readonly registerWebhook: false;
    /**
     * kube-webhook-certgen hook Jobs: `create` (pre-install/upgrade) writes a self-signed CA and serving
     * certificate into the `vpa-tls-certs` Secret, `patch` (post-install/upgrade) puts the CA into the
     * webhook's caBundle.
     */
    readonly certGen: { readonly enabled: true; readonly resources: ResourceRequirements };
    readonly mutatingWebhookConfiguration: { readonly failurePolicy: "Ignore" | "Fail" };
  };
}
