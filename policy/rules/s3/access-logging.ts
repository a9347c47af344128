import { ref, stackOf } from "../../lib/fixture.js";
import { companionsOf, isLogTarget } from "../../lib/s3.js";
import { isSet } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/**
 * Access to every bucket is logged. A bucket that receives other buckets' access logs is exempt:
 * logging it into itself would log its own log deliveries, and logging it elsewhere only moves the
 * question one bucket further, so the chain ends at the log bucket.
 */
const rule: Rule = {
  id: "PLAT-S3-009",
  checkov: "CKV_AWS_18",
  trivy: "AVD-AWS-0089",
  severity: "MEDIUM",
  resourceTypes: ["aws_s3_bucket"],
  description: "Every bucket except the access-log target has an aws_s3_bucket_logging with a target_bucket.",
  fix: "Add an aws_s3_bucket_logging for the bucket with target_bucket set to the stack's access-log bucket.",
  check: (bucket, _ctx, stack) => {
    if (isLogTarget(stack, bucket)) return [];
    const logging = companionsOf(stack, "aws_s3_bucket_logging", bucket);
    if (logging.length === 0) {
      return ["no aws_s3_bucket_logging references this bucket; expected one with a target_bucket"];
    }
    return logging.some((l) => isSet(l.values.target_bucket))
      ? []
      : ["target_bucket is unset; expected the access-log bucket"];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_s3_bucket: { data: {}, logs: {} },
    aws_s3_bucket_logging: {
      data: {
        bucket: ref("aws_s3_bucket.data.id"),
        target_bucket: ref("aws_s3_bucket.logs.id"),
        target_prefix: "data/",
      },
    },
  }),
  fail: stackOf({ aws_s3_bucket: { data: {} } }),
  attribute: "aws_s3_bucket_logging",
};
