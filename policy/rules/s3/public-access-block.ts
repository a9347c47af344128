import { ref, stackOf } from "../../lib/fixture.js";
import { companionsOf } from "../../lib/s3.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Every bucket has its own public access block (PLAT-S3-004..007 check its four flags). */
const rule: Rule = {
  id: "PLAT-S3-003",
  checkov: "CKV2_AWS_6",
  trivy: "AVD-AWS-0094",
  severity: "HIGH",
  resourceTypes: ["aws_s3_bucket"],
  description: "Every bucket has an aws_s3_bucket_public_access_block.",
  fix: "Add an aws_s3_bucket_public_access_block for the bucket with all four flags set to true.",
  check: (bucket, _ctx, stack) =>
    companionsOf(stack, "aws_s3_bucket_public_access_block", bucket).length > 0
      ? []
      : [
          "no aws_s3_bucket_public_access_block references this bucket; expected one with all four flags true",
        ],
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_s3_bucket: { data: { bucket: "acme-data" } },
    aws_s3_bucket_public_access_block: { data: { bucket: "acme-data" } },
  }),
  fail: stackOf({
    aws_s3_bucket: { data: { bucket: "acme-data" }, other: {} },
    aws_s3_bucket_public_access_block: { other: { bucket: ref("aws_s3_bucket.other.id") } },
  }),
  attribute: "aws_s3_bucket_public_access_block",
};
