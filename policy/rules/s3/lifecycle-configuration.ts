import { ref, stackOf } from "../../lib/fixture.js";
import { companionsOf } from "../../lib/s3.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Every bucket has a lifecycle configuration (PLAT-S3-011 checks its contents). */
const rule: Rule = {
  id: "PLAT-S3-010",
  checkov: "CKV2_AWS_61",
  severity: "LOW",
  resourceTypes: ["aws_s3_bucket"],
  description: "Every bucket has an aws_s3_bucket_lifecycle_configuration.",
  fix: "Add an aws_s3_bucket_lifecycle_configuration for the bucket (at least abort_incomplete_multipart_upload).",
  check: (bucket, _ctx, stack) =>
    companionsOf(stack, "aws_s3_bucket_lifecycle_configuration", bucket).length > 0
      ? []
      : ["no aws_s3_bucket_lifecycle_configuration references this bucket; expected one"],
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_s3_bucket: { data: {} },
    aws_s3_bucket_lifecycle_configuration: { data: { bucket: ref("aws_s3_bucket.data.id"), rule: [] } },
  }),
  fail: stackOf({ aws_s3_bucket: { data: {} } }),
  attribute: "aws_s3_bucket_lifecycle_configuration",
};
