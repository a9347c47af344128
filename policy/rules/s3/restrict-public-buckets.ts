import { publicAccessFlagFixtures, publicAccessFlagRule } from "../../lib/s3-public-access.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Public access block: restrict_public_buckets. */
const rule: Rule = publicAccessFlagRule({
  id: "PLAT-S3-007",
  checkov: "CKV_AWS_56",
  trivy: "AVD-AWS-0093",
  severity: "HIGH",
  flag: "restrict_public_buckets",
  why: "access through a public policy is limited to AWS services and the owning account.",
});
export default rule;

export const fixtures: RuleFixtures = publicAccessFlagFixtures("restrict_public_buckets");
