/**
 * The four "container declares its resources" rules (cpu/memory × requests/limits) differ only in
 * which quantity they read; this builds one of them, with its fixtures.
 */
import type { Rule, RuleFixtures } from "../../types.js";
import { stackOf } from "../fixture.js";
import { block, isSet } from "../values.js";
import { compliantWorkloads, deployment, GOOD_CONTAINER, hclWithoutResource, rollout } from "./fixtures.js";
import { eachContainer, workloadRule } from "./rule.js";
import { attr } from "./workloads.js";

export interface ResourceRuleSpec {
  readonly id: string;
  readonly checkov: string;
  readonly kind: "requests" | "limits";
  readonly resource: "cpu" | "memory";
}

/** A rule that every (non-init) container sets `resources.<kind>.<resource>`, and its fixtures. */
export function containerResourceRule(spec: ResourceRuleSpec): { rule: Rule; fixtures: RuleFixtures } {
  const path = `resources.${spec.kind}.${spec.resource}`;
  const rule = workloadRule({
    id: spec.id,
    checkov: spec.checkov,
    severity: "MEDIUM",
    description: `Every container sets ${path} (not checked for Helm: charts often leave resources to values defaults).`,
    fix: `Set ${path} on every container.`,
    workload: eachContainer({ includeInit: false }, (c, w) => {
      const value = block(block(c.spec.resources)?.[spec.kind])?.[spec.resource];
      return isSet(value) ? undefined : `${attr(w.style, path)} is unset; expected a quantity`;
    }),
  });
  const fixtures: RuleFixtures = {
    pass: compliantWorkloads(),
    fail: stackOf({
      kubernetes_deployment_v1: { api: deployment(hclWithoutResource(spec.kind, spec.resource)) },
      kubernetes_manifest: { web: rollout({ ...GOOD_CONTAINER, resources: {} }) },
    }),
    attribute: path,
  };
  return { rule, fixtures };
}
