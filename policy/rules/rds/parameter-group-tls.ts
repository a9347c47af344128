import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { blocks } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Parameter that forces TLS, by engine family prefix. */
const TLS_PARAMETER: ReadonlyArray<{ family: string; name: string; values: readonly string[] }> = [
  { family: "postgres", name: "rds.force_ssl", values: ["1"] },
  { family: "mysql", name: "require_secure_transport", values: ["1", "ON"] },
  { family: "mariadb", name: "require_secure_transport", values: ["1", "ON"] },
];

/** Database parameter groups refuse unencrypted client connections. */
const rule: Rule = {
  id: "PLAT-RDS-010",
  checkov: "CKV2_AWS_69",
  severity: "HIGH",
  resourceTypes: ["aws_db_parameter_group"],
  description:
    "PostgreSQL parameter groups set rds.force_ssl = 1 (MySQL/MariaDB: require_secure_transport = 1).",
  fix: 'Add parameter { name = "rds.force_ssl", value = "1" } to the parameter group.',
  check: ({ values }) => {
    const family = typeof values.family === "string" ? values.family : "";
    const tls = TLS_PARAMETER.find((t) => family.startsWith(t.family));
    if (tls === undefined) return [];
    const parameter = blocks(values.parameter).find((p) => p.name === tls.name);
    const value = parameter === undefined ? undefined : String(parameter.value);
    return value !== undefined && tls.values.includes(value)
      ? []
      : [expected(`parameter ${tls.name}`, value, `"${tls.values[0]}"`)];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_db_parameter_group: {
      pg: { family: "postgres17", parameter: [{ name: "rds.force_ssl", value: "1" }] },
    },
  }),
  fail: stackOf({
    aws_db_parameter_group: {
      pg: { family: "postgres17", parameter: [{ name: "log_statement", value: "ddl" }] },
    },
  }),
  attribute: "rds.force_ssl",
};
