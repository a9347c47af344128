/**
 * BucketReplication between two real SecureBuckets: the S3-assumed role and its least-privilege policy,
 * and one replication rule for every version and delete marker with Replication Time Control.
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { S3BucketReplicationConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-replication-configuration";
import { describe, expect, it } from "vitest";
import {
  BucketReplication,
  type BucketReplicationProps,
  S3_RTC_MINUTES,
} from "../../../constructs/aws/bucket-replication";
import { S3_RTC_RPO_MINUTES } from "../../../constructs/aws/limits";
import { SecureBucket } from "../../../constructs/aws/secure-bucket";
import { TerraformOutput, Testing } from "../../../constructs/core";
import { type Attrs, dataSourcesOf, logicalIds, resourceById, statementsOf } from "../../helpers";

const SOURCE_KEY = "arn:aws:kms:eu-west-1:123456789012:key/1111";
const DR_KEY = "arn:aws:kms:eu-central-1:123456789012:key/2222";

type Overrides = Partial<Omit<BucketReplicationProps, "source" | "destination">> & {
  readonly sourceBucketRegion?: string;
};

/** A source bucket, a DR bucket and the replication between them, with `overrides` on the props. */
function synth(overrides: Overrides = {}): string {
  const { sourceBucketRegion, ...props } = overrides;
  return Testing.synthScope((scope) => {
    const source = new SecureBucket(scope, "Source", {
      bucketName: "acme-prod-assets",
      kmsKeyArn: SOURCE_KEY,
      accessLogBucket: "acme-prod-logs",
      region: sourceBucketRegion,
    });
    const destination = new SecureBucket(scope, "Replica", {
      bucketName: "acme-prod-assets-eu-central-1",
      kmsKeyArn: DR_KEY,
      accessLogBucket: "acme-prod-logs-eu-central-1",
      region: "eu-central-1",
    });
    const replication = new BucketReplication(scope, "Replication", {
      name: "acme-prod-assets",
      source,
      sourceKmsKeyArn: SOURCE_KEY,
      sourceRegion: "eu-west-1",
      destination,
      destinationKmsKeyArn: DR_KEY,
      destinationRegion: "eu-central-1",
      ...props,
    });
    new TerraformOutput(scope, "RoleArn", { value: replication.roleArn });
  });
}

/** A Terraform interpolation, `${expr}`, built so that no JavaScript template placeholder is written. */
const tf = (expr: string) => ["$", "{", expr, "}"].join("");
const ref = (type: string, id: string, attr: string) =>
  expect.stringMatching(new RegExp(`^\\$\\{${type}\\.${id}_[0-9A-F]{8}\\.${attr}\\}`));

