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
import { block, isFalse, isTrueOrUnknown, show } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** An attacker cannot persist tools in the container's filesystem. */
const rule: Rule = workloadRule({
  id: "PLAT-K8S-009",
  checkov: "CKV_K8S_22",
  severity: "MEDIUM",
  description:
    "Every container sets securityContext.readOnlyRootFilesystem = true (Helm: no security context sets it to false).",
  fix: "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the app must write.",
  workload: eachContainer({ includeInit: true }, (c, w) => {
    const value = block(c.spec.securityContext)?.readOnlyRootFilesystem;
    return isTrueOrUnknown(value)
      ? undefined
      : `${attr(w.style, "securityContext.readOnlyRootFilesystem")} is ${show(value)}; expected true`;
  }),
  helm: (release) =>
    helmSecurityContextFindings(release, (sc) =>
      isFalse(sc.readOnlyRootFilesystem) ? "readOnlyRootFilesystem is false; expected true" : undefined,
    ),
});
export default rule;

export const fixtures: RuleFixtures = {
  pass: compliantWorkloads(),
  fail: stackOf({
    kubernetes_deployment_v1: {
      api: deployment({
        ...GOOD_CONTAINER_HCL,
        security_context: [{ ...GOOD_SECURITY_CONTEXT_HCL, read_only_root_filesystem: false }],
      }),
    },
    kubernetes_manifest: {
      web: rollout({
        ...GOOD_CONTAINER,
        securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false },
      }),
    },
    helm_release: {
      worker: helmRelease("controller:\n  containerSecurityContext:\n    readOnlyRootFilesystem: false\n"),
    },
  }),
  attribute: "readOnlyRootFilesystem",
};
