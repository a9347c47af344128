import { ref, stackOf } from "../../lib/fixture.js";
import { expected, isPrimaryDatabase } from "../../lib/messages.js";
import { isSet, isTrue } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Deleting a primary database leaves a final snapshot behind. */
const rule: Rule = {
  id: "PLAT-RDS-013",
  severity: "HIGH",
  dataLoss: true,
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  description:
    "Primary RDS instances and Aurora clusters take a final snapshot on delete: skip_final_snapshot is not true and final_snapshot_identifier is set.",
  fix: "Remove skip_final_snapshot (or set it to false) and set final_snapshot_identifier.",
  check: ({ values }) => {
    if (!isPrimaryDatabase(values)) return [];
    const messages: string[] = [];
    if (isTrue(values.skip_final_snapshot)) {
      messages.push(expected("skip_final_snapshot", values.skip_final_snapshot, "false"));
    }
    if (!isSet(values.final_snapshot_identifier)) {
      messages.push(
        expected("final_snapshot_identifier", values.final_snapshot_identifier, "a snapshot name"),
      );
    }
    return messages;
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_db_instance: {
      db: { skip_final_snapshot: false, final_snapshot_identifier: "orders-final" },
      replica: { skip_final_snapshot: true, replicate_source_db: ref("aws_db_instance.db.identifier") },
    },
  }),
  fail: stackOf({
    aws_db_instance: { db: { skip_final_snapshot: true, final_snapshot_identifier: "orders-final" } },
  }),
  attribute: "skip_final_snapshot",
};
