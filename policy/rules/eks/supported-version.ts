import { EKS_VERSIONS } from "../../../constructs/aws/limits.js";
import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isReference } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/**
 * Kubernetes minor versions the platform supports: `EKS_VERSIONS` from constructs/aws/limits.ts, the one
 * list that the environment schema and `EksCluster` enforce too (test/docs/one-source.test.ts).
 */
export const SUPPORTED_EKS_VERSIONS: readonly string[] = EKS_VERSIONS;

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
  pass: stackOf({ aws_eks_cluster: { main: { version: EKS_VERSIONS[0] } } }),
  fail: stackOf({ aws_eks_cluster: { main: { version: "1.28" } } }),
  attribute: "version",
};
