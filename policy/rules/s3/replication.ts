import { ref, stackOf } from "../../lib/fixture.js";
import { companionsOf, isLogTarget } from "../../lib/s3.js";
import { blocks, dig, refersTo } from "../../lib/values.js";
import type { ResourceView, Rule, RuleFixtures, StackIndex } from "../../types.js";

/** True when `bucket` is the destination of a replication rule in the stack (a replica needs no replica). */
function isReplicaDestination(stack: StackIndex, bucket: ResourceView): boolean {
  return stack
    .ofType("aws_s3_bucket_replication_configuration")
    .some((config) =>
      blocks(config.values.rule).some((r) => refersTo(dig(r, "destination.bucket"), bucket.address)),
    );
}

/**
 * Production data survives the loss of a region. Exempt: replication destinations (a replica needs no
 * replica) and access-log target buckets (S3 delivers server access logs best effort, so a replica adds
 * no guarantee).
 */
const rule: Rule = {
  id: "PLAT-S3-008",
  checkov: "CKV_AWS_144",
  severity: "MEDIUM",
  resourceTypes: ["aws_s3_bucket"],
  description:
    "In production every bucket (except replication destinations and access-log targets) has an aws_s3_bucket_replication_configuration with an enabled rule.",
  fix: 'Add an aws_s3_bucket_replication_configuration for the bucket with a rule { status = "Enabled" } to a bucket in another region.',
  check: (bucket, ctx, stack) => {
    if (ctx.tier !== "production" || isReplicaDestination(stack, bucket) || isLogTarget(stack, bucket))
      return [];
    const configs = companionsOf(stack, "aws_s3_bucket_replication_configuration", bucket);
    if (configs.length === 0) {
      return [
        `no aws_s3_bucket_replication_configuration references this bucket; expected one in ${ctx.tier}`,
      ];
    }
    const enabled = configs.some((c) => blocks(c.values.rule).some((r) => r.status === "Enabled"));
    return enabled ? [] : ['replication rule status is not "Enabled"; expected at least one enabled rule'];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_s3_bucket: { data: {}, replica: { provider: "aws.dr" } },
    aws_s3_bucket_replication_configuration: {
      data: {
        bucket: ref("aws_s3_bucket.data.id"),
        role: ref("aws_iam_role.replication.arn"),
        rule: [{ id: "all", status: "Enabled", destination: { bucket: ref("aws_s3_bucket.replica.arn") } }],
      },
    },
  }),
  fail: stackOf({ aws_s3_bucket: { data: {} } }),
  attribute: "aws_s3_bucket_replication_configuration",
};
