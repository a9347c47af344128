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
import { Construct, dependOn } from "../core";
import { accountOf } from "./account";
import type { SecureBucketProps } from "./secure-bucket-props";
import { validateSecureBucket } from "./secure-bucket-validation";

export type { SecureBucketProps } from "./secure-bucket-props";

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
  /** The bucket's policy; a bucket logging here passes it as `accessLogBucketPolicy`. */
  public readonly policy: S3BucketPolicy;
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
    this.encryption = this.isLogBucket || props.edgeOrigin ? "AES256" : "aws:kms";
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
          // An edge origin's objects are read anonymously, which SSE-KMS refuses.
          applyServerSideEncryptionByDefault:
            this.encryption === "AES256"
              ? { sseAlgorithm: "AES256" }
              : { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn },
          bucketKeyEnabled: this.encryption === "AES256" ? undefined : true,
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
    const lifecycle = new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      bucket,
      region,
      rule: this.lifecycleRules(props.expirationDays),
    });
    dependOn(lifecycle, [this.versioning]);
    if (!this.isLogBucket) {
      const logging = new S3BucketLoggingA(this, "Logging", {
        bucket,
        region,
        targetBucket: props.accessLogBucket!,
        targetPrefix: props.accessLogPrefix ?? `${props.bucketName}/`,
        targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
      });
      if (props.accessLogBucketPolicy) dependOn(logging, [props.accessLogBucketPolicy]);
    }
    const policy = this.policyDocument(props.logSourceBucketArns, props.edgeOrigin?.sourceCidrs);
    this.policy = new S3BucketPolicy(this, "Policy", {
      bucket,
      region,
      policy: policy.json,
    });
    dependOn(this.policy, [publicAccessBlock]);
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

  private policyDocument(
    logSourceBucketArns: readonly string[] | undefined,
    edgeSourceCidrs: readonly string[] | undefined,
  ): DataAwsIamPolicyDocument {
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
        ...(edgeSourceCidrs
          ? [
              {
                // Non-public for S3 Block Public Access: limited to fixed CIDRs with aws:SourceIp.
                sid: "AllowEdgeReads",
                effect: "Allow",
                principals: [{ type: "AWS", identifiers: ["*"] }],
                actions: ["s3:GetObject"],
                resources: [`${arn}/*`],
                condition: [{ test: "IpAddress", variable: "aws:SourceIp", values: [...edgeSourceCidrs] }],
              },
            ]
          : []),
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
