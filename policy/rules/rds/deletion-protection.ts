import { stackOf } from "../../lib/fixture.js";
import { expected, isStagingOrProduction } from "../../lib/messages.js";
import { isTrueOrUnknown } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** In staging and production a database cannot be deleted by a stray API call or plan. */
const rule: Rule = {
  id: "PLAT-RDS-005",
  checkov: "CKV_AWS_293",
  severity: "HIGH",
  dataLoss: true,
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  description:
    "RDS instances and Aurora clusters in staging and production have deletion protection enabled.",
  fix: "Set deletion_protection = true (turn it off in a separate change before an intended delete).",
  check: ({ values }, ctx) =>
    !isStagingOrProduction(ctx) || isTrueOrUnknown(values.deletion_protection)
      ? []
      : [expected("deletion_protection", values.deletion_protection, `true in ${ctx.tier}`)],
};
export default rule;

export const fixtures: RuleFixtures = {
  ctx: { tier: "staging" },
  pass: stackOf({ aws_db_instance: { db: { deletion_protection: true } } }),
  fail: stackOf({ aws_db_instance: { db: {} } }),
  attribute: "deletion_protection",
};
