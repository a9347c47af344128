/**
 * S3 companion-resource lookups. Since AWS provider v4 a bucket's settings live in separate resources
 * (`aws_s3_bucket_versioning`, `..._server_side_encryption_configuration`, ...) that point at the bucket
 * through their `bucket` attribute, usually `"${aws_s3_bucket.<name>.id}"` (or `.bucket`), or the literal
 * bucket name. These helpers find them.
 */
import type { ResourceView, StackIndex } from "../types.js";
import { isReference, refersTo } from "./values.js";

/** True when `value` points at `bucket`: a reference to its address or its literal name. */
export function pointsAtBucket(value: unknown, bucket: ResourceView): boolean {
  if (refersTo(value, bucket.address)) return true;
  const name = bucket.values.bucket;
  return typeof name === "string" && !isReference(name) && name !== "" && value === name;
}

/** Resources of `type` whose `attribute` (default `bucket`) points at `bucket`. */
export function companionsOf(
  stack: StackIndex,
  type: string,
  bucket: ResourceView,
  attribute = "bucket",
): ResourceView[] {
  return stack.ofType(type).filter((r) => pointsAtBucket(r.values[attribute], bucket));
}

/** True when another bucket's `aws_s3_bucket_logging` delivers its access logs into `bucket`. */
export function isLogTarget(stack: StackIndex, bucket: ResourceView): boolean {
  return companionsOf(stack, "aws_s3_bucket_logging", bucket, "target_bucket").length > 0;
}
