import { stackOf } from "../../lib/fixture.js";
import {
  compliantWorkloads,
  deployment,
  GOOD_CONTAINER,
  GOOD_CONTAINER_HCL,
  helmRelease,
  rollout,
} from "../../lib/k8s/fixtures.js";
import { findKeys, helmValuesOf } from "../../lib/k8s/helm.js";
import { eachContainer, workloadRule } from "../../lib/k8s/rule.js";
import { attr } from "../../lib/k8s/workloads.js";
import { block, isObject } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

const CONFINED = ["RuntimeDefault", "Localhost"];

function profileType(securityContext: unknown): unknown {
  return block(block(securityContext)?.seccompProfile)?.type;
}

/** System calls are filtered by the container runtime's default seccomp profile. */
const rule: Rule = workloadRule({
  id: "PLAT-K8S-016",
  checkov: "CKV_K8S_31",
  severity: "MEDIUM",
  description:
    'Every container runs with seccompProfile.type "RuntimeDefault" or "Localhost", from the pod or the container security context (Helm: no "Unconfined").',
  fix: "Set securityContext.seccompProfile.type: RuntimeDefault on the pod.",
  workload: eachContainer({ includeInit: true }, (c, w) => {
    const own = profileType(c.spec.securityContext);
    const effective = own ?? profileType(w.podSpec.securityContext);
    return typeof effective === "string" && CONFINED.includes(effective)
      ? undefined
      : `${attr(w.style, "securityContext.seccompProfile.type")} is ${JSON.stringify(effective ?? null)}; expected "RuntimeDefault"`;
  }),
  helm: (release) =>
    helmValuesOf(release).flatMap(({ source, doc }) =>
      findKeys(doc, (k) => k === "seccompProfile")
        .filter((n) => isObject(n.value) && n.value.type === "Unconfined")
        .map((n) => `helm ${source} ${n.path}.type is "Unconfined"; expected "RuntimeDefault"`),
    ),
});
export default rule;

export const fixtures: RuleFixtures = {
  pass: compliantWorkloads(),
  fail: stackOf({
    kubernetes_deployment_v1: {
      api: deployment(GOOD_CONTAINER_HCL, { pod: { security_context: [{ run_as_non_root: true }] } }),
    },
    kubernetes_manifest: {
      web: rollout({ ...GOOD_CONTAINER, securityContext: { seccompProfile: { type: "Unconfined" } } }),
    },
    helm_release: { worker: helmRelease("podSecurityContext:\n  seccompProfile:\n    type: Unconfined\n") },
  }),
  attribute: "seccompProfile",
};
