/** PrometheusRule custom resources (prometheus-operator) carrying the compiled rule groups. */
import type { IPrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { compileRuleFile } from "./compile-rules.js";
import { type KubernetesOptions, MANAGED_BY_LABELS, type Named, namespaceOf } from "./k8s-types.js";
import type { SloSpec } from "./spec-types.js";

/**
 * Label on every generated PrometheusRule. The platform layer sets kube-prometheus-stack's
 * `prometheus.prometheusSpec.ruleSelector` to {@link PROMETHEUS_RULE_SELECTOR} (with
 * `ruleSelectorNilUsesHelmValues: false`) to load them; constructs/k8s/monitoring.ts defaults to it.
 */
export const PROMETHEUS_RULE_SELECTOR_LABEL = "platform.acme.io/slo";
/** Value of {@link PROMETHEUS_RULE_SELECTOR_LABEL}. */
export const PROMETHEUS_RULE_SELECTOR_VALUE = "true";
/** The ready-made label selector matching every generated PrometheusRule. */
export const PROMETHEUS_RULE_SELECTOR: { readonly matchLabels: Readonly<Record<string, string>> } = {
  matchLabels: { [PROMETHEUS_RULE_SELECTOR_LABEL]: PROMETHEUS_RULE_SELECTOR_VALUE },
};

/** A monitoring.coreos.com/v1 PrometheusRule with a name. */
export type PrometheusRule = Named<IPrometheusRule>;

/** One PrometheusRule per service, named `slo-<service>`, holding that service's rule groups. */
export function compilePrometheusRules(
  specs: readonly SloSpec[],
  options: KubernetesOptions = {},
): readonly PrometheusRule[] {
  return specs.map((spec) => ({
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: {
      name: `slo-${spec.service}`,
      ...namespaceOf(options),
      labels: {
        ...MANAGED_BY_LABELS,
        [PROMETHEUS_RULE_SELECTOR_LABEL]: PROMETHEUS_RULE_SELECTOR_VALUE,
        "app.kubernetes.io/part-of": spec.service,
      },
    },
    spec: {
      groups: compileRuleFile(spec).groups.map((g) => ({
        name: g.name,
        rules: g.rules.map((r) => ({ ...r })),
      })),
    },
  }));
}
