/** Construction-time checks for `SecureBucket`, kept apart so the construct reads as its resources. */
import { isPublic, parseCidr } from "../cidr";
import { Token } from "../core";
import { Validator } from "../validation";
import { bucketNameProblems } from "./s3-bucket-name";
import type { SecureBucketProps } from "./secure-bucket-props";

/** The defaults `SecureBucket` resolved from its props. */
export interface ResolvedBucketDefaults {
  readonly isLogBucket: boolean;
  readonly noncurrentVersionExpirationDays: number;
  readonly noncurrentTransitionDays: number;
  readonly abortIncompleteMultipartUploadDays: number;
}

/** Throws one `ValidationError` listing every problem with the props. */
export function validateSecureBucket(
  path: string,
  props: SecureBucketProps,
  resolved: ResolvedBucketDefaults,
): void {
  const v = new Validator(`SecureBucket ${path}`);
  if (!Token.isUnresolved(props.bucketName)) {
    for (const p of bucketNameProblems(props.bucketName)) {
      v.check(false, "bucketName", props.bucketName, p.allowed, p.hint);
    }
  }
  const log = resolved.isLogBucket;
  const edge = props.edgeOrigin !== undefined;
  if (props.edgeOrigin) {
    const cidrs = props.edgeOrigin.sourceCidrs;
    v.check(
      cidrs.length > 0,
      "edgeOrigin.sourceCidrs",
      cidrs,
      "at least one range",
      "pass the CDN's published ranges (constructs/cloudflare/edge-ip-ranges.ts)",
    )
      .check(
        !log,
        "edgeOrigin",
        props.edgeOrigin,
        "unset on a log bucket",
        "serve from a data bucket of its own",
      )
      .check(
        Token.isUnresolved(props.bucketName) || !props.bucketName.includes("."),
        "bucketName",
        props.bucketName,
        "a name without dots for an edge origin",
        "S3's wildcard certificate (*.s3.<region>.amazonaws.com) covers one label, so the edge's strict TLS fails on a dotted name",
      );
    cidrs.forEach((cidr, i) => {
      v.check(
        isEdgeRange(cidr),
        `edgeOrigin.sourceCidrs[${i}]`,
        cidr,
        "a public IPv4 range no wider than /8, or an IPv6 range no wider than /32 (S3 Block Public Access's limits)",
        "only the CDN's own ranges; never 0.0.0.0/0 or a private range",
      );
    });
  }
  v.check(
    log || edge || props.kmsKeyArn !== undefined,
    "kmsKeyArn",
    props.kmsKeyArn,
    "a KMS key ARN (required unless isLogBucket or edgeOrigin)",
    "pass the ARN of a customer-managed KmsKey",
  )
    .check(
      !edge || props.kmsKeyArn === undefined,
      "kmsKeyArn",
      props.kmsKeyArn,
      "unset when edgeOrigin is set",
      "anonymous edge reads cannot decrypt SSE-KMS objects; drop kmsKeyArn",
    )
    .check(
      !log || props.kmsKeyArn === undefined,
      "kmsKeyArn",
      props.kmsKeyArn,
      "unset when isLogBucket is true",
      "access-log targets use SSE-S3; drop kmsKeyArn",
    )
    .check(
      log || props.accessLogBucket !== undefined,
      "accessLogBucket",
      props.accessLogBucket,
      "a log bucket name (required unless isLogBucket)",
      "pass the logs bucket, or set isLogBucket: true if this bucket receives access logs",
    )
    .check(
      !log || props.accessLogBucket === undefined,
      "accessLogBucket",
      props.accessLogBucket,
      "unset when isLogBucket is true",
      "a log bucket does not log its own access; drop accessLogBucket",
    )
    .check(
      log || props.logSourceBucketArns === undefined,
      "logSourceBucketArns",
      props.logSourceBucketArns,
      "unset unless isLogBucket is true",
      "only a log bucket accepts log deliveries",
    );
  const days = (field: string, value: number | undefined, min: number, hint: string) =>
    v.check(
      value === undefined || (Number.isInteger(value) && value >= min),
      field,
      value,
      `an integer >= ${min}`,
      hint,
    );
  days(
    "noncurrentVersionExpirationDays",
    resolved.noncurrentVersionExpirationDays,
    1,
    "keep old versions 1+ days",
  );
  days(
    "noncurrentTransitionDays",
    resolved.noncurrentTransitionDays,
    30,
    "S3 needs 30+ days before STANDARD_IA",
  );
  days("abortIncompleteMultipartUploadDays", resolved.abortIncompleteMultipartUploadDays, 1, "use 7 days");
  days("expirationDays", props.expirationDays, 1, "omit it to keep current versions forever");
  v.throwIfAny();
}

/** A CDN range: a public IPv4 block of /8 or narrower, or an IPv6 block of /32 or narrower (wider is "public" to S3). */
function isEdgeRange(cidr: string): boolean {
  const v4 = parseCidr(cidr);
  if (v4) return v4.prefix >= 8 && isPublic(v4);
  const v6 = /^([0-9a-f]{1,4}:){1,7}:?\/(\d{1,3})$/.exec(cidr);
  return v6 !== null && Number(v6[2]) >= 32 && Number(v6[2]) <= 128 && /^[23]/.test(cidr);
}
