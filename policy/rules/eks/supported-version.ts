import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isReference } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Kubernetes minor versions the platform supports (EKS standard support); update as EKS moves on. */
export const SUPPORTED_EKS_VERSIONS: readonly string[] = ["1.31", "1.32", "1.33", "1.34", "1.35"];

/** Clusters run a pinned, supported Kubernetes version. */
const rule: Rule = {
  id: "PLAT-EKS-004",
  checkov: "CKV_AWS_339",
  severity: "MEDIUM",
  resourceTypes: ["aws_eks_cluster"],
  description: `EKS clusters pin version to a supported release (${SUPPORTED_EKS_VERSIONS.join(", ")}).`,
  fix: `Set version to one of ${SUPPORTED_EKS_VERSIONS.join(", ")} and upgrade one minor version at a time.`,
  check: ({ values }) => {
    if (isReference(values.version)) return [];
    return typeof values.version === "string" && SUPPORTED_EKS_VERSIONS.includes(values.version)
      ? []
      : [expected("version", values.version, `one of ${SUPPORTED_EKS_VERSIONS.join(", ")}`)];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ aws_eks_cluster: { main: { version: "1.33" } } }),
  fail: stackOf({ aws_eks_cluster: { main: { version: "1.28" } } }),
  attribute: "version",
};
