/**
 * The props of {@link SecureBucket}, apart from the construct so that its validation
 * (`secure-bucket-validation.ts`) reads them without importing the construct back.
 */
import type { TerraformResource } from "../core";

export interface SecureBucketProps {
  /** Globally unique bucket name; checked against the S3 naming rules. */
  readonly bucketName: string;
  /**
   * Customer-managed KMS key for SSE-KMS (with an S3 Bucket Key). Required unless `isLogBucket`.
   * @default - none; a log bucket uses SSE-S3
   */
  readonly kmsKeyArn?: string;
  /**
   * Make this a server-access-log target: SSE-S3 (AES256) instead of SSE-KMS, a policy statement
   * that lets `logging.s3.amazonaws.com` write, and no access logging of its own (a log bucket that
   * logs to itself loops). Must be said explicitly; omitting `accessLogBucket` alone is an error.
   * @default false
   */
  readonly isLogBucket?: boolean;
  /**
   * Serve the objects to a CDN's edge: `s3:GetObject` for everyone, but only from `sourceCidrs`
   * (`aws:SourceIp`), which S3 Block Public Access counts as non-public while every range is /8 or
   * narrower (IPv4) or /32 or narrower (IPv6), so all four of its settings stay on. The objects use SSE-S3, since an anonymous GET cannot decrypt SSE-KMS; leave `kmsKeyArn`
   * unset. Hold nothing here but what the edge serves publicly anyway.
   * @default - no reads but the account's own
   */
  readonly edgeOrigin?: { readonly sourceCidrs: readonly string[] };
  /**
   * Name of the log bucket (same account and region) that receives this bucket's access logs.
   * Required unless `isLogBucket`.
   * @default - none
   */
  readonly accessLogBucket?: string;
  /**
   * The log bucket's policy (`SecureBucket.policy` of `accessLogBucket`): this bucket's logging is
   * turned on only after it, so S3's log delivery is admitted from the first request.
   * @default - no ordering (the log bucket is managed elsewhere)
   */
  readonly accessLogBucketPolicy?: TerraformResource;
  /**
   * Key prefix for this bucket's access logs in `accessLogBucket`.
   * @default `${bucketName}/`
   */
  readonly accessLogPrefix?: string;
  /**
   * Log bucket only: source buckets allowed to deliver logs (`aws:SourceArn`).
   * @default - any bucket of this account (`aws:SourceAccount` only)
   */
  readonly logSourceBucketArns?: readonly string[];
  /**
   * Days a noncurrent (overwritten or deleted) version is kept before it expires.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Days before a noncurrent version moves to STANDARD_IA (S3 minimum 30). Skipped when versions
   * expire on or before this day, since STANDARD_IA bills 30 days minimum anyway.
   * @default 30
   */
  readonly noncurrentTransitionDays?: number;
  /**
   * Days before an unfinished multipart upload is aborted and its parts deleted.
   * @default 7
   */
  readonly abortIncompleteMultipartUploadDays?: number;
  /**
   * Days before current versions expire (become noncurrent). Meant for log buckets.
   * @default - current versions never expire
   */
  readonly expirationDays?: number;
  /**
   * Add `lifecycle.prevent_destroy` to the bucket.
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * Create the bucket and its companions in another region (AWS provider 6 per-resource region).
   * @default - the provider's region
   */
  readonly region?: string;
  /**
   * Extra tags on the bucket (the provider's `default_tags` still apply).
   * @default - `Name` only
   */
  readonly tags?: Readonly<Record<string, string>>;
}
