import { stackOf } from "../../lib/fixture.js";
import { asStrings, isReference } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

const REQUIRED = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

/** Every control-plane log type reaches CloudWatch. */
const rule: Rule = {
  id: "PLAT-EKS-003",
  checkov: "CKV_AWS_37",
  trivy: "AVD-AWS-0038",
  severity: "MEDIUM",
  resourceTypes: ["aws_eks_cluster"],
  description: `EKS clusters enable every control-plane log type: ${REQUIRED.join(", ")}.`,
  fix: `Set enabled_cluster_log_types = ${JSON.stringify(REQUIRED)}.`,
  check: ({ values }) => {
    if (isReference(values.enabled_cluster_log_types)) return [];
    const enabled = asStrings(values.enabled_cluster_log_types);
    const missing = REQUIRED.filter((t) => !enabled.includes(t));
    return missing.length === 0
      ? []
      : [`enabled_cluster_log_types lacks ${missing.join(", ")}; expected ${JSON.stringify(REQUIRED)}`];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ aws_eks_cluster: { main: { enabled_cluster_log_types: REQUIRED } } }),
  fail: stackOf({ aws_eks_cluster: { main: { enabled_cluster_log_types: ["api", "audit"] } } }),
  attribute: "enabled_cluster_log_types",
};
