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

/** Every container declares its memory requests (scheduling and noisy-neighbour protection). */
const rule: Rule = workloadRule({
  id: "PLAT-K8S-005",
  checkov: "CKV_K8S_12",
  severity: "MEDIUM",
  description:
    "Every container sets resources.requests.memory (not checked for Helm: charts often leave resources to values defaults).",
  fix: "Set resources.requests.memory on every container.",
  workload: eachContainer({ includeInit: false }, (c, w) => {
    const value = block(block(c.spec.resources)?.requests)?.memory;
    return isSet(value)
      ? undefined
      : `${attr(w.style, "resources.requests.memory")} is unset; expected a quantity`;
  }),
});
export default rule;

export const fixtures: RuleFixtures = {
  pass: compliantWorkloads(),
  fail: stackOf({
    kubernetes_deployment_v1: {
      api: deployment(hclWithoutResource("requests", "memory")),
    },
    kubernetes_manifest: { web: rollout({ ...GOOD_CONTAINER, resources: {} }) },
  }),
  attribute: "resources.requests.memory",
};
