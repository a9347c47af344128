import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "../core";
import { accountOf } from "./account";
import { validateSecureBucket } from "./secure-bucket-validation";

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
   * Name of the log bucket (same account and region) that receives this bucket's access logs.
   * Required unless `isLogBucket`.
   * @default - none
   */
  readonly accessLogBucket?: string;
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

/** Encryption a bucket ends up with: SSE-KMS (`aws:kms`) or, for log buckets, SSE-S3 (`AES256`). */
export type BucketEncryption = "aws:kms" | "AES256";

/**
 * One S3 bucket with everything that makes it safe: versioning, default encryption, all four public
 * access blocks, ACLs disabled, a TLS-only bucket policy, lifecycle hygiene and server access logging.
 * See constructs/aws/README-storage.md.
 */
export class SecureBucket extends Construct {
  public readonly bucketName: string;
  public readonly bucketArn: string;
  public readonly bucketId: string;
  public readonly isLogBucket: boolean;
  public readonly encryption: BucketEncryption;
  public readonly noncurrentVersionExpirationDays: number;
  public readonly noncurrentTransitionDays: number;
  /** False when versions expire before `noncurrentTransitionDays`, so no transition rule is written. */
  public readonly transitionsNoncurrentVersions: boolean;
  public readonly abortIncompleteMultipartUploadDays: number;
  public readonly preventDestroy: boolean;
  /** The per-resource region, or undefined for the provider's region. */
  public readonly region: string | undefined;
  /** The bucket resource itself (escape hatch, e.g. for `waive()`). */
  public readonly bucket: S3Bucket;
  /** Versioning; replication must depend on it. */
  public readonly versioning: S3BucketVersioningA;
  /** Default encryption; a policy waiver for a log bucket's SSE-S3 belongs on this resource. */
  public readonly encryptionConfiguration: S3BucketServerSideEncryptionConfigurationA;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.isLogBucket = props.isLogBucket ?? false;
    this.encryption = this.isLogBucket ? "AES256" : "aws:kms";
    this.noncurrentVersionExpirationDays = props.noncurrentVersionExpirationDays ?? 90;
    this.noncurrentTransitionDays = props.noncurrentTransitionDays ?? 30;
    this.transitionsNoncurrentVersions = this.noncurrentVersionExpirationDays > this.noncurrentTransitionDays;
    this.abortIncompleteMultipartUploadDays = props.abortIncompleteMultipartUploadDays ?? 7;
    this.preventDestroy = props.preventDestroy ?? false;
    this.region = props.region;
    validateSecureBucket(this.node.path, props, this);
    const region = props.region;

    this.bucket = new S3Bucket(this, "Bucket", {
      bucket: props.bucketName,
      forceDestroy: false,
      region,
      tags: { Name: props.bucketName, ...props.tags },
      lifecycle: this.preventDestroy ? { preventDestroy: true } : undefined,
    });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
    this.bucketId = this.bucket.id;
    const bucket = this.bucket.id;

    this.versioning = new S3BucketVersioningA(this, "Versioning", {
      bucket,
      region,
      versioningConfiguration: { status: "Enabled" },
    });
    this.encryptionConfiguration = new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      bucket,
      region,
      rule: [
        {
          // S3 server access log delivery is only documented for SSE-S3 targets; see the README.
          applyServerSideEncryptionByDefault: this.isLogBucket
            ? { sseAlgorithm: "AES256" }
            : { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn },
          bucketKeyEnabled: this.isLogBucket ? undefined : true,
          // Customer-provided keys (SSE-C) would bypass the bucket's key; S3 blocks them on new
          // buckets from April 2026, and pinning it here keeps older buckets the same.
          blockedEncryptionTypes: ["SSE-C"],
        },
      ],
    });
    const publicAccessBlock = new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      bucket,
      region,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "OwnershipControls", {
      bucket,
      region,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      bucket,
      region,
      rule: this.lifecycleRules(props.expirationDays),
      dependsOn: [this.versioning],
    });
    if (!this.isLogBucket) {
      new S3BucketLoggingA(this, "Logging", {
        bucket,
        region,
        targetBucket: props.accessLogBucket!,
        targetPrefix: props.accessLogPrefix ?? `${props.bucketName}/`,
        targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
      });
    }
    const policy = this.policyDocument(props.logSourceBucketArns);
    new S3BucketPolicy(this, "Policy", {
      bucket,
      region,
      policy: policy.json,
      dependsOn: [publicAccessBlock],
    });
  }

  private lifecycleRules(expirationDays: number | undefined): S3BucketLifecycleConfigurationRule[] {
    const all = [{}]; // provider 6: an empty filter block applies a rule to every object
    return [
      {
        id: "abort-incomplete-multipart-uploads",
        status: "Enabled",
        filter: all,
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: this.abortIncompleteMultipartUploadDays }],
      },
      {
        id: "noncurrent-versions",
        status: "Enabled",
        filter: all,
        noncurrentVersionTransition: this.transitionsNoncurrentVersions
          ? [{ noncurrentDays: this.noncurrentTransitionDays, storageClass: "STANDARD_IA" }]
          : undefined,
        noncurrentVersionExpiration: [{ noncurrentDays: this.noncurrentVersionExpirationDays }],
      },
      {
        id: "expired-object-delete-markers",
        status: "Enabled",
        filter: all,
        expiration: [{ expiredObjectDeleteMarker: true }],
      },
      ...(expirationDays === undefined
        ? []
        : [
            {
              id: "expire-current-versions",
              status: "Enabled",
              filter: all,
              expiration: [{ days: expirationDays }],
            },
          ]),
    ];
  }

  private policyDocument(logSourceBucketArns: readonly string[] | undefined): DataAwsIamPolicyDocument {
    const account = accountOf(this);
    const arn = this.bucketArn;
    return new DataAwsIamPolicyDocument(this, "PolicyDocument", {
      statement: [
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          principals: [{ type: "AWS", identifiers: ["*"] }],
          actions: ["s3:*"],
          resources: [arn, `${arn}/*`],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
        ...(this.isLogBucket
          ? [
              {
                sid: "AllowS3ServerAccessLogDelivery",
                effect: "Allow",
                principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
                actions: ["s3:PutObject"],
                resources: [`${arn}/*`],
                condition: [
                  { test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] },
                  ...(logSourceBucketArns && logSourceBucketArns.length > 0
                    ? [{ test: "ArnLike", variable: "aws:SourceArn", values: [...logSourceBucketArns] }]
                    : []),
                ],
              },
            ]
          : []),
      ],
    });
  }
}
