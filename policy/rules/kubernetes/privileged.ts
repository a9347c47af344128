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
import { block, isTrue } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** No container has full access to the node. */
const rule: Rule = workloadRule({
  id: "PLAT-K8S-014",
  checkov: "CKV_K8S_16",
  severity: "CRITICAL",
  description: "No container sets securityContext.privileged = true (also checked in Helm values).",
  fix: "Remove securityContext.privileged; grant the specific capability instead if one is really needed.",
  workload: eachContainer({ includeInit: true }, (c, w) =>
    isTrue(block(c.spec.securityContext)?.privileged)
      ? `${attr(w.style, "securityContext.privileged")} is true; expected false (or unset)`
      : undefined,
  ),
  helm: (release) =>
    helmSecurityContextFindings(release, (sc) =>
      isTrue(sc.privileged) ? "privileged is true; expected false (or unset)" : undefined,
    ),
});
export default rule;

export const fixtures: RuleFixtures = {
  pass: compliantWorkloads(),
  fail: stackOf({
    kubernetes_deployment_v1: {
      api: deployment({
        ...GOOD_CONTAINER_HCL,
        security_context: [{ ...GOOD_SECURITY_CONTEXT_HCL, privileged: true }],
      }),
    },
    kubernetes_manifest: {
      web: rollout({
        ...GOOD_CONTAINER,
        securityContext: { ...(GOOD_CONTAINER.securityContext as object), privileged: true },
      }),
    },
    helm_release: { worker: helmRelease("agent:\n  securityContext:\n    privileged: true\n") },
  }),
  attribute: "privileged",
};
