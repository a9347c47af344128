import { stackOf } from "../../lib/fixture.js";
import { autoscalerMinReplicas } from "../../lib/k8s/companions.js";
import {
  compliantWorkloads,
  deployment,
  GOOD_CONTAINER,
  GOOD_CONTAINER_HCL,
  helmRelease,
  rollout,
} from "../../lib/k8s/fixtures.js";
import { helmValuesOf } from "../../lib/k8s/helm.js";
import { workloadRule } from "../../lib/k8s/rule.js";
import { attr, REPLICATED_KINDS } from "../../lib/k8s/workloads.js";
import { asNumber, dig, isReference, isTrue, show } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

const MIN_REPLICAS = 2;

/** A production workload survives the loss of one pod or node. */
const rule: Rule = workloadRule({
  id: "PLAT-K8S-012",
  severity: "HIGH",
  description: `In production, Deployments, StatefulSets and Rollouts run at least ${MIN_REPLICAS} replicas (spec.replicas, or an HPA minReplicas targeting them; Helm: replicaCount / autoscaling.minReplicas).`,
  fix: `Set spec.replicas (Helm: replicaCount) to at least ${MIN_REPLICAS}, or an HPA with minReplicas >= ${MIN_REPLICAS}.`,
  workload: (w, ctx, stack) => {
    if (ctx.tier !== "production" || !REPLICATED_KINDS.includes(w.kind) || isReference(w.replicas)) return [];
    const min = autoscalerMinReplicas(stack, w) ?? asNumber(w.replicas) ?? 1;
    return min >= MIN_REPLICAS
      ? []
      : [
          `${w.kind} ${w.name}: ${attr(w.style, "spec.replicas")} is ${show(w.replicas)}; expected >= ${MIN_REPLICAS} in production`,
        ];
  },
  helm: (release, ctx) => {
    if (ctx.tier !== "production") return [];
    return helmValuesOf(release).flatMap(({ source, doc }) => {
      const count = asNumber(doc.replicaCount);
      if (count === undefined || count >= MIN_REPLICAS) return [];
      const autoscaled =
        isTrue(dig(doc, "autoscaling.enabled")) &&
        (asNumber(dig(doc, "autoscaling.minReplicas")) ?? 1) >= MIN_REPLICAS;
      return autoscaled
        ? []
        : [`helm ${source} replicaCount is ${count}; expected >= ${MIN_REPLICAS} in production`];
    });
  },
});
export default rule;

export const fixtures: RuleFixtures = {
  ctx: { tier: "production" },
  pass: compliantWorkloads(),
  fail: stackOf({
    kubernetes_deployment_v1: { api: deployment(GOOD_CONTAINER_HCL, { replicas: "1" }) },
    kubernetes_manifest: { web: rollout(GOOD_CONTAINER, { replicas: 1 }) },
    helm_release: { worker: helmRelease("replicaCount: 1\n") },
  }),
  attribute: "replica",
};
