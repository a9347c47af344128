import { ref, stackOf } from "../../lib/fixture.js";
import { expected, isPrimaryDatabase, isStagingOrProduction } from "../../lib/messages.js";
import { isTrueOrUnknown } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Primary databases in staging and production survive the loss of an availability zone. */
const rule: Rule = {
  id: "PLAT-RDS-003",
  checkov: "CKV_AWS_157",
  severity: "HIGH",
  resourceTypes: ["aws_db_instance"],
  description: "Primary RDS instances (no replicate_source_db) are Multi-AZ in staging and production.",
  fix: "Set multi_az = true on the primary instance.",
  check: ({ values }, ctx) => {
    if (!isStagingOrProduction(ctx) || !isPrimaryDatabase(values)) return [];
    return isTrueOrUnknown(values.multi_az)
      ? []
      : [expected("multi_az", values.multi_az, `true for a primary in ${ctx.tier}`)];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  ctx: { tier: "staging" },
  pass: stackOf({
    aws_db_instance: {
      primary: { multi_az: true },
      replica: { multi_az: false, replicate_source_db: ref("aws_db_instance.primary.identifier") },
    },
  }),
  fail: stackOf({ aws_db_instance: { primary: { multi_az: false } } }),
  attribute: "multi_az",
};