describe("BucketReplication", () => {
  const out = synth();
  const config = resourceById(out, "aws_s3_bucket_replication_configuration", "Replication_Configuration");
  const role = resourceById(out, "aws_iam_role", "Replication_Role");
  const statements = statementsOf(
    out,
    resourceById(out, "aws_iam_role_policy", "Replication_RolePolicy").policy,
  );
  const bySid = Object.fromEntries(statements.map((s) => [s.sid, s])) as Record<string, Attrs>;

  it("creates one role, one inline policy and one replication configuration under fixed IDs", () => {
    expect(logicalIds(out, "aws_iam_role")).toEqual(["Replication_Role"]);
    expect(logicalIds(out, "aws_iam_role_policy")).toEqual(["Replication_RolePolicy"]);
    expect(logicalIds(out, "aws_s3_bucket_replication_configuration")).toEqual(["Replication_Configuration"]);
    const outputs = (JSON.parse(out) as { output: Record<string, { value: unknown }> }).output;
    expect(outputs.RoleArn!.value).toEqual(ref("aws_iam_role", "Replication_Role", "arn"));
  });

  it("lets only S3, acting for this account, assume the role", () => {
    expect(out).toHaveResourceWithProperties(IamRole, {
      name_prefix: "acme-prod-assets-repl-",
      description: expect.stringContaining("to eu-central-1"),
    });
    const assume = statementsOf(out, role.assume_role_policy);
    expect(assume).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["s3.amazonaws.com"] }],
        condition: [
          {
            test: "StringEquals",
            variable: "aws:SourceAccount",
            values: [tf("data.aws_caller_identity.CallerIdentity.account_id")],
          },
        ],
      },
    ]);
    expect(Object.keys(dataSourcesOf(out, "aws_caller_identity"))).toEqual(["CallerIdentity"]);
  });

  it("cuts the role's name prefix to IAM's 38 characters", () => {
    const long = synth({ name: "acme-production-eu-west-1-user-content" });
    const prefix = String(resourceById(long, "aws_iam_role", "Replication_Role").name_prefix);
    expect(prefix).toBe("acme-production-eu-west-1-user-content".slice(0, 38));
    expect(prefix.length).toBeLessThanOrEqual(38);
  });

  it("reads the source, writes replicas only into the destination, and nothing else", () => {
    expect(statements.map((s) => s.sid)).toEqual([
      "ReadSourceConfiguration",
      "ReadSourceVersions",
      "WriteReplicas",
      "DecryptSource",
      "EncryptReplicas",
    ]);
    expect(bySid.ReadSourceConfiguration).toMatchObject({
      actions: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
      resources: [ref("aws_s3_bucket", "Source_Bucket", "arn")],
    });
    expect(bySid.ReadSourceVersions!.resources).toEqual([
      expect.stringMatching(/Source_Bucket_[0-9A-F]{8}\.arn\}\/\*$/),
    ]);
    expect(bySid.WriteReplicas).toMatchObject({
      actions: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      resources: [expect.stringMatching(/Replica_Bucket_[0-9A-F]{8}\.arn\}\/\*$/)],
    });
    for (const s of statements) {
      expect(s.effect, String(s.sid)).toBe("Allow");
      expect(JSON.stringify(s.actions), String(s.sid)).not.toContain('*"');
      expect(s.resources, String(s.sid)).not.toContain("*");
    }
  });

  it("uses each key only through S3 in its own region and for its own bucket", () => {
    expect(bySid.DecryptSource).toMatchObject({
      actions: ["kms:Decrypt"],
      resources: [SOURCE_KEY],
      condition: [
        { test: "StringEquals", variable: "kms:ViaService", values: ["s3.eu-west-1.amazonaws.com"] },
        {
          test: "StringLike",
          variable: "kms:EncryptionContext:aws:s3:arn",
          values: [
            ref("aws_s3_bucket", "Source_Bucket", "arn"),
            expect.stringMatching(/Source_Bucket_[0-9A-F]{8}\.arn\}\/\*$/),
          ],
        },
      ],
    });
    expect(bySid.EncryptReplicas).toMatchObject({
      actions: ["kms:Encrypt", "kms:GenerateDataKey"],
      resources: [DR_KEY],
      condition: [
        { test: "StringEquals", variable: "kms:ViaService", values: ["s3.eu-central-1.amazonaws.com"] },
        expect.objectContaining({
          values: [ref("aws_s3_bucket", "Replica_Bucket", "arn"), expect.any(String)],
        }),
      ],
    });
  });

  it("replicates every version and delete marker, KMS-encrypted, within the RTC window", () => {
    expect(out).toHaveResourceWithProperties(S3BucketReplicationConfigurationA, {
      bucket: ref("aws_s3_bucket", "Source_Bucket", "id"),
      role: ref("aws_iam_role", "Replication_Role", "arn"),
    });
    expect(config.rule).toEqual([
      {
        id: "replicate-all-to-dr",
        status: "Enabled",
        priority: 1,
        filter: {},
        delete_marker_replication: { status: "Enabled" },
        source_selection_criteria: { sse_kms_encrypted_objects: { status: "Enabled" } },
        destination: {
          bucket: ref("aws_s3_bucket", "Replica_Bucket", "arn"),
          storage_class: "STANDARD",
          encryption_configuration: { replica_kms_key_id: DR_KEY },
          replication_time: { status: "Enabled", time: { minutes: 15 } },
          metrics: { status: "Enabled", event_threshold: { minutes: 15 } },
        },
      },
    ]);
  });

  it("keeps the RTC window equal to the RPO the schema promises for user content", () => {
    expect(S3_RTC_MINUTES).toBe(15);
    expect(S3_RTC_RPO_MINUTES).toBe(S3_RTC_MINUTES);
  });

  it("waits for versioning on both buckets, which S3 requires before replication", () => {
    expect(config.depends_on).toEqual([
      expect.stringMatching(/^aws_s3_bucket_versioning\.Source_Versioning_[0-9A-F]{8}$/),
      expect.stringMatching(/^aws_s3_bucket_versioning\.Replica_Versioning_[0-9A-F]{8}$/),
    ]);
  });

  it("configures replication in the source bucket's region", () => {
    expect(config).not.toHaveProperty("region");
    const elsewhere = synth({ sourceBucketRegion: "eu-north-1", sourceRegion: "eu-north-1" });
    const moved = resourceById(
      elsewhere,
      "aws_s3_bucket_replication_configuration",
      "Replication_Configuration",
    );
    expect(moved.region).toBe("eu-north-1");
    const decrypt = statementsOf(
      elsewhere,
      resourceById(elsewhere, "aws_iam_role_policy", "Replication_RolePolicy").policy,
    ).find((s) => s.sid === "DecryptSource")!;
    expect(decrypt.condition).toContainEqual({
      test: "StringEquals",
      variable: "kms:ViaService",
      values: ["s3.eu-north-1.amazonaws.com"],
    });
  });
});
