import { ref, stackOf } from "../../lib/fixture.js";
import { companionsOf } from "../../lib/s3.js";
import { dig, show } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Overwritten and deleted objects can be recovered. */
const rule: Rule = {
  id: "PLAT-S3-001",
  checkov: "CKV_AWS_21",
  trivy: "AVD-AWS-0090",
  severity: "HIGH",
  dataLoss: true,
  resourceTypes: ["aws_s3_bucket"],
  description:
    'Every bucket has an aws_s3_bucket_versioning with versioning_configuration.status = "Enabled".',
  fix: 'Add an aws_s3_bucket_versioning for the bucket with versioning_configuration { status = "Enabled" }.',
  check: (bucket, _ctx, stack) => {
    const versioning = companionsOf(stack, "aws_s3_bucket_versioning", bucket);
    if (versioning.length === 0) {
      return [
        'no aws_s3_bucket_versioning references this bucket; expected one with versioning_configuration.status = "Enabled"',
      ];
    }
    const status = dig(versioning[0]!.values, "versioning_configuration.status");
    return status === "Enabled"
      ? []
      : [`versioning_configuration.status is ${show(status)}; expected "Enabled"`];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_s3_bucket: { data: { bucket: "acme-data" } },
    aws_s3_bucket_versioning: {
      data: { bucket: ref("aws_s3_bucket.data.id"), versioning_configuration: { status: "Enabled" } },
    },
  }),
  fail: stackOf({
    aws_s3_bucket: { data: { bucket: "acme-data" } },
    aws_s3_bucket_versioning: {
      data: { bucket: ref("aws_s3_bucket.data.id"), versioning_configuration: { status: "Suspended" } },
    },
  }),
  attribute: "versioning_configuration.status",
};
