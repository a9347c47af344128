import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Clients cannot negotiate TLS 1.0/1.1. */
const rule: Rule = {
  id: "PLAT-AZREDIS-001",
  checkov: "CKV_AZURE_148",
  severity: "MEDIUM",
  resourceTypes: ["azurerm_redis_cache"],
  description:
    'Azure Cache for Redis sets minimum_tls_version "1.2" (unset is the azurerm 4.x default, "1.2").',
  fix: 'Set minimum_tls_version = "1.2" (or remove it).',
  check: ({ values }) =>
    values.minimum_tls_version === undefined || values.minimum_tls_version === "1.2"
      ? []
      : [expected("minimum_tls_version", values.minimum_tls_version, '"1.2"')],
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ azurerm_redis_cache: { cache: { minimum_tls_version: "1.2" } } }),
  fail: stackOf({ azurerm_redis_cache: { cache: { minimum_tls_version: "1.0" } } }),
  attribute: "minimum_tls_version",
};
