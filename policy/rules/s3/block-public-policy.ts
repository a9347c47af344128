import { publicAccessFlagFixtures, publicAccessFlagRule } from "../../lib/s3-public-access.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Public access block: block_public_policy. */
const rule: Rule = publicAccessFlagRule({
  id: "PLAT-S3-005",
  checkov: "CKV_AWS_54",
  trivy: "AVD-AWS-0087",
  severity: "HIGH",
  flag: "block_public_policy",
  why: "bucket policies that grant public access are rejected.",
});
export default rule;

export const fixtures: RuleFixtures = publicAccessFlagFixtures("block_public_policy");
