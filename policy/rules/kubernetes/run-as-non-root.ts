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
import { asNumber, block, isFalse, isTrue } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Containers never run as root (Pod Security Standard "restricted"). */
const rule: Rule = workloadRule({
  id: "PLAT-K8S-008",
  checkov: "CKV_K8S_23",
  severity: "HIGH",
  description:
    "Every container runs with runAsNonRoot = true, set on the container or the pod security context (Helm: no runAsNonRoot: false or runAsUser: 0).",
  fix: "Set securityContext.runAsNonRoot: true on the pod (or each container) and use an image with a non-root USER.",
  workload: eachContainer({ includeInit: true }, (c, w) => {
    const own = block(c.spec.securityContext)?.runAsNonRoot;
    const pod = block(w.podSpec.securityContext)?.runAsNonRoot;
    if (isTrue(own) || (isTrue(pod) && !isFalse(own))) return undefined;
    return `${attr(w.style, "securityContext.runAsNonRoot")} is not true on the container or the pod; expected true`;
  }),
  helm: (release) =>
    helmSecurityContextFindings(release, (sc) => {
      if (isFalse(sc.runAsNonRoot)) return "runAsNonRoot is false; expected true";
      return asNumber(sc.runAsUser) === 0
        ? "runAsUser is 0; expected a non-root UID (runAsNonRoot: true)"
        : undefined;
    }),
});
export default rule;

export const fixtures: RuleFixtures = {
  pass: compliantWorkloads(),
  fail: stackOf({
    kubernetes_deployment_v1: {
      api: deployment({
        ...GOOD_CONTAINER_HCL,
        security_context: [{ ...GOOD_SECURITY_CONTEXT_HCL, run_as_non_root: false }],
      }),
    },
    kubernetes_manifest: {
      web: rollout(
        { ...GOOD_CONTAINER, securityContext: { allowPrivilegeEscalation: false } },
        { pod: { securityContext: {} } },
      ),
    },
    helm_release: { worker: helmRelease("podSecurityContext:\n  runAsNonRoot: false\n") },
  }),
  attribute: "runAsNonRoot",
};
