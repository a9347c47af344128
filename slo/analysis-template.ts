/**
 * Argo Rollouts AnalysisTemplates from the same specs: one per service, one metric per SLO with
 * `canary.enabled`. Thresholds come from the spec:
 *
 * - ratio SLI: success when the canary error rate is below the error budget (99.9% -> < 0.001),
 *   failure (abort) above `canary.failureErrorRatePercent` (default 1% -> > 0.01);
 * - latency SLI: success when the canary's quantile (objective 95 -> p95) is below
 *   `thresholdSeconds`, failure above `canary.failureLatencySeconds` (default 1 s).
 *
 * In between, neither condition holds and the measurement is inconclusive (the rollout pauses).
 * Queries select the canary by the `rollouts_pod_template_hash` label (the pod label
 * `rollouts-pod-template-hash` copied onto the series by the scrape config) via the template arg
 * `canary-hash`. Without canary traffic the queries return the sentinel -1, not NaN or nothing, and
 * -1 matches neither condition: no traffic is inconclusive, never a pass.
 */
import type { IAnalysisTemplate } from "@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate";
import type { IAnalysisTemplateSpec } from "@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplateSpec";
import type { IArgument } from "@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Argument";
import type { IMetric } from "@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Metric";
import { errorBudget } from "./budget.js";
import { dec } from "./decimal.js";
import { type KubernetesOptions, MANAGED_BY_LABELS, type Named, namespaceOf } from "./k8s-types.js";
import { errorRatioExpr, latencyQuantile, latencyQuantileExpr } from "./promql.js";
import type { Matcher } from "./selector.js";
import type { SloDefinition, SloSpec } from "./spec-types.js";

/** Series label identifying the canary ReplicaSet's pods. */
export const CANARY_HASH_LABEL = "rollouts_pod_template_hash";
/** Template arg carrying the canary's pod-template hash (`valueFrom.podTemplateHashValue: Latest`). */
export const CANARY_HASH_ARG = "canary-hash";
/** Template arg carrying the Prometheus URL. */
export const PROMETHEUS_ADDRESS_ARG = "prometheus-address";
/** Default Prometheus URL: kube-prometheus-stack (release `kube-prometheus-stack`) in `monitoring`. */
export const DEFAULT_PROMETHEUS_ADDRESS = "http://kube-prometheus-stack-prometheus.monitoring.svc:9090";
/** Value the canary queries return when the canary served no requests in the window. */
export const NO_TRAFFIC_SENTINEL = -1;
/** Rate window of the canary queries. */
export const CANARY_RATE_WINDOW = "5m";
/** Wait before the first measurement: four 30 s scrapes of the canary's pods. */
export const CANARY_INITIAL_DELAY = "2m";

/** One metric of an AnalysisTemplate, with the fields the compiler always sets. */
export type AnalysisMetric = IMetric & {
  readonly successCondition: string;
  readonly failureCondition: string;
  readonly provider: { readonly prometheus: { readonly address: string; readonly query: string } };
};

/** An argoproj.io/v1alpha1 AnalysisTemplate with a name, args and metrics. */
export type AnalysisTemplate = Named<Omit<IAnalysisTemplate, "spec">> & {
  readonly spec: Omit<IAnalysisTemplateSpec, "args" | "metrics"> & {
    readonly args: IArgument[];
    readonly metrics: AnalysisMetric[];
  };
};

/** Options of {@link compileAnalysisTemplates}. */
export interface AnalysisTemplateOptions extends KubernetesOptions {
  /** Default of the `prometheus-address` arg. */
  readonly prometheusAddress?: string;
}

/**
 * Success and failure conditions. NaN and the no-traffic sentinel (-1) satisfy neither, so they
 * make the measurement inconclusive rather than passing or aborting the rollout.
 */
export function canaryConditions(
  success: string,
  failure: string,
): { successCondition: string; failureCondition: string } {
  return {
    successCondition: `!isNaN(result[0]) && result[0] >= 0 && result[0] < ${success}`,
    failureCondition: `!isNaN(result[0]) && result[0] > ${failure}`,
  };
}

const CANARY_MATCHER: Matcher = { name: CANARY_HASH_LABEL, op: "=", value: `{{args.${CANARY_HASH_ARG}}}` };

/** The canary query of an SLO: its value, or the sentinel when the canary saw no traffic. */
export function canaryQuery(spec: SloSpec, slo: SloDefinition): string {
  const expr =
    slo.sli.type === "latency"
      ? latencyQuantileExpr(spec, slo.sli, latencyQuantile(slo.objective), CANARY_RATE_WINDOW, [
          CANARY_MATCHER,
        ])
      : errorRatioExpr(spec, slo.sli, CANARY_RATE_WINDOW, [CANARY_MATCHER]);
  return `(${expr}) or on() vector(${NO_TRAFFIC_SENTINEL})`;
}

/** The analysis metric of one SLO. */
export function canaryMetric(spec: SloSpec, slo: SloDefinition): AnalysisMetric {
  const [suffix, success, failure] =
    slo.sli.type === "latency"
      ? [`p${slo.objective}`, dec(slo.sli.thresholdSeconds), dec(slo.canary.failureLatencySeconds)]
      : ["error-rate", errorBudget(slo.objective), dec(slo.canary.failureErrorRatePercent).shiftLeft(2)];
  return {
    name: slo.name === suffix ? suffix : `${slo.name}-${suffix}`.replace(/\./g, "-"),
    // The first measurement waits for the canary's first scrapes; with no count, the background
    // analysis measures every minute of every step until full promotion (Argo Rollouts ends it then).
    initialDelay: CANARY_INITIAL_DELAY,
    interval: "1m",
    failureLimit: 0,
    inconclusiveLimit: 0,
    ...canaryConditions(success.toString(), failure.toString()),
    provider: {
      prometheus: { address: `{{args.${PROMETHEUS_ADDRESS_ARG}}}`, query: canaryQuery(spec, slo) },
    },
  };
}

/** One AnalysisTemplate per service with at least one canary-enabled SLO, named `<service>-slo-canary`. */
export function compileAnalysisTemplates(
  specs: readonly SloSpec[],
  options: AnalysisTemplateOptions = {},
): readonly AnalysisTemplate[] {
  return specs
    .map((spec) => ({ spec, slos: spec.slos.filter((s) => s.canary.enabled) }))
    .filter(({ slos }) => slos.length > 0)
    .map(({ spec, slos }) => ({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AnalysisTemplate",
      metadata: {
        name: `${spec.service}-slo-canary`,
        ...namespaceOf(options),
        labels: { ...MANAGED_BY_LABELS, "app.kubernetes.io/part-of": spec.service },
      },
      spec: {
        args: [
          { name: CANARY_HASH_ARG },
          { name: PROMETHEUS_ADDRESS_ARG, value: options.prometheusAddress ?? DEFAULT_PROMETHEUS_ADDRESS },
        ],
        metrics: slos.map((slo) => canaryMetric(spec, slo)),
      },
    }));
}
