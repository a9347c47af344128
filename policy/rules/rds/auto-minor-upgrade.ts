import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isFalse } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Minor engine versions (security patches) are applied in the maintenance window. */
const rule: Rule = {
  id: "PLAT-RDS-014",
  checkov: "CKV_AWS_226",
  severity: "LOW",
  resourceTypes: ["aws_db_instance"],
  description:
    "RDS instances receive minor version upgrades automatically (auto_minor_version_upgrade not false).",
  fix: "Remove auto_minor_version_upgrade = false (the provider default is true).",
  check: ({ values }) =>
    isFalse(values.auto_minor_version_upgrade)
      ? [expected("auto_minor_version_upgrade", values.auto_minor_version_upgrade, "true (or unset)")]
      : [],
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ aws_db_instance: { db: { auto_minor_version_upgrade: true } } }),
  fail: stackOf({ aws_db_instance: { db: { auto_minor_version_upgrade: false } } }),
  attribute: "auto_minor_version_upgrade",
};
