/**
 * The generated Kubernetes objects against the upstream schemas: the `@kubernetes-models` classes
 * are built from the same plain objects and `.validate()`d (vitest loads these ESM-only packages
 * natively; the compiler itself imports only their types).
 */
import { AnalysisTemplate } from "@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate";
import {
  type IPrometheusRule,
  PrometheusRule,
} from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { describe, expect, it } from "vitest";
import {
  compileAnalysisTemplates,
  compileDashboards,
  compilePrometheusRules,
  userServiceSpec,
} from "../../slo/index.js";

describe("Kubernetes objects validate against the upstream models", () => {
  it("PrometheusRule", () => {
    const rules = compilePrometheusRules([userServiceSpec], { namespace: "monitoring" });
    const typed: readonly IPrometheusRule[] = rules;
    expect(typed).toHaveLength(1);
    for (const r of rules) expect(() => new PrometheusRule(r).validate()).not.toThrow();
  });

  it("AnalysisTemplate", () => {
    const templates = compileAnalysisTemplates([userServiceSpec]);
    expect(templates).toHaveLength(1);
    for (const t of templates) expect(() => new AnalysisTemplate(t).validate()).not.toThrow();
  });

  it("dashboard ConfigMaps", () => {
    const maps = compileDashboards([userServiceSpec]);
    expect(maps).toHaveLength(3);
    for (const m of maps) expect(() => new ConfigMap(m).validate()).not.toThrow();
  });

  it("validation is not vacuous", () => {
    const [rule] = compilePrometheusRules([userServiceSpec]);
    const broken = { ...rule!, spec: { groups: [{ rules: [] }] } } as unknown as IPrometheusRule;
    expect(() => new PrometheusRule(broken).validate()).toThrow();
  });
});
