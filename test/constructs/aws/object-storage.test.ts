import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketReplicationConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-replication-configuration";
import { describe, expect, it } from "vitest";
import {
  ObjectStorage,
  type ObjectStorageProps,
  S3_RTC_MINUTES,
} from "../../../constructs/aws/object-storage";
import { Testing } from "../../../constructs/core";
import { S3_RTC_RPO_MINUTES } from "../../../environments/schema";
import { errorOf, logicalIds, problem, resourceById, resourcesOf, statementsOf } from "../../helpers";

const props: ObjectStorageProps = { name: "acme-prod", region: "eu-west-1", drRegion: "eu-central-1" };
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1111";
/** Companion resource types of a SecureBucket and their child IDs. */
const COMPANIONS = [
  ["aws_s3_bucket_versioning", "Versioning"],
  ["aws_s3_bucket_server_side_encryption_configuration", "Encryption"],
  ["aws_s3_bucket_public_access_block", "PublicAccessBlock"],
  ["aws_s3_bucket_ownership_controls", "OwnershipControls"],
  ["aws_s3_bucket_lifecycle_configuration", "Lifecycle"],
  ["aws_s3_bucket_logging", "Logging"],
  ["aws_s3_bucket_policy", "Policy"],
] as const;

function synth(overrides: Partial<ObjectStorageProps> = {}): string {
  return Testing.synthScope((scope) => new ObjectStorage(scope, "Storage", { ...props, ...overrides }));
}

const sse = (out: string, id: string) =>
  (
    resourceById(out, "aws_s3_bucket_server_side_encryption_configuration", `Storage_${id}_Encryption`)
      .rule as Record<string, Record<string, unknown>>[]
  )[0]!;

