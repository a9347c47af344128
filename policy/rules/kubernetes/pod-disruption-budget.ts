import { stackOf } from "../../lib/fixture.js";
import { hasPodDisruptionBudget } from "../../lib/k8s/companions.js";
import {
  compliantWorkloads,
  deployment,
  GOOD_CONTAINER,
  GOOD_CONTAINER_HCL,
  rollout,
} from "../../lib/k8s/fixtures.js";
import { workloadRule } from "../../lib/k8s/rule.js";
import { REPLICATED_KINDS } from "../../lib/k8s/workloads.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Node drains and cluster upgrades never take all of a production workload's pods at once. */
const rule: Rule = workloadRule({
  id: "PLAT-K8S-013",
  severity: "MEDIUM",
  description:
    "In production, every Deployment, StatefulSet and Rollout is selected by a PodDisruptionBudget (kubernetes_pod_disruption_budget_v1 or a PodDisruptionBudget manifest) in the same namespace. Not checked for Helm releases.",
  fix: "Add a PodDisruptionBudget whose spec.selector.matchLabels match the pod template labels (e.g. maxUnavailable: 1).",
  workload: (w, ctx, stack) => {
    if (ctx.tier !== "production" || !REPLICATED_KINDS.includes(w.kind)) return [];
    return hasPodDisruptionBudget(stack, w)
      ? []
      : [
          `${w.kind} ${w.name}: no PodDisruptionBudget selects labels ${JSON.stringify(w.templateLabels)}; expected one in production`,
        ];
  },
});
export default rule;

export const fixtures: RuleFixtures = {
  ctx: { tier: "production" },
  pass: compliantWorkloads(),
  fail: stackOf({
    kubernetes_deployment_v1: { api: deployment(GOOD_CONTAINER_HCL) },
    kubernetes_manifest: {
      web: rollout(GOOD_CONTAINER),
      other_pdb: {
        manifest: {
          apiVersion: "policy/v1",
          kind: "PodDisruptionBudget",
          metadata: { name: "other", namespace: "shop" },
          spec: { maxUnavailable: 1, selector: { matchLabels: { app: "other" } } },
        },
      },
    },
  }),
  attribute: "PodDisruptionBudget",
};
