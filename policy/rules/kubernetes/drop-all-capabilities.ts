import { stackOf } from "../../lib/fixture.js";
import {
  compliantWorkloads,
  deployment,
  GOOD_CONTAINER,
  GOOD_CONTAINER_HCL,
  GOOD_SECURITY_CONTEXT_HCL,
  helmRelease,
  rollout,
} from "../../lib/k8s/fixtures.js";
import { helmSecurityContextFindings } from "../../lib/k8s/helm.js";
import { eachContainer, workloadRule } from "../../lib/k8s/rule.js";
import { attr } from "../../lib/k8s/workloads.js";
import { asStrings, block, isObject, show } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

function dropsAll(drop: unknown): boolean {
  return asStrings(drop).some((c) => c.toUpperCase() === "ALL");
}

/** Containers start without Linux capabilities (NET_RAW included, CKV_K8S_28). */
const rule: Rule = workloadRule({
  id: "PLAT-K8S-010",
  checkov: "CKV_K8S_37",
  severity: "MEDIUM",
  description:
    'Every container sets securityContext.capabilities.drop to include "ALL" (Helm: an explicit capabilities.drop must include ALL).',
  fix: 'Set securityContext.capabilities.drop: ["ALL"] and add back only what the process needs (e.g. NET_BIND_SERVICE).',
  workload: eachContainer({ includeInit: true }, (c, w) => {
    const drop = block(block(c.spec.securityContext)?.capabilities)?.drop;
    return dropsAll(drop)
      ? undefined
      : `${attr(w.style, "securityContext.capabilities.drop")} is ${show(drop)}; expected ["ALL"]`;
  }),
  helm: (release) =>
    helmSecurityContextFindings(release, (sc) => {
      if (!isObject(sc.capabilities) || sc.capabilities.drop === undefined) return undefined;
      return dropsAll(sc.capabilities.drop)
        ? undefined
        : `capabilities.drop is ${show(sc.capabilities.drop)}; expected ["ALL"]`;
    }),
});
export default rule;

export const fixtures: RuleFixtures = {
  pass: compliantWorkloads(),
  fail: stackOf({
    kubernetes_deployment_v1: {
      api: deployment({
        ...GOOD_CONTAINER_HCL,
        security_context: [{ ...GOOD_SECURITY_CONTEXT_HCL, capabilities: [{ drop: ["NET_RAW"] }] }],
      }),
    },
    kubernetes_manifest: {
      web: rollout({
        ...GOOD_CONTAINER,
        securityContext: { runAsNonRoot: true, capabilities: { add: ["NET_ADMIN"] } },
      }),
    },
    helm_release: { worker: helmRelease("securityContext:\n  capabilities:\n    drop: [NET_RAW]\n") },
  }),
  attribute: "capabilities.drop",
};
