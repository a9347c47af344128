import { stackOf } from "../../lib/fixture.js";
import type { Rule, RuleFixtures } from "../../types.js";

/**
 * Azure Cache for Redis is being retired: Microsoft blocks new instances from 2026, so a stack that
 * adds one fails at apply (or, for an existing one, is headed for a forced migration). Azure Managed
 * Redis (`azurerm_managed_redis`, constructs/azure/managed-redis.ts) is its successor.
 */
const rule: Rule = {
  id: "PLAT-AZREDIS-003",
  severity: "HIGH",
  resourceTypes: ["azurerm_redis_cache"],
  description:
    "No azurerm_redis_cache (Azure Cache for Redis, retired: no new instances from 2026); caches are azurerm_managed_redis (Azure Managed Redis).",
  fix: "Use the ManagedRedis construct (constructs/azure/managed-redis.ts, azurerm_managed_redis); waive an existing cache only while its migration is planned.",
  check: ({ type }) => [
    `resource type ${type} is Azure Cache for Redis, which Microsoft is retiring; expected azurerm_managed_redis (Azure Managed Redis)`,
  ],
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ azurerm_managed_redis: { cache: { sku_name: "Balanced_B1" } } }),
  fail: stackOf({ azurerm_redis_cache: { cache: { minimum_tls_version: "1.2" } } }),
  attribute: "azurerm_redis_cache",
};
