/**
 * SecureBucket built with its required props only (a data bucket needs a key and a log bucket; a log
 * bucket needs only `isLogBucket`), so each documented `@default` and each always-on protection is
 * pinned on the synthesized resources.
 */
import { describe, expect, it } from "vitest";
import { SecureBucket } from "../../../constructs/aws/secure-bucket";
import { Testing } from "../../../constructs/core";
import { type Attrs, resourceById, resourcesOf, statementsOf } from "../../helpers";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1111";
let bucket: SecureBucket | undefined;
const out = Testing.synthScope((scope) => {
  bucket = new SecureBucket(scope, "Data", {
    bucketName: "acme-data",
    kmsKeyArn: KEY,
    accessLogBucket: "acme-logs",
  });
});
const logOut = Testing.synthScope((scope) => {
  new SecureBucket(scope, "Data", { bucketName: "acme-logs", isLogBucket: true });
});

const byId = (o: string, type: string, id: string) => resourceById(o, type, `Data_${id}`);
function rules(o: string): Record<string, Attrs> {
  const list = byId(o, "aws_s3_bucket_lifecycle_configuration", "Lifecycle").rule as Attrs[];
  return Object.fromEntries(list.map((r) => [r.id, r]));
}
const policy = (o: string) => statementsOf(o, byId(o, "aws_s3_bucket_policy", "Policy").policy);

describe("SecureBucket defaults (required props only)", () => {
  it("is a data bucket: SSE-KMS with the given key and an S3 Bucket Key, SSE-C refused", () => {
    expect(bucket?.isLogBucket).toBe(false);
    expect(byId(out, "aws_s3_bucket_server_side_encryption_configuration", "Encryption").rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: KEY },
        bucket_key_enabled: true,
        blocked_encryption_types: ["SSE-C"],
      },
    ]);
  });

  it("versions every object", () => {
    for (const o of [out, logOut]) {
      expect(byId(o, "aws_s3_bucket_versioning", "Versioning").versioning_configuration).toEqual({
        status: "Enabled",
      });
    }
  });

  it("blocks all public access and disables ACLs", () => {
    for (const o of [out, logOut]) {
      expect(byId(o, "aws_s3_bucket_public_access_block", "PublicAccessBlock")).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(byId(o, "aws_s3_bucket_ownership_controls", "OwnershipControls").rule).toEqual({
        object_ownership: "BucketOwnerEnforced",
      });
    }
  });

  it("denies every request that does not use TLS", () => {
    for (const o of [out, logOut]) {
      expect(policy(o)[0]).toMatchObject({
        sid: "DenyInsecureTransport",
        effect: "Deny",
        principals: [{ type: "AWS", identifiers: ["*"] }],
        actions: ["s3:*"],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      });
    }
    expect(policy(out)).toHaveLength(1);
  });

  it("logs access under `<bucketName>/` in the log bucket", () => {
    expect(byId(out, "aws_s3_bucket_logging", "Logging")).toMatchObject({
      target_bucket: "acme-logs",
      target_prefix: "acme-data/",
    });
  });

  it("moves noncurrent versions to STANDARD_IA after 30 days and expires them after 90", () => {
    expect(rules(out)["noncurrent-versions"]).toMatchObject({
      status: "Enabled",
      noncurrent_version_transition: [{ noncurrent_days: 30, storage_class: "STANDARD_IA" }],
      noncurrent_version_expiration: [{ noncurrent_days: 90 }],
    });
  });

  it("aborts incomplete multipart uploads after 7 days and never expires current versions", () => {
    const r = rules(out);
    expect(r["abort-incomplete-multipart-uploads"]).toMatchObject({
      abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
    });
    expect(Object.keys(r).sort()).toEqual([
      "abort-incomplete-multipart-uploads",
      "expired-object-delete-markers",
      "noncurrent-versions",
    ]);
  });

  it("may not be emptied or destroyed freely: force_destroy off, no prevent_destroy", () => {
    const s3 = byId(out, "aws_s3_bucket", "Bucket");
    expect(s3.force_destroy).toBe(false);
    expect(s3).not.toHaveProperty("lifecycle");
  });

  it("lives in the provider's region and is tagged with its name only", () => {
    const s3 = byId(out, "aws_s3_bucket", "Bucket");
    expect(s3.tags).toEqual({ Name: "acme-data" });
    for (const type of ["aws_s3_bucket", "aws_s3_bucket_versioning", "aws_s3_bucket_policy"]) {
      for (const r of Object.values(resourcesOf(out, type))) expect(r).not.toHaveProperty("region");
    }
  });

  it("as a log bucket: SSE-S3, no logging of its own, delivery from any bucket of this account", () => {
    expect(byId(logOut, "aws_s3_bucket_server_side_encryption_configuration", "Encryption").rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: "AES256" },
        blocked_encryption_types: ["SSE-C"],
      },
    ]);
    expect(resourcesOf(logOut, "aws_s3_bucket_logging")).toEqual({});
    const delivery = policy(logOut)[1]!;
    expect(delivery).toMatchObject({ sid: "AllowS3ServerAccessLogDelivery", actions: ["s3:PutObject"] });
    expect(delivery.condition).toEqual([
      expect.objectContaining({ test: "StringEquals", variable: "aws:SourceAccount" }),
    ]);
  });
});
