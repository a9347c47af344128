/**
 * StateBucket built with its required props only: no DR replica, and the fixed protections of the
 * Terraform state (prevent_destroy on the buckets and the key, versioning, SSE-KMS, TLS-only) pinned.
 */
import { describe, expect, it } from "vitest";
import { StateBucket } from "../../../constructs/aws/state-bucket";
import { Testing } from "../../../constructs/core";
import { type Attrs, logicalIds, resourceById, resourcesOf, statementsOf } from "../../helpers";

let state: StateBucket | undefined;
const out = Testing.synthScope((scope) => {
  state = new StateBucket(scope, "State", { bucketName: "acme-tfstate", region: "eu-west-1" });
});
const BUCKETS = ["Bucket", "Logs"] as const;

function rules(bucket: string): Record<string, Attrs> {
  const lifecycle = resourceById(out, "aws_s3_bucket_lifecycle_configuration", `State_${bucket}_Lifecycle`);
  return Object.fromEntries((lifecycle.rule as Attrs[]).map((r) => [r.id, r]));
}

describe("StateBucket defaults (required props only)", () => {
  it("does not replicate: no DR key, replica or replication", () => {
    expect(state?.replicaBucketName).toBeUndefined();
    expect(logicalIds(out, "aws_s3_bucket")).toEqual(["State_Bucket", "State_Logs_Bucket"]);
    expect(logicalIds(out, "aws_kms_key")).toEqual(["State_Key"]);
    expect(resourcesOf(out, "aws_s3_bucket_replication_configuration")).toEqual({});
  });

  it("protects both buckets and the key with prevent_destroy", () => {
    // cdktf drops the repeated segment of State/Bucket/Bucket.
    for (const id of ["State_Bucket", "State_Logs_Bucket"]) {
      expect(resourceById(out, "aws_s3_bucket", id)).toMatchObject({
        force_destroy: false,
        lifecycle: { prevent_destroy: true },
      });
    }
    expect(resourceById(out, "aws_kms_key", "State_Key")).toMatchObject({
      lifecycle: { prevent_destroy: true },
      enable_key_rotation: true,
      deletion_window_in_days: 30,
    });
  });

  it("encrypts the state with its key and logs access to the log bucket under state/", () => {
    const sse = resourceById(
      out,
      "aws_s3_bucket_server_side_encryption_configuration",
      "State_Bucket_Encryption",
    );
    expect(sse.rule).toEqual([
      expect.objectContaining({
        apply_server_side_encryption_by_default: {
          sse_algorithm: "aws:kms",
          kms_master_key_id: expect.stringContaining("aws_kms_key.State_Key_"),
        },
      }),
    ]);
    expect(resourceById(out, "aws_s3_bucket_logging", "State_Bucket_Logging")).toMatchObject({
      target_bucket: expect.stringContaining("aws_s3_bucket.State_Logs_Bucket_"),
      target_prefix: "state/",
    });
  });

  it("keeps noncurrent state versions 90 days and access logs 365 days", () => {
    for (const bucket of BUCKETS) {
      expect(rules(bucket)["noncurrent-versions"]!.noncurrent_version_expiration).toEqual([
        { noncurrent_days: 90 },
      ]);
    }
    expect(rules("Logs")["expire-current-versions"]!.expiration).toEqual([{ days: 365 }]);
    expect(rules("Bucket")).not.toHaveProperty("expire-current-versions");
  });

  it("versions, blocks public access and requires TLS on both buckets", () => {
    for (const bucket of BUCKETS) {
      expect(
        resourceById(out, "aws_s3_bucket_versioning", `State_${bucket}_Versioning`).versioning_configuration,
      ).toEqual({
        status: "Enabled",
      });
      expect(
        resourceById(out, "aws_s3_bucket_public_access_block", `State_${bucket}_PublicAccessBlock`),
      ).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      const policy = resourceById(out, "aws_s3_bucket_policy", `State_${bucket}_Policy`).policy;
      expect(statementsOf(out, policy)[0]).toMatchObject({
        sid: "DenyInsecureTransport",
        effect: "Deny",
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      });
    }
  });
});
