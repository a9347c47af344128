import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isTrue } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Attribute names across provider versions: azurerm 4.x, then 3.x. */
const NAMES = ["non_ssl_port_enabled", "enable_non_ssl_port"];

/** Redis is only reachable over TLS (port 6380). */
const rule: Rule = {
  id: "PLAT-AZREDIS-002",
  checkov: "CKV_AZURE_91",
  severity: "HIGH",
  resourceTypes: ["azurerm_redis_cache"],
  description:
    "Azure Cache for Redis keeps the plaintext port 6379 closed: non_ssl_port_enabled (3.x: enable_non_ssl_port) is not true.",
  fix: "Set non_ssl_port_enabled = false (or remove it).",
  check: ({ values }) =>
    NAMES.filter((name) => isTrue(values[name])).map((name) => expected(name, values[name], "false")),
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ azurerm_redis_cache: { cache: { non_ssl_port_enabled: false } } }),
  fail: stackOf({
    azurerm_redis_cache: { cache: { non_ssl_port_enabled: true }, legacy: { enable_non_ssl_port: true } },
  }),
  attribute: "non_ssl_port",
};
