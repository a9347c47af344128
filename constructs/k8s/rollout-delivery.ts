/**
 * The workload of a web service, around one pod template: a rolling `Deployment` (25% surge, 25%
 * unavailable), or an Argo Rollouts `Rollout` that shifts traffic by Istio subsets step by step, with
 * background analysis that aborts on failure. Both are delivered through RawManifests.
 */
import type { ICanaryStep } from "@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/CanaryStep";
import type { IRollout } from "@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IPodTemplateSpec } from "kubernetes-models/v1/PodTemplateSpec";
import { CANARY_SUBSET, PRIMARY_ROUTE, STABLE_SUBSET } from "./mesh-routing";
import { CANARY_HASH_ARG, NAMESPACE_ARG, SERVICE_NAME_ARG } from "./threshold-analysis-templates";

/** One canary step: shift this share of traffic to the canary, then wait. */
export interface CanaryStepSpec {
  /** Share of requests sent to the canary, 1-100. */
  readonly weightPercent: number;
  /** Minutes to hold before the next step; 0 moves on once the canary pods are ready. */
  readonly pauseMinutes: number;
}

/** 5% for 10 minutes, 25% for 20 minutes, then full promotion. */
export const DEFAULT_CANARY_STEPS: readonly CanaryStepSpec[] = [
  { weightPercent: 5, pauseMinutes: 10 },
  { weightPercent: 25, pauseMinutes: 20 },
  { weightPercent: 100, pauseMinutes: 0 },
];

/**
 * Rollout steps: `setWeight` then `pause` (omitted for 0 minutes). A last step of 100% with no pause
 * is the promotion the end of the steps performs anyway, so it emits nothing.
 */
export function rolloutSteps(steps: readonly CanaryStepSpec[]): ICanaryStep[] {
  return steps.flatMap((s, i) => {
    const implicitPromotion = i === steps.length - 1 && s.weightPercent === 100 && s.pauseMinutes === 0;
    if (implicitPromotion) return [];
    return [
      { setWeight: s.weightPercent },
      ...(s.pauseMinutes > 0 ? [{ pause: { duration: `${s.pauseMinutes}m` } }] : []),
    ];
  });
}

/** What both workload kinds need: identity, selector and the pod template. */
export interface WorkloadOptions {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly selector: Readonly<Record<string, string>>;
  readonly template: IPodTemplateSpec;
}

/** Rolling updates bring up a quarter more pods and take down at most a quarter at a time. */
export const ROLLING_UPDATE = { maxSurge: "25%", maxUnavailable: "25%" } as const;

/**
 * The Deployment of a rolling web service. Like the Rollout it declares no `spec.replicas`: the HPA
 * owns the count, which a Helm upgrade would otherwise reset. Kubernetes starts an undeclared count at
 * 1 and the HPA raises it to its minimum.
 */
export function rollingDeployment(o: WorkloadOptions): IDeployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: o.name, namespace: o.namespace, labels: { ...o.labels } },
    spec: {
      revisionHistoryLimit: 5,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: { ...o.selector } },
      strategy: { type: "RollingUpdate", rollingUpdate: { ...ROLLING_UPDATE } },
      template: o.template,
    },
  };
}

export interface CanaryRolloutOptions extends WorkloadOptions {
  readonly canaryService: string;
  readonly stableService: string;
  readonly virtualServiceName: string;
  readonly destinationRuleName: string;
  readonly steps: readonly CanaryStepSpec[];
  readonly analysisTemplateNames: readonly string[];
  /** Step index the background analysis starts at; unset starts it with the first step. */
  readonly analysisStartingStep?: number;
}

/**
 * The Rollout. It declares no `spec.replicas`: the HPA owns the count, and Helm's three-way merge
 * re-applies every declared field on each upgrade of the release, so a declared count would be reset
 * under load whenever the image changes. Argo Rollouts starts an undeclared count at 1 and the HPA
 * raises it to its minimum.
 */
export function canaryRollout(o: CanaryRolloutOptions): IRollout {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Rollout",
    metadata: { name: o.name, namespace: o.namespace, labels: { ...o.labels } },
    spec: {
      revisionHistoryLimit: 5,
      progressDeadlineSeconds: 600,
      // A canary whose pods never become ready is aborted, not left half-rolled.
      progressDeadlineAbort: true,
      selector: { matchLabels: { ...o.selector } },
      template: o.template,
      strategy: {
        canary: {
          canaryService: o.canaryService,
          stableService: o.stableService,
          trafficRouting: {
            istio: {
              virtualService: { name: o.virtualServiceName, routes: [PRIMARY_ROUTE] },
              destinationRule: {
                name: o.destinationRuleName,
                canarySubsetName: CANARY_SUBSET,
                stableSubsetName: STABLE_SUBSET,
              },
            },
          },
          steps: rolloutSteps(o.steps),
          analysis: {
            templates: o.analysisTemplateNames.map((templateName) => ({ templateName })),
            ...(o.analysisStartingStep !== undefined ? { startingStep: o.analysisStartingStep } : {}),
            args: [
              { name: SERVICE_NAME_ARG, value: o.name },
              { name: NAMESPACE_ARG, value: o.namespace },
              { name: CANARY_HASH_ARG, valueFrom: { podTemplateHashValue: "Latest" } },
            ],
          },
        },
      },
    },
  };
}
