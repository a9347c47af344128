import { ref, stackOf } from "../../lib/fixture.js";
import { companionsOf, isEdgeOrigin, isLogTarget } from "../../lib/s3.js";
import { blocks, dig } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

/**
 * Objects are encrypted with KMS (auditable, revocable), not only with S3-managed keys. Exceptions: a
 * bucket receiving server access logs, where S3 log delivery supports only SSE-S3 (AES256), and an
 * edge origin, whose objects are read anonymously (an anonymous GET cannot decrypt SSE-KMS).
 */
const rule: Rule = {
  id: "PLAT-S3-002",
  checkov: "CKV_AWS_145",
  trivy: "AVD-AWS-0088",
  severity: "HIGH",
  resourceTypes: ["aws_s3_bucket"],
  description:
    'Every bucket has an aws_s3_bucket_server_side_encryption_configuration with sse_algorithm "aws:kms" ("AES256" for access-log target buckets, which S3 log delivery requires, and for edge origins, read anonymously).',
  fix: 'Add an aws_s3_bucket_server_side_encryption_configuration with rule { apply_server_side_encryption_by_default { sse_algorithm = "aws:kms", kms_master_key_id = <key arn> } }.',
  check: (bucket, _ctx, stack) => {
    const configs = companionsOf(stack, "aws_s3_bucket_server_side_encryption_configuration", bucket);
    if (configs.length === 0) {
      return [
        'no aws_s3_bucket_server_side_encryption_configuration references this bucket; expected sse_algorithm = "aws:kms"',
      ];
    }
    const algorithms = configs.flatMap((c) =>
      blocks(c.values.rule).map((r) => dig(r, "apply_server_side_encryption_by_default.sse_algorithm")),
    );
    const accepted =
      isLogTarget(stack, bucket) || isEdgeOrigin(stack, bucket)
        ? [...KMS_ALGORITHMS, "AES256"]
        : KMS_ALGORITHMS;
    return algorithms.some((a) => typeof a === "string" && accepted.includes(a))
      ? []
      : [`sse_algorithm is ${JSON.stringify(algorithms)}; expected "aws:kms"`];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_s3_bucket: { data: {}, logs: {} },
    aws_s3_bucket_logging: {
      data: { bucket: ref("aws_s3_bucket.data.id"), target_bucket: ref("aws_s3_bucket.logs.id") },
    },
    aws_s3_bucket_server_side_encryption_configuration: {
      data: {
        bucket: ref("aws_s3_bucket.data.bucket"),
        rule: [
          {
            apply_server_side_encryption_by_default: {
              sse_algorithm: "aws:kms",
              kms_master_key_id: ref("aws_kms_key.s3.arn"),
            },
            bucket_key_enabled: true,
          },
        ],
      },
      logs: {
        bucket: ref("aws_s3_bucket.logs.bucket"),
        rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }],
      },
    },
  }),
  fail: stackOf({
    aws_s3_bucket: { data: {} },
    aws_s3_bucket_server_side_encryption_configuration: {
      data: {
        bucket: ref("aws_s3_bucket.data.bucket"),
        rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }],
      },
    },
  }),
  attribute: "sse_algorithm",
};
