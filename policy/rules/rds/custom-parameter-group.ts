import { ref, stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isReference } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Instances use a managed parameter group (where PLAT-RDS-010 enforces TLS), not the AWS default. */
const rule: Rule = {
  id: "PLAT-RDS-011",
  checkov: "CKV2_AWS_69",
  severity: "MEDIUM",
  resourceTypes: ["aws_db_instance"],
  description:
    "RDS instances reference a custom aws_db_parameter_group (the default group does not force TLS).",
  fix: "Set parameter_group_name to the name of an aws_db_parameter_group with rds.force_ssl = 1.",
  check: ({ values }) => {
    const group = values.parameter_group_name;
    if (isReference(group)) return [];
    return typeof group === "string" && group !== "" && !group.startsWith("default.")
      ? []
      : [expected("parameter_group_name", group, "a reference to an aws_db_parameter_group forcing TLS")];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ aws_db_instance: { db: { parameter_group_name: ref("aws_db_parameter_group.pg.name") } } }),
  fail: stackOf({ aws_db_instance: { db: { parameter_group_name: "default.postgres17" } } }),
  attribute: "parameter_group_name",
};
