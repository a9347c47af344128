import { publicAccessFlagFixtures, publicAccessFlagRule } from "../../lib/s3-public-access.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Public access block: ignore_public_acls. */
const rule: Rule = publicAccessFlagRule({
  id: "PLAT-S3-006",
  checkov: "CKV_AWS_55",
  trivy: "AVD-AWS-0091",
  severity: "HIGH",
  flag: "ignore_public_acls",
  why: "existing public ACLs are ignored.",
});
export default rule;

export const fixtures: RuleFixtures = publicAccessFlagFixtures("ignore_public_acls");
