import { stackOf } from "../../lib/fixture.js";
import {
  compliantWorkloads,
  deployment,
  GOOD_CONTAINER,
  hclWithoutResource,
  rollout,
} from "../../lib/k8s/fixtures.js";
import { eachContainer, workloadRule } from "../../lib/k8s/rule.js";
import { attr } from "../../lib/k8s/workloads.js";
import { block, isSet } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Every container declares its cpu limits (scheduling and noisy-neighbour protection). */
const rule: Rule = workloadRule({
  id: "PLAT-K8S-004",
  checkov: "CKV_K8S_11",
  severity: "MEDIUM",
  description:
    "Every container sets resources.limits.cpu (not checked for Helm: charts often leave resources to values defaults).",
  fix: "Set resources.limits.cpu on every container.",
  workload: eachContainer({ includeInit: false }, (c, w) => {
    const value = block(block(c.spec.resources)?.limits)?.cpu;
    return isSet(value)
      ? undefined
      : `${attr(w.style, "resources.limits.cpu")} is unset; expected a quantity`;
  }),
});
export default rule;

export const fixtures: RuleFixtures = {
  pass: compliantWorkloads(),
  fail: stackOf({
    kubernetes_deployment_v1: {
      api: deployment(hclWithoutResource("limits", "cpu")),
    },
    kubernetes_manifest: { web: rollout({ ...GOOD_CONTAINER, resources: {} }) },
  }),
  attribute: "resources.limits.cpu",
};
