import { ref, stackOf } from "../../lib/fixture.js";
import { companionsOf } from "../../lib/s3.js";
import { block, blocks, isSet } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Abandoned multipart uploads are cleaned up instead of being billed forever. */
const rule: Rule = {
  id: "PLAT-S3-011",
  checkov: "CKV_AWS_300",
  severity: "LOW",
  resourceTypes: ["aws_s3_bucket"],
  description:
    "The bucket's lifecycle configuration has an enabled rule with abort_incomplete_multipart_upload.days_after_initiation.",
  fix: 'Add rule { status = "Enabled", filter {}, abort_incomplete_multipart_upload { days_after_initiation = 7 } }.',
  check: (bucket, _ctx, stack) => {
    const configs = companionsOf(stack, "aws_s3_bucket_lifecycle_configuration", bucket);
    if (configs.length === 0) return [];
    const aborts = configs.some((c) =>
      blocks(c.values.rule).some(
        (r) =>
          r.status === "Enabled" && isSet(block(r.abort_incomplete_multipart_upload)?.days_after_initiation),
      ),
    );
    return aborts
      ? []
      : [
          "no enabled lifecycle rule sets abort_incomplete_multipart_upload; expected days_after_initiation (e.g. 7)",
        ];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_s3_bucket: { data: {} },
    aws_s3_bucket_lifecycle_configuration: {
      data: {
        bucket: ref("aws_s3_bucket.data.id"),
        rule: [
          {
            id: "abort-mpu",
            status: "Enabled",
            filter: {},
            abort_incomplete_multipart_upload: { days_after_initiation: 7 },
          },
        ],
      },
    },
  }),
  fail: stackOf({
    aws_s3_bucket: { data: {} },
    aws_s3_bucket_lifecycle_configuration: {
      data: {
        bucket: ref("aws_s3_bucket.data.id"),
        rule: [{ id: "expire", status: "Enabled", filter: {}, expiration: { days: 30 } }],
      },
    },
  }),
  attribute: "abort_incomplete_multipart_upload",
};
