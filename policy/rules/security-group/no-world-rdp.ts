import { worldPortRule } from "../../lib/security-groups.js";
import type { Rule, RuleFixtures } from "../../types.js";

const built = worldPortRule({
  id: "PLAT-SG-002",
  checkov: "CKV_AWS_25",
  severity: "CRITICAL",
  port: 3389,
  service: "RDP",
});

/** No RDP from the internet. */
const rule: Rule = built.rule;
export default rule;

export const fixtures: RuleFixtures = built.fixtures;
