import { stackOf } from "../../lib/fixture.js";
import {
  compliantWorkloads,
  deployment,
  GOOD_CONTAINER,
  GOOD_CONTAINER_HCL,
  rollout,
} from "../../lib/k8s/fixtures.js";
import { eachContainer, workloadRule } from "../../lib/k8s/rule.js";
import { attr } from "../../lib/k8s/workloads.js";
import { block } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Kubernetes restarts containers that hang. */
const rule: Rule = workloadRule({
  id: "PLAT-K8S-001",
  checkov: "CKV_K8S_8",
  severity: "MEDIUM",
  description:
    "Every container of a long-running workload defines a livenessProbe (not checked for Helm: charts own their probes).",
  fix: "Add livenessProbe (httpGet, tcpSocket, exec or grpc) to every container.",
  workload: eachContainer({ includeInit: false, longRunningOnly: true }, (c, w) =>
    block(c.spec.livenessProbe) === undefined
      ? `${attr(w.style, "livenessProbe")} is unset; expected a probe`
      : undefined,
  ),
});
export default rule;

const { livenessProbe: _omitted, ...withoutProbe } = GOOD_CONTAINER;
const { liveness_probe: _omittedHcl, ...withoutProbeHcl } = GOOD_CONTAINER_HCL;

export const fixtures: RuleFixtures = {
  pass: compliantWorkloads(),
  fail: stackOf({
    kubernetes_deployment_v1: { api: deployment(withoutProbeHcl) },
    kubernetes_manifest: { web: rollout(withoutProbe) },
  }),
  attribute: "livenessProbe",
};
