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
import { workloadRule } from "../../lib/k8s/rule.js";
import { attr } from "../../lib/k8s/workloads.js";
import { isTrue } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

const HOST_KEYS = ["hostNetwork", "hostPID", "hostIPC"];

/** Pods stay in their own network, process and IPC namespaces. */
const rule: Rule = workloadRule({
  id: "PLAT-K8S-015",
  checkov: "CKV_K8S_19",
  severity: "HIGH",
  description:
    "Pods do not set hostNetwork, hostPID or hostIPC to true (CKV_K8S_17/18/19; also checked in Helm values).",
  fix: "Remove hostNetwork/hostPID/hostIPC from the pod spec.",
  workload: (w) =>
    HOST_KEYS.filter((k) => isTrue(w.podSpec[k])).map(
      (k) => `${w.kind} ${w.name}: ${attr(w.style, k)} is true; expected false (or unset)`,
    ),
  helm: (release) =>
    helmValuesOf(release).flatMap(({ source, doc }) =>
      findKeys(doc, (k) => HOST_KEYS.includes(k))
        .filter((n) => isTrue(n.value))
        .map((n) => `helm ${source} ${n.path} is true; expected false (or unset)`),
    ),
});
export default rule;

export const fixtures: RuleFixtures = {
  pass: compliantWorkloads(),
  fail: stackOf({
    kubernetes_deployment_v1: { api: deployment(GOOD_CONTAINER_HCL, { pod: { host_network: true } }) },
    kubernetes_manifest: { web: rollout(GOOD_CONTAINER, { pod: { hostPID: true } }) },
    helm_release: { worker: helmRelease("hostNetwork: true\n") },
  }),
  attribute: "host",
};