describe("ObjectStorage", () => {
  const out = synth();

  it("creates the assets, backups and logs buckets under fixed logical IDs", () => {
    expect(logicalIds(out, "aws_s3_bucket")).toEqual([
      "Storage_Assets_Bucket",
      "Storage_Backups_Bucket",
      "Storage_Logs_Bucket",
    ]);
    for (const name of ["acme-prod-assets", "acme-prod-backups", "acme-prod-logs"]) {
      expect(out).toHaveResourceWithProperties(S3Bucket, { bucket: name, force_destroy: false });
    }
  });

  it("encrypts data buckets with a new customer-managed key and the logs bucket with SSE-S3", () => {
    expect(out).toHaveResourceWithProperties(KmsAlias, { name: "alias/acme-prod/s3" });
    for (const id of ["Assets", "Backups"]) {
      expect(sse(out, id)).toEqual({
        apply_server_side_encryption_by_default: {
          sse_algorithm: "aws:kms",
          kms_master_key_id: expect.stringMatching(/aws_kms_key\.Storage_Key_[0-9A-F]{8}\.arn/),
        },
        bucket_key_enabled: true,
        blocked_encryption_types: ["SSE-C"],
      });
    }
    expect(sse(out, "Logs")).toEqual({
      apply_server_side_encryption_by_default: { sse_algorithm: "AES256" },
      blocked_encryption_types: ["SSE-C"],
    });
  });

  it("uses a given key instead of creating one", () => {
    const given = synth({ kmsKeyArn: KEY });
    expect(Object.keys(resourcesOf(given, "aws_kms_key"))).toEqual([]);
    expect(sse(given, "Assets").apply_server_side_encryption_by_default).toMatchObject({
      kms_master_key_id: KEY,
    });
  });

  it("logs assets and backups to the logs bucket, which accepts only their deliveries", () => {
    for (const prefix of ["assets/", "backups/"]) {
      expect(out).toHaveResourceWithProperties(S3BucketLoggingA, {
        target_bucket: expect.stringMatching(/aws_s3_bucket\.Storage_Logs_Bucket_[0-9A-F]{8}\.bucket/),
        target_prefix: prefix,
      });
    }
    expect(logicalIds(out, "aws_s3_bucket_logging")).toEqual([
      "Storage_Assets_Logging",
      "Storage_Backups_Logging",
    ]);
    const delivery = statementsOf(
      out,
      resourceById(out, "aws_s3_bucket_policy", "Storage_Logs_Policy").policy,
    )[1]!;
    expect(delivery.condition).toContainEqual({
      test: "ArnLike",
      variable: "aws:SourceArn",
      values: [
        expect.stringMatching(/:s3:::acme-prod-assets$/),
        expect.stringMatching(/:s3:::acme-prod-backups$/),
      ],
    });
  });

  it("applies the noncurrent-version expiration to every bucket and expires logs after a year", () => {
    const custom = synth({ noncurrentVersionExpirationDays: 45 });
    for (const lifecycle of Object.values(resourcesOf(custom, "aws_s3_bucket_lifecycle_configuration"))) {
      expect(lifecycle.rule).toContainEqual(
        expect.objectContaining({ noncurrent_version_expiration: [{ noncurrent_days: 45 }] }),
      );
    }
    expect(
      resourceById(out, "aws_s3_bucket_lifecycle_configuration", "Storage_Logs_Lifecycle").rule,
    ).toContainEqual(expect.objectContaining({ id: "expire-current-versions", expiration: [{ days: 365 }] }));
  });

  it("replicates nothing when crossRegionReplication is off", () => {
    expect(Object.keys(resourcesOf(out, "aws_s3_bucket_replication_configuration"))).toEqual([]);
    expect(Object.keys(resourcesOf(out, "aws_iam_role"))).toEqual([]);
    expect(Object.keys(resourcesOf(out, "aws_kms_key"))).toHaveLength(1);
    expect(Object.values(resourcesOf(out, "aws_s3_bucket")).filter((b) => b.region !== undefined)).toEqual(
      [],
    );
    Testing.synthScope((scope) => {
      const s = new ObjectStorage(scope, "Storage", props);
      expect(s).toMatchObject({
        replicationEnabled: false,
        assetsReplicaBucket: undefined,
        backupsReplicaBucket: undefined,
        drLogsBucket: undefined,
        drKmsKeyArn: undefined,
        noncurrentVersionExpirationDays: 90,
        accessLogRetentionDays: 365,
        preventDestroy: false,
      });
    });
  });

  describe("with cross-region replication", () => {
    const dr = synth({ crossRegionReplication: true });

    it("creates hardened replicas and a logs bucket in the DR region, with a DR-region key", () => {
      expect(logicalIds(dr, "aws_s3_bucket")).toEqual([
        "Storage_AssetsReplica_Bucket",
        "Storage_Assets_Bucket",
        "Storage_BackupsReplica_Bucket",
        "Storage_Backups_Bucket",
        "Storage_DrLogs_Bucket",
        "Storage_Logs_Bucket",
      ]);
      for (const name of [
        "acme-prod-assets-eu-central-1",
        "acme-prod-backups-eu-central-1",
        "acme-prod-logs-eu-central-1",
      ]) {
        expect(dr).toHaveResourceWithProperties(S3Bucket, { bucket: name, region: "eu-central-1" });
      }
      expect(resourceById(dr, "aws_kms_key", "Storage_DrKey").region).toBe("eu-central-1");
      expect(sse(dr, "AssetsReplica")).toEqual({
        apply_server_side_encryption_by_default: {
          sse_algorithm: "aws:kms",
          kms_master_key_id: expect.stringMatching(/aws_kms_key\.Storage_DrKey_[0-9A-F]{8}\.arn/),
        },
        bucket_key_enabled: true,
        blocked_encryption_types: ["SSE-C"],
      });
      for (const [type, child] of COMPANIONS) {
        expect(resourceById(dr, type, `Storage_AssetsReplica_${child}`).region, type).toBe("eu-central-1");
      }
      expect(
        resourceById(dr, "aws_s3_bucket_logging", "Storage_BackupsReplica_Logging").target_bucket,
      ).toMatch(/aws_s3_bucket\.Storage_DrLogs_Bucket_[0-9A-F]{8}\.bucket/);
    });

    it.each([
      "Assets",
      "Backups",
    ])("replicates %s with RTC, metrics, delete markers and the replica key", (id) => {
      const config = resourceById(
        dr,
        "aws_s3_bucket_replication_configuration",
        `Storage_${id}Replication_Configuration`,
      );
      expect(config.bucket).toMatch(new RegExp(`aws_s3_bucket\\.Storage_${id}_Bucket_[0-9A-F]{8}\\.id`));
      expect(config.depends_on).toContainEqual(
        expect.stringMatching(new RegExp(`^aws_s3_bucket_versioning\\.Storage_${id}_Versioning_`)),
      );
      expect(config.rule).toEqual([
        {
          id: "replicate-all-to-dr",
          status: "Enabled",
          priority: 1,
          filter: {},
          delete_marker_replication: { status: "Enabled" },
          source_selection_criteria: { sse_kms_encrypted_objects: { status: "Enabled" } },
          destination: {
            bucket: expect.stringMatching(new RegExp(`Storage_${id}Replica_Bucket_[0-9A-F]{8}\\.arn`)),
            storage_class: "STANDARD",
            encryption_configuration: {
              replica_kms_key_id: expect.stringMatching(/aws_kms_key\.Storage_DrKey_[0-9A-F]{8}\.arn/),
            },
            replication_time: { status: "Enabled", time: { minutes: 15 } },
            metrics: { status: "Enabled", event_threshold: { minutes: 15 } },
          },
        },
      ]);
    });

    it("keeps the 15-minute RTC objective equal to the user-content RPO constant", () => {
      expect(S3_RTC_MINUTES).toBe(15);
      expect(S3_RTC_MINUTES).toBe(S3_RTC_RPO_MINUTES);
    });

    it("gives S3 a least-privilege replication role per bucket", () => {
      expect(logicalIds(dr, "aws_iam_role")).toEqual([
        "Storage_AssetsReplication_Role",
        "Storage_BackupsReplication_Role",
      ]);
      expect(dr).toHaveResourceWithProperties(IamRole, { name_prefix: "acme-prod-assets-repl-" });
      const role = resourceById(dr, "aws_iam_role", "Storage_AssetsReplication_Role");
      expect(statementsOf(dr, role.assume_role_policy)).toEqual([
        expect.objectContaining({
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["s3.amazonaws.com"] }],
        }),
      ]);
      const policy = resourceById(dr, "aws_iam_role_policy", "Storage_AssetsReplication_RolePolicy");
      const bySid = Object.fromEntries(statementsOf(dr, policy.policy).map((s) => [s.sid, s]));
      const source = expect.stringMatching(/Storage_Assets_Bucket_[0-9A-F]{8}\.arn\}$/);
      const sourceObjects = expect.stringMatching(/Storage_Assets_Bucket_[0-9A-F]{8}\.arn\}\/\*$/);
      const replicaObjects = expect.stringMatching(/Storage_AssetsReplica_Bucket_[0-9A-F]{8}\.arn\}\/\*$/);
      expect(bySid.ReadSourceConfiguration).toMatchObject({ resources: [source] });
      expect(bySid.ReadSourceVersions).toMatchObject({ resources: [sourceObjects] });
      expect(bySid.WriteReplicas).toMatchObject({
        actions: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
        resources: [replicaObjects],
      });
      expect(bySid.DecryptSource).toMatchObject({
        actions: ["kms:Decrypt"],
        resources: [expect.stringMatching(/aws_kms_key\.Storage_Key_/)],
        condition: expect.arrayContaining([
          { test: "StringEquals", variable: "kms:ViaService", values: ["s3.eu-west-1.amazonaws.com"] },
        ]),
      });
      expect(bySid.EncryptReplicas).toMatchObject({
        actions: ["kms:Encrypt", "kms:GenerateDataKey"],
        resources: [expect.stringMatching(/aws_kms_key\.Storage_DrKey_/)],
        condition: expect.arrayContaining([
          { test: "StringEquals", variable: "kms:ViaService", values: ["s3.eu-central-1.amazonaws.com"] },
        ]),
      });
    });

    it("uses given keys for both regions", () => {
      const DR_KEY = "arn:aws:kms:eu-central-1:123456789012:key/2222";
      const given = synth({ crossRegionReplication: true, kmsKeyArn: KEY, drKmsKeyArn: DR_KEY });
      expect(Object.keys(resourcesOf(given, "aws_kms_key"))).toEqual([]);
      expect(given).toHaveResourceWithProperties(S3BucketReplicationConfigurationA, {
        rule: [
          expect.objectContaining({
            destination: expect.objectContaining({
              encryption_configuration: { replica_kms_key_id: DR_KEY },
            }),
          }),
        ],
      });
    });
  });

  it.each([
    [true, { prevent_destroy: true }],
    [false, undefined],
  ])("sets prevent_destroy on every bucket and key when preventDestroy is %s", (preventDestroy, lifecycle) => {
    const all = synth({ preventDestroy, crossRegionReplication: true });
    const stateful = [
      ...Object.values(resourcesOf(all, "aws_s3_bucket")),
      ...Object.values(resourcesOf(all, "aws_kms_key")),
    ];
    expect(stateful).toHaveLength(8);
    for (const r of stateful) expect(r.lifecycle).toEqual(lifecycle);
  });

  describe("validation", () => {
    it.each<[string, Partial<ObjectStorageProps>, string, unknown, string]>([
      [
        "an upper-case name",
        { name: "Acme" },
        "name",
        "Acme",
        'a prefix that makes "Acme-backups" valid: lower-case letters, digits, dots and dashes only',
      ],
      [
        "a name too long for the DR bucket",
        { name: "a".repeat(43), crossRegionReplication: true },
        "name",
        "a".repeat(43),
        `a prefix that makes "${"a".repeat(43)}-backups-eu-central-1" valid: 3 to 63 characters`,
      ],
      ["a malformed region", { region: "ireland" }, "region", "ireland", "an AWS region such as eu-west-1"],
      ["a malformed DR region", { drRegion: "EU" }, "drRegion", "EU", "an AWS region such as eu-central-1"],
      [
        "replication to the same region",
        { drRegion: "eu-west-1", crossRegionReplication: true },
        "drRegion",
        "eu-west-1",
        "a region other than region (eu-west-1)",
      ],
      [
        "zero noncurrent expiration",
        { noncurrentVersionExpirationDays: 0 },
        "noncurrentVersionExpirationDays",
        0,
        "an integer >= 1",
      ],
      ["zero log retention", { accessLogRetentionDays: 0 }, "accessLogRetentionDays", 0, "an integer >= 1"],
    ])("rejects %s", (_case, overrides, field, value, allowed) => {
      expect(errorOf(() => synth(overrides))).toContain(problem(field, value, allowed));
    });

    it("allows drRegion equal to region when not replicating", () => {
      expect(() => synth({ drRegion: "eu-west-1" })).not.toThrow();
    });
  });
});
