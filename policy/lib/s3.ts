/**
 * S3 companion-resource lookups. Since AWS provider v4 a bucket's settings live in separate resources
 * (`aws_s3_bucket_versioning`, `..._server_side_encryption_configuration`, ...) that point at the bucket
 * through their `bucket` attribute, usually `"${aws_s3_bucket.<name>.id}"` (or `.bucket`), or the literal
 * bucket name. These helpers find them.
 */
import type { ResourceView, StackIndex } from "../types.js";
import { hasWildcardPrincipal, policyStatements, type Statement } from "./iam.js";
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

/**
 * An edge origin's read grant: Allow `s3:GetObject` only, to everyone, but only from fixed source
 * ranges (`IpAddress` on `aws:SourceIp`, each IPv4 range /8 or narrower, each IPv6 range /32 or
 * narrower). S3 Block Public Access counts such a policy as non-public; a wider range makes it public.
 */
export function isEdgeReadStatement(statement: Statement): boolean {
  if (statement.effect !== "Allow" || !hasWildcardPrincipal(statement)) return false;
  if (statement.notActions.length > 0 || statement.actions.join() !== "s3:GetObject") return false;
  const ranges = statement.conditions
    .filter((c) => c.test === "IpAddress" && c.variable === "aws:SourceIp")
    .flatMap((c) => c.values);
  return ranges.length > 0 && ranges.every(isNarrowRange);
}

function isNarrowRange(cidr: string): boolean {
  const m = /^([0-9a-f.:]+)\/(\d{1,3})$/i.exec(cidr);
  if (!m) return false;
  const prefix = Number(m[2]);
  return m[1]!.includes(":") ? prefix >= 32 && prefix <= 128 : prefix >= 8 && prefix <= 32;
}

/** True when the bucket's policy grants edge reads (see {@link isEdgeReadStatement}). */
export function isEdgeOrigin(stack: StackIndex, bucket: ResourceView): boolean {
  return companionsOf(stack, "aws_s3_bucket_policy", bucket).some((p) =>
    (policyStatements(p.values.policy, stack) ?? []).some(isEdgeReadStatement),
  );
}
