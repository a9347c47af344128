import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { describe, expect, it } from "vitest";
import { SecureBucket, type SecureBucketProps } from "../../../constructs/aws/secure-bucket";
import { Testing } from "../../../constructs/core";
import { errorOf, problem, resourceById, resourcesOf, statementsOf } from "../../helpers";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1111";
const props: SecureBucketProps = {
  bucketName: "acme-dev-assets",
  kmsKeyArn: KEY,
  accessLogBucket: "acme-dev-logs",
};
const logProps: SecureBucketProps = { bucketName: "acme-dev-logs", isLogBucket: true };

function synth(overrides: Partial<SecureBucketProps> = {}, base: SecureBucketProps = props): string {
  return Testing.synthScope((scope) => new SecureBucket(scope, "Assets", { ...base, ...overrides }));
}

/** Lifecycle rules keyed by id. */
function rules(out: string): Record<string, Record<string, unknown>> {
  const lifecycle = resourceById(out, "aws_s3_bucket_lifecycle_configuration", "Assets_Lifecycle");
  const list = lifecycle.rule as Record<string, unknown>[];
  return Object.fromEntries(list.map((r) => [r.id, r]));
}

const policyOf = (out: string) =>
  statementsOf(out, resourceById(out, "aws_s3_bucket_policy", "Assets_Policy").policy);

