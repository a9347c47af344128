/** Construction-time checks for `SecureBucket`, kept apart so the construct reads as its resources. */
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
  v.check(
    log || props.kmsKeyArn !== undefined,
    "kmsKeyArn",
    props.kmsKeyArn,
    "a KMS key ARN (required unless isLogBucket)",
    "pass the ARN of a customer-managed KmsKey",
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
