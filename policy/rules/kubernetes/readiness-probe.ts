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

/** Traffic only reaches containers that are ready. */
const rule: Rule = workloadRule({
  id: "PLAT-K8S-002",
  checkov: "CKV_K8S_9",
  severity: "MEDIUM",
  description:
    "Every container of a long-running workload defines a readinessProbe (not checked for Helm: charts own their probes).",
  fix: "Add readinessProbe (httpGet, tcpSocket, exec or grpc) to every container.",
  workload: eachContainer({ includeInit: false, longRunningOnly: true }, (c, w) =>
    block(c.spec.readinessProbe) === undefined
      ? `${attr(w.style, "readinessProbe")} is unset; expected a probe`
      : undefined,
  ),
});
export default rule;

const { readinessProbe: _omitted, ...withoutProbe } = GOOD_CONTAINER;
const { readiness_probe: _omittedHcl, ...withoutProbeHcl } = GOOD_CONTAINER_HCL;

export const fixtures: RuleFixtures = {
  pass: compliantWorkloads(),
  fail: stackOf({
    kubernetes_deployment_v1: { api: deployment(withoutProbeHcl) },
    kubernetes_manifest: { web: rollout(withoutProbe) },
  }),
  attribute: "readinessProbe",
};
