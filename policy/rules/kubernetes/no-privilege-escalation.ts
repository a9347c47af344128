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
import { block, isFalse, isTrue, show } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** No process can gain more privileges than its parent (setuid binaries, file capabilities). */
const rule: Rule = workloadRule({
  id: "PLAT-K8S-007",
  checkov: "CKV_K8S_20",
  severity: "HIGH",
  description:
    "Every container sets securityContext.allowPrivilegeEscalation = false (Helm: no security context sets it to true).",
  fix: "Set securityContext.allowPrivilegeEscalation: false on every container (and init container).",
  workload: eachContainer({ includeInit: true }, (c, w) => {
    const value = block(c.spec.securityContext)?.allowPrivilegeEscalation;
    return isFalse(value)
      ? undefined
      : `${attr(w.style, "securityContext.allowPrivilegeEscalation")} is ${show(value)}; expected false`;
  }),
  helm: (release) =>
    helmSecurityContextFindings(release, (sc) =>
      isTrue(sc.allowPrivilegeEscalation) ? "allowPrivilegeEscalation is true; expected false" : undefined,
    ),
});
export default rule;

export const fixtures: RuleFixtures = {
  pass: compliantWorkloads(),
  fail: stackOf({
    kubernetes_deployment_v1: {
      api: deployment({
        ...GOOD_CONTAINER_HCL,
        security_context: [{ ...GOOD_SECURITY_CONTEXT_HCL, allow_privilege_escalation: true }],
      }),
    },
    kubernetes_manifest: { web: rollout({ ...GOOD_CONTAINER, securityContext: { runAsNonRoot: true } }) },
    helm_release: { worker: helmRelease("securityContext:\n  allowPrivilegeEscalation: true\n") },
  }),
  attribute: "allowPrivilegeEscalation",
};
