import { publicAccessFlagFixtures, publicAccessFlagRule } from "../../lib/s3-public-access.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Public access block: block_public_acls. */
const rule: Rule = publicAccessFlagRule({
  id: "PLAT-S3-004",
  checkov: "CKV_AWS_53",
  trivy: "AVD-AWS-0086",
  severity: "HIGH",
  flag: "block_public_acls",
  why: "new public ACLs on the bucket and its objects are rejected.",
});
export default rule;

export const fixtures: RuleFixtures = publicAccessFlagFixtures("block_public_acls");
