import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isTrueOrUnknown } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Snapshots carry the instance's tags (owner, cost centre, data classification). */
const rule: Rule = {
  id: "PLAT-RDS-012",
  checkov: "CKV2_AWS_60",
  severity: "LOW",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  description: "RDS instances and Aurora clusters copy their tags to snapshots.",
  fix: "Set copy_tags_to_snapshot = true.",
  check: ({ values }) =>
    isTrueOrUnknown(values.copy_tags_to_snapshot)
      ? []
      : [expected("copy_tags_to_snapshot", values.copy_tags_to_snapshot, "true")],
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ aws_db_instance: { db: { copy_tags_to_snapshot: true } } }),
  fail: stackOf({ aws_db_instance: { db: {} } }),
  attribute: "copy_tags_to_snapshot",
};
