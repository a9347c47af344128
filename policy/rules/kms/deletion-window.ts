import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { asNumber } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

const MIN_DAYS = 7;

/** A scheduled key deletion leaves time to notice and cancel it. */
const rule: Rule = {
  id: "PLAT-KMS-003",
  severity: "MEDIUM",
  dataLoss: true,
  resourceTypes: ["aws_kms_key"],
  description: `KMS keys have deletion_window_in_days >= ${MIN_DAYS} (unset means the AWS default, 30).`,
  fix: "Set deletion_window_in_days to 30 (or remove it to use the default).",
  check: ({ values }) => {
    const days = asNumber(values.deletion_window_in_days);
    return days === undefined || days >= MIN_DAYS
      ? []
      : [expected("deletion_window_in_days", values.deletion_window_in_days, `>= ${MIN_DAYS}`)];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ aws_kms_key: { data: { deletion_window_in_days: 30 }, other: {} } }),
  fail: stackOf({ aws_kms_key: { data: { deletion_window_in_days: 5 } } }),
  attribute: "deletion_window_in_days",
};
