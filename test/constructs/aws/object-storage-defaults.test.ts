/**
 * ObjectStorage built with its required props only, so each documented `@default` (its own key, 90-day
 * noncurrent versions, no replication, 365-day access logs, no prevent_destroy) is pinned.
 */
import { describe, expect, it } from "vitest";
import { ObjectStorage } from "../../../constructs/aws/object-storage";
import { Testing } from "../../../constructs/core";
import { type Attrs, logicalIds, resourceById, resourcesOf, statementsOf } from "../../helpers";

let storage: ObjectStorage | undefined;
const out = Testing.synthScope((scope) => {
  storage = new ObjectStorage(scope, "Storage", {
    name: "acme",
    region: "eu-west-1",
    drRegion: "eu-central-1",
  });
});
const BUCKETS = ["Assets", "Backups", "Logs"] as const;

function rules(bucket: string): Record<string, Attrs> {
  const lifecycle = resourceById(out, "aws_s3_bucket_lifecycle_configuration", `Storage_${bucket}_Lifecycle`);
  return Object.fromEntries((lifecycle.rule as Attrs[]).map((r) => [r.id, r]));
}

describe("ObjectStorage defaults (required props only)", () => {
  it("creates its own rotating key, alias/<name>/s3, and encrypts the data buckets with it", () => {
    expect(logicalIds(out, "aws_kms_key")).toEqual(["Storage_Key"]);
    expect(resourceById(out, "aws_kms_key", "Storage_Key")).toMatchObject({
      enable_key_rotation: true,
      deletion_window_in_days: 30,
    });
    expect(resourceById(out, "aws_kms_alias", "Storage_Key_Alias").name).toBe("alias/acme/s3");
    for (const bucket of ["Assets", "Backups"]) {
      const sse = resourceById(
        out,
        "aws_s3_bucket_server_side_encryption_configuration",
        `Storage_${bucket}_Encryption`,
      );
      expect(sse.rule).toEqual([
        expect.objectContaining({
          apply_server_side_encryption_by_default: {
            sse_algorithm: "aws:kms",
            kms_master_key_id: expect.stringContaining("aws_kms_key.Storage_Key_"),
          },
        }),
      ]);
    }
  });

  it("does not replicate: no DR key, replica buckets or replication", () => {
    expect(storage?.replicationEnabled).toBe(false);
    expect(logicalIds(out, "aws_s3_bucket")).toEqual(BUCKETS.map((b) => `Storage_${b}_Bucket`));
    expect(resourcesOf(out, "aws_s3_bucket_replication_configuration")).toEqual({});
    for (const r of Object.values(resourcesOf(out, "aws_kms_key"))) expect(r).not.toHaveProperty("region");
  });

  it("keeps noncurrent versions 90 days in every bucket", () => {
    for (const bucket of BUCKETS) {
      expect(rules(bucket)["noncurrent-versions"]!.noncurrent_version_expiration).toEqual([
        { noncurrent_days: 90 },
      ]);
    }
  });

  it("keeps access logs 365 days, and never expires the data buckets' current versions", () => {
    expect(rules("Logs")["expire-current-versions"]!.expiration).toEqual([{ days: 365 }]);
    for (const bucket of ["Assets", "Backups"])
      expect(rules(bucket)).not.toHaveProperty("expire-current-versions");
  });

  it("adds no prevent_destroy to any bucket or the key", () => {
    for (const r of Object.values(resourcesOf(out, "aws_s3_bucket"))) {
      expect(r).toMatchObject({ force_destroy: false });
      expect(r).not.toHaveProperty("lifecycle");
    }
    expect(resourceById(out, "aws_kms_key", "Storage_Key")).not.toHaveProperty("lifecycle");
  });

  it("versions, blocks public access and requires TLS on every bucket", () => {
    for (const bucket of BUCKETS) {
      expect(
        resourceById(out, "aws_s3_bucket_versioning", `Storage_${bucket}_Versioning`)
          .versioning_configuration,
      ).toEqual({
        status: "Enabled",
      });
      expect(
        resourceById(out, "aws_s3_bucket_public_access_block", `Storage_${bucket}_PublicAccessBlock`),
      ).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      const policy = resourceById(out, "aws_s3_bucket_policy", `Storage_${bucket}_Policy`).policy;
      expect(statementsOf(out, policy)[0]).toMatchObject({
        sid: "DenyInsecureTransport",
        effect: "Deny",
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      });
    }
  });
});