describe("SecureBucket", () => {
  const out = synth();

  it("creates a versioned bucket that Terraform may not empty on destroy", () => {
    expect(out).toHaveResourceWithProperties(S3Bucket, {
      bucket: "acme-dev-assets",
      force_destroy: false,
      tags: { Name: "acme-dev-assets" },
    });
    expect(out).toHaveResourceWithProperties(S3BucketVersioningA, {
      versioning_configuration: { status: "Enabled" },
    });
  });

  it("encrypts with SSE-KMS, the given key and an S3 Bucket Key, and refuses SSE-C uploads", () => {
    expect(out).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [
        {
          apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: KEY },
          bucket_key_enabled: true,
          blocked_encryption_types: ["SSE-C"],
        },
      ],
    });
  });

  it("blocks all public access and disables ACLs", () => {
    expect(out).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(out).toHaveResourceWithProperties(S3BucketOwnershipControls, {
      rule: { object_ownership: "BucketOwnerEnforced" },
    });
  });

  it("writes lifecycle rules for multipart uploads, noncurrent versions and delete markers", () => {
    const r = rules(out);
    expect(Object.keys(r).sort()).toEqual([
      "abort-incomplete-multipart-uploads",
      "expired-object-delete-markers",
      "noncurrent-versions",
    ]);
    expect(r["abort-incomplete-multipart-uploads"]).toMatchObject({
      status: "Enabled",
      filter: [{}],
      abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
    });
    expect(r["noncurrent-versions"]).toMatchObject({
      filter: [{}],
      noncurrent_version_transition: [{ noncurrent_days: 30, storage_class: "STANDARD_IA" }],
      noncurrent_version_expiration: [{ noncurrent_days: 90 }],
    });
    expect(r["expired-object-delete-markers"]).toMatchObject({
      filter: [{}],
      expiration: [{ expired_object_delete_marker: true }],
    });
    expect(resourceById(out, "aws_s3_bucket_lifecycle_configuration", "Assets_Lifecycle").depends_on).toEqual(
      [expect.stringContaining("aws_s3_bucket_versioning.Assets_Versioning")],
    );
  });

  it("honours custom lifecycle days", () => {
    const r = rules(
      synth({
        noncurrentVersionExpirationDays: 180,
        noncurrentTransitionDays: 60,
        abortIncompleteMultipartUploadDays: 3,
      }),
    );
    expect(r["abort-incomplete-multipart-uploads"]!.abort_incomplete_multipart_upload).toEqual([
      { days_after_initiation: 3 },
    ]);
    expect(r["noncurrent-versions"]).toMatchObject({
      noncurrent_version_transition: [{ noncurrent_days: 60, storage_class: "STANDARD_IA" }],
      noncurrent_version_expiration: [{ noncurrent_days: 180 }],
    });
  });

  it("skips the STANDARD_IA transition when versions expire first", () => {
    const r = rules(synth({ noncurrentVersionExpirationDays: 30 }));
    expect(r["noncurrent-versions"]!.noncurrent_version_transition).toBeUndefined();
    expect(r["noncurrent-versions"]!.noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
  });

  it("sends access logs to the log bucket under the bucket's own prefix, partitioned by date", () => {
    expect(out).toHaveResourceWithProperties(S3BucketLoggingA, {
      target_bucket: "acme-dev-logs",
      target_prefix: "acme-dev-assets/",
      target_object_key_format: { partitioned_prefix: { partition_date_source: "EventTime" } },
    });
    expect(synth({ accessLogPrefix: "assets/" })).toHaveResourceWithProperties(S3BucketLoggingA, {
      target_prefix: "assets/",
    });
  });

  it("denies every request that does not use TLS, and grants nothing else", () => {
    const statements = policyOf(out);
    expect(statements).toEqual([
      {
        sid: "DenyInsecureTransport",
        effect: "Deny",
        principals: [{ type: "AWS", identifiers: ["*"] }],
        actions: ["s3:*"],
        resources: [expect.stringMatching(/\.arn\}$/), expect.stringMatching(/\.arn\}\/\*$/)],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
    ]);
    expect(resourceById(out, "aws_s3_bucket_policy", "Assets_Policy").depends_on).toEqual([
      expect.stringContaining("aws_s3_bucket_public_access_block.Assets_PublicAccessBlock"),
    ]);
  });

  describe("as a log bucket", () => {
    const logs = synth({}, logProps);

    it("uses SSE-S3, since server access log delivery needs it", () => {
      expect(logs).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
        rule: [
          {
            apply_server_side_encryption_by_default: { sse_algorithm: "AES256" },
            blocked_encryption_types: ["SSE-C"],
          },
        ],
      });
    });

    it("does not log its own access", () => {
      expect(Object.keys(resourcesOf(logs, "aws_s3_bucket_logging"))).toEqual([]);
    });

    it("lets only S3 log delivery for this account write, besides denying non-TLS", () => {
      const statements = policyOf(logs);
      expect(statements.map((s) => s.sid)).toEqual([
        "DenyInsecureTransport",
        "AllowS3ServerAccessLogDelivery",
      ]);
      expect(statements[1]).toEqual({
        sid: "AllowS3ServerAccessLogDelivery",
        effect: "Allow",
        principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
        actions: ["s3:PutObject"],
        resources: [expect.stringMatching(/\.arn\}\/\*$/)],
        condition: [
          {
            test: "StringEquals",
            variable: "aws:SourceAccount",
            values: [expect.stringContaining("data.aws_caller_identity.CallerIdentity.account_id")],
          },
        ],
      });
    });

    it("narrows delivery to the listed source buckets and expires old logs", () => {
      const narrowed = synth(
        { logSourceBucketArns: ["arn:aws:s3:::acme-dev-assets"], expirationDays: 365 },
        logProps,
      );
      expect(policyOf(narrowed)[1]!.condition).toContainEqual({
        test: "ArnLike",
        variable: "aws:SourceArn",
        values: ["arn:aws:s3:::acme-dev-assets"],
      });
      expect(rules(narrowed)["expire-current-versions"]).toMatchObject({
        filter: [{}],
        expiration: [{ days: 365 }],
      });
    });
  });

  it.each([
    [true, { prevent_destroy: true }],
    [false, undefined],
  ])("sets prevent_destroy on the bucket when preventDestroy is %s", (preventDestroy, lifecycle) => {
    expect(resourceById(synth({ preventDestroy }), "aws_s3_bucket", "Assets_Bucket").lifecycle).toEqual(
      lifecycle,
    );
  });

  it("puts the bucket and every companion in the requested region", () => {
    const dr = synth({ region: "eu-central-1" });
    for (const type of [
      "aws_s3_bucket",
      "aws_s3_bucket_versioning",
      "aws_s3_bucket_server_side_encryption_configuration",
      "aws_s3_bucket_public_access_block",
      "aws_s3_bucket_ownership_controls",
      "aws_s3_bucket_lifecycle_configuration",
      "aws_s3_bucket_logging",
      "aws_s3_bucket_policy",
    ]) {
      const all = Object.values(resourcesOf(dr, type));
      expect(all, type).toHaveLength(1);
      expect(all[0]!.region, type).toBe("eu-central-1");
    }
  });

  it("exposes resolved defaults", () => {
    Testing.synthScope((scope) => {
      const b = new SecureBucket(scope, "Assets", props);
      expect(b).toMatchObject({
        isLogBucket: false,
        encryption: "aws:kms",
        noncurrentVersionExpirationDays: 90,
        noncurrentTransitionDays: 30,
        transitionsNoncurrentVersions: true,
        abortIncompleteMultipartUploadDays: 7,
        preventDestroy: false,
        region: undefined,
      });
      expect(b.bucketArn).toMatch(/^\$\{TfToken/);
    });
  });

  describe("validation", () => {
    it.each([
      ["ab", "3 to 63 characters"],
      ["a".repeat(64), "3 to 63 characters"],
      ["Acme_Assets", "lower-case letters, digits, dots and dashes only"],
      ["-acme-assets", "a name that starts and ends with a letter or digit"],
      ["acme..assets", "no two adjacent dots"],
      ["192.168.10.20", "a name that is not formatted as an IP address"],
      ["xn--acme", "no reserved prefix (xn--, sthree-, amzn-s3-demo-)"],
      ["acme-s3alias", "no reserved suffix (-s3alias, --ol-s3, .mrap, --x-s3, --table-s3)"],
    ])("rejects bucket name %j: %s", (bucketName, allowed) => {
      expect(errorOf(() => synth({ bucketName }))).toContain(problem("bucketName", bucketName, allowed));
    });

    it("accepts a token as the bucket name", () => {
      expect(() =>
        Testing.synthScope((scope) => {
          const other = new SecureBucket(scope, "Other", props);
          new SecureBucket(scope, "Assets", { ...props, bucketName: `${other.bucketName}-copy` });
        }),
      ).not.toThrow();
    });

    it.each<[string, Partial<SecureBucketProps>, SecureBucketProps, string, unknown, string]>([
      [
        "a data bucket without a key",
        { kmsKeyArn: undefined },
        props,
        "kmsKeyArn",
        undefined,
        "a KMS key ARN (required unless isLogBucket or edgeOrigin)",
      ],
      [
        "a log bucket with a key",
        { kmsKeyArn: KEY },
        logProps,
        "kmsKeyArn",
        KEY,
        "unset when isLogBucket is true",
      ],
      [
        "a data bucket without a log target",
        { accessLogBucket: undefined },
        props,
        "accessLogBucket",
        undefined,
        "a log bucket name (required unless isLogBucket)",
      ],
      [
        "a log bucket with a log target",
        { accessLogBucket: "x-logs" },
        logProps,
        "accessLogBucket",
        "x-logs",
        "unset when isLogBucket is true",
      ],
      [
        "log sources on a data bucket",
        { logSourceBucketArns: ["arn:aws:s3:::x"] },
        props,
        "logSourceBucketArns",
        ["arn:aws:s3:::x"],
        "unset unless isLogBucket is true",
      ],
      [
        "zero noncurrent expiration",
        { noncurrentVersionExpirationDays: 0 },
        props,
        "noncurrentVersionExpirationDays",
        0,
        "an integer >= 1",
      ],
      [
        "a transition before 30 days",
        { noncurrentTransitionDays: 10 },
        props,
        "noncurrentTransitionDays",
        10,
        "an integer >= 30",
      ],
      [
        "zero multipart abort days",
        { abortIncompleteMultipartUploadDays: 0 },
        props,
        "abortIncompleteMultipartUploadDays",
        0,
        "an integer >= 1",
      ],
      [
        "fractional expiration days",
        { expirationDays: 1.5 },
        logProps,
        "expirationDays",
        1.5,
        "an integer >= 1",
      ],
    ])("rejects %s", (_case, overrides, base, field, value, allowed) => {
      expect(errorOf(() => synth(overrides, base))).toContain(problem(field, value, allowed));
    });

    it("reports every problem at once, naming the construct", () => {
      const message = errorOf(() =>
        synth({ bucketName: "ab", kmsKeyArn: undefined, accessLogBucket: undefined }),
      );
      expect(message).toMatch(/^SecureBucket .*Assets: 3 invalid prop\(s\)/);
    });
  });
});
