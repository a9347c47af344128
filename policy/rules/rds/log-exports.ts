import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { asStrings, isReference } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Database logs reach CloudWatch, so incidents can be investigated after the fact. */
const rule: Rule = {
  id: "PLAT-RDS-008",
  checkov: "CKV_AWS_129",
  severity: "MEDIUM",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  description:
    'RDS instances and Aurora clusters export logs to CloudWatch: enabled_cloudwatch_logs_exports is non-empty and includes "postgresql" for PostgreSQL engines.',
  fix: 'Set enabled_cloudwatch_logs_exports, e.g. ["postgresql", "upgrade"] for PostgreSQL.',
  check: ({ values }) => {
    const exports = values.enabled_cloudwatch_logs_exports;
    if (isReference(exports)) return [];
    const logs = asStrings(exports);
    const engine = typeof values.engine === "string" ? values.engine : "";
    if (engine.includes("postgres") && !logs.includes("postgresql")) {
      return [expected("enabled_cloudwatch_logs_exports", exports, 'a list including "postgresql"')];
    }
    return logs.length > 0 ? [] : [expected("enabled_cloudwatch_logs_exports", exports, "a non-empty list")];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_db_instance: {
      pg: { engine: "postgres", enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"] },
      my: { engine: "mysql", enabled_cloudwatch_logs_exports: ["error"] },
    },
  }),
  fail: stackOf({
    aws_db_instance: { pg: { engine: "postgres", enabled_cloudwatch_logs_exports: ["upgrade"] } },
  }),
  attribute: "enabled_cloudwatch_logs_exports",
};
