import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isTrue } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Terraform cannot empty and delete a bucket that still holds objects. */
const rule: Rule = {
  id: "PLAT-S3-012",
  severity: "HIGH",
  dataLoss: true,
  resourceTypes: ["aws_s3_bucket"],
  description: "Buckets do not set force_destroy = true.",
  fix: "Remove force_destroy (empty the bucket deliberately before an intended delete).",
  check: ({ values }) =>
    isTrue(values.force_destroy) ? [expected("force_destroy", values.force_destroy, "false (or unset)")] : [],
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ aws_s3_bucket: { data: { force_destroy: false } } }),
  fail: stackOf({ aws_s3_bucket: { data: { force_destroy: true } } }),
  attribute: "force_destroy",
};
