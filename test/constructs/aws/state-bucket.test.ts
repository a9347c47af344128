/**
 * StateBucket with a DR region: the replica, its key and log bucket in the DR region, the replication
 * between the two state buckets, the repository's policy rules at production tier, and the validation
 * of `drRegion`. Without `drRegion` (the defaults) see state-bucket-defaults.test.ts.
 */
import { describe, expect, it } from "vitest";
import { StateBucket, type StateBucketProps } from "../../../constructs/aws/state-bucket";
import { TerraformOutput, Testing } from "../../../constructs/core";
import { evaluate } from "../../../policy/engine";
import { loadRules } from "../../../policy/registry";
import type { StackDoc } from "../../../policy/types";
import { errorOf, logicalIds, problem, resourceById } from "../../helpers";

const props: StateBucketProps = { bucketName: "acme-tfstate", region: "eu-west-1", drRegion: "eu-central-1" };

/** Synthesizes a StateBucket with outputs for the names and ARN it exposes. */
function build(overrides: Partial<StateBucketProps> = {}): string {
  return Testing.synthScope((scope) => {
    const state = new StateBucket(scope, "State", { ...props, ...overrides });
    new TerraformOutput(scope, "BucketName", { value: state.bucketName });
    new TerraformOutput(scope, "BucketArn", { value: state.bucketArn });
    if (state.replicaBucketName)
      new TerraformOutput(scope, "ReplicaName", { value: state.replicaBucketName });
  });
}

describe("StateBucket with a DR region", () => {
  const out = build();

  it("adds a replica, its log bucket and a DR key under fixed logical IDs", () => {
    expect(logicalIds(out, "aws_s3_bucket")).toEqual([
      "State_Bucket",
      "State_DrLogs_Bucket",
      "State_Logs_Bucket",
      "State_Replica_Bucket",
    ]);
    expect(logicalIds(out, "aws_kms_key")).toEqual(["State_DrKey", "State_Key"]);
    const outputs = (JSON.parse(out) as { output: Record<string, { value: unknown }> }).output;
    expect(outputs.BucketName!.value).toMatch(/^\$\{aws_s3_bucket\.State_Bucket_[0-9A-F]{8}\.bucket\}$/);
    expect(outputs.BucketArn!.value).toMatch(/^\$\{aws_s3_bucket\.State_Bucket_[0-9A-F]{8}\.arn\}$/);
    expect(outputs.ReplicaName!.value).toMatch(
      /^\$\{aws_s3_bucket\.State_Replica_Bucket_[0-9A-F]{8}\.bucket\}$/,
    );
  });

  it("puts the replica side in the DR region and the primary side in the provider's region", () => {
    expect(resourceById(out, "aws_s3_bucket", "State_Replica_Bucket")).toMatchObject({
      bucket: "acme-tfstate-eu-central-1",
      region: "eu-central-1",
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(resourceById(out, "aws_s3_bucket", "State_DrLogs_Bucket")).toMatchObject({
      bucket: "acme-tfstate-logs-eu-central-1",
      region: "eu-central-1",
    });
    expect(resourceById(out, "aws_kms_key", "State_DrKey")).toMatchObject({
      region: "eu-central-1",
      enable_key_rotation: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(resourceById(out, "aws_kms_alias", "State_DrKey_Alias")).toMatchObject({
      name: "alias/terraform-state-dr",
      region: "eu-central-1",
    });
    for (const id of ["State_Bucket", "State_Logs_Bucket"]) {
      expect(resourceById(out, "aws_s3_bucket", id)).not.toHaveProperty("region");
    }
  });

  it("encrypts the replica with the DR key and logs its access in the DR log bucket", () => {
    const sse = resourceById(
      out,
      "aws_s3_bucket_server_side_encryption_configuration",
      "State_Replica_Encryption",
    ).rule as Record<string, Record<string, unknown>>[];
    expect(sse[0]!.apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: "aws:kms",
      kms_master_key_id: expect.stringMatching(/aws_kms_key\.State_DrKey_[0-9A-F]{8}\.arn/),
    });
    expect(resourceById(out, "aws_s3_bucket_logging", "State_Replica_Logging")).toMatchObject({
      target_bucket: expect.stringMatching(/aws_s3_bucket\.State_DrLogs_Bucket_[0-9A-F]{8}\.bucket/),
      target_prefix: "state/",
      region: "eu-central-1",
    });
  });

  it("replicates every state version into the replica with the DR key", () => {
    const config = resourceById(
      out,
      "aws_s3_bucket_replication_configuration",
      "State_Replication_Configuration",
    );
    expect(config.bucket).toMatch(/aws_s3_bucket\.State_Bucket_[0-9A-F]{8}\.id/);
    expect(config.rule).toEqual([
      expect.objectContaining({
        status: "Enabled",
        filter: {},
        delete_marker_replication: { status: "Enabled" },
        destination: expect.objectContaining({
          bucket: expect.stringMatching(/aws_s3_bucket\.State_Replica_Bucket_[0-9A-F]{8}\.arn/),
          encryption_configuration: {
            replica_kms_key_id: expect.stringMatching(/aws_kms_key\.State_DrKey_[0-9A-F]{8}\.arn/),
          },
          replication_time: { status: "Enabled", time: { minutes: 15 } },
        }),
      }),
    ]);
    expect(resourceById(out, "aws_iam_role", "State_Replication_Role").name_prefix).toBe(
      "acme-tfstate-repl-",
    );
  });

  it("passes every policy rule at production tier, which the bootstrap stack is held to", async () => {
    const findings = evaluate(
      "bootstrap",
      JSON.parse(out) as StackDoc,
      { stack: "bootstrap", tier: "production" },
      await loadRules(),
      { waivers: [] },
    );
    expect(findings.map((f) => `${f.ruleId} ${f.address}: ${f.message}`)).toEqual([]);
  });

  it("trips the production S3 replication rule without a DR region", async () => {
    const single = build({ drRegion: undefined });
    const findings = evaluate(
      "bootstrap",
      JSON.parse(single) as StackDoc,
      { stack: "bootstrap", tier: "production" },
      await loadRules(),
      { waivers: [] },
    );
    expect(findings.map((f) => f.ruleId)).toContain("PLAT-S3-008");
  });

  it("rejects a DR region equal to the primary region, with the field, value, allowed and hint", () => {
    const message = errorOf(() => build({ drRegion: "eu-west-1" }));
    expect(message).toMatch(/^StateBucket .*State: 1 invalid prop\(s\)/);
    expect(message).toContain(problem("drRegion", "eu-west-1", "a region other than eu-west-1"));
    expect(message).toContain("hint: replicate state to the DR region");
  });
});
