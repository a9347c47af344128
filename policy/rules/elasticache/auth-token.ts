import { ref, stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isReference, isSet } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Clients authenticate, and the token comes from a secret rather than the source code. */
const rule: Rule = {
  id: "PLAT-ECACHE-003",
  checkov: "CKV_AWS_31",
  severity: "HIGH",
  resourceTypes: ["aws_elasticache_replication_group"],
  description:
    "ElastiCache replication groups require an auth_token that is a reference (e.g. to a generated secret), never a literal.",
  fix: "Set auth_token to a reference such as the result of a random_password or a Secrets Manager secret version.",
  check: ({ values }) => {
    const token = values.auth_token;
    if (!isSet(token)) return [expected("auth_token", token, "a reference to a generated secret")];
    return isReference(token)
      ? []
      : ["auth_token is a literal in the synthesized JSON; expected a reference to a generated secret"];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_elasticache_replication_group: { cache: { auth_token: ref("random_password.cache.result") } },
  }),
  fail: stackOf({ aws_elasticache_replication_group: { cache: { auth_token: "hunter2hunter2hunter2" } } }),
  attribute: "auth_token",
};
