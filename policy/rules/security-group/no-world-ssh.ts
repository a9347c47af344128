import { worldPortRule } from "../../lib/security-groups.js";
import type { Rule, RuleFixtures } from "../../types.js";

const built = worldPortRule({
  id: "PLAT-SG-001",
  checkov: "CKV_AWS_24",
  severity: "CRITICAL",
  port: 22,
  service: "SSH",
});

/** No SSH from the internet. */
const rule: Rule = built.rule;
export default rule;

export const fixtures: RuleFixtures = built.fixtures;
