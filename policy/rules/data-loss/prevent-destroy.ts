import { stackOf } from "../../lib/fixture.js";
import { isStagingOrProduction } from "../../lib/messages.js";
import { block, isTrue, show } from "../../lib/values.js";
import { PREVENT_DESTROY_TYPES } from "../../stateful-types.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Terraform refuses any plan that would destroy a stateful resource in staging or production. */
const rule: Rule = {
  id: "PLAT-DATA-001",
  severity: "CRITICAL",
  dataLoss: true,
  resourceTypes: PREVENT_DESTROY_TYPES,
  description:
    "In staging and production every stateful resource marked preventDestroy in policy/stateful-types.ts (databases, caches, buckets, keys, vaults, DNS zones, ...) sets lifecycle.prevent_destroy = true.",
  fix: "Set lifecycle { prevent_destroy = true } on the resource (cdktf: lifecycle: { preventDestroy: true }).",
  check: ({ values }, ctx) => {
    if (!isStagingOrProduction(ctx)) return [];
    const prevent = block(values.lifecycle)?.prevent_destroy;
    return isTrue(prevent)
      ? []
      : [`lifecycle.prevent_destroy is ${show(prevent)}; expected true in ${ctx.tier}`];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  ctx: { tier: "staging" },
  pass: stackOf({
    aws_db_instance: { db: { lifecycle: { prevent_destroy: true } } },
    azurerm_key_vault: { kv: { lifecycle: { prevent_destroy: true } } },
    aws_instance: { stateless: {} },
  }),
  fail: stackOf({
    aws_s3_bucket: { data: {} },
    azurerm_storage_account: { sa: { lifecycle: { prevent_destroy: false } } },
  }),
  attribute: "prevent_destroy",
};
