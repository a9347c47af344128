import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { describe, expect, it } from "vitest";
import {
  BackupPlan,
  type BackupPlanProps,
  DAILY_BACKUP_SCHEDULE,
  HOURLY_BACKUP_SCHEDULE,
} from "../../../constructs/aws/backup-plan";
import { SecureBucket } from "../../../constructs/aws/secure-bucket";
import { Testing } from "../../../constructs/core";
import { errorOf, logicalIds, problem, resourceById, resourcesOf, statementsOf } from "../../helpers";

const DB = "arn:aws:rds:eu-west-1:123456789012:db:acme-prod";
const props: BackupPlanProps = { name: "acme-prod", drRegion: "eu-central-1", resourceArns: [DB] };

function synth(overrides: Partial<BackupPlanProps> = {}): string {
  return Testing.synthScope((scope) => new BackupPlan(scope, "Backup", { ...props, ...overrides }));
}

/** Plan rules keyed by rule name. */
function rules(out: string): Record<string, Record<string, unknown>> {
  const list = resourceById(out, "aws_backup_plan", "Backup_Plan").rule as Record<string, unknown>[];
  return Object.fromEntries(list.map((r) => [r.rule_name, r]));
}

describe("BackupPlan", () => {
  const out = synth();

  it("creates KMS-encrypted vaults in the primary and DR regions", () => {
    expect(out).toHaveResourceWithProperties(BackupVault, {
      name: "acme-prod-backup",
      force_destroy: false,
      kms_key_arn: expect.stringMatching(/aws_kms_key\.Backup_Key_[0-9A-F]{8}\.arn/),
    });
    expect(out).toHaveResourceWithProperties(BackupVault, {
      name: "acme-prod-backup-dr",
      region: "eu-central-1",
      force_destroy: false,
      kms_key_arn: expect.stringMatching(/aws_kms_key\.Backup_DrKey_[0-9A-F]{8}\.arn/),
    });
    expect(resourceById(out, "aws_backup_vault", "Backup_Vault").region).toBeUndefined();
    expect(resourceById(out, "aws_kms_key", "Backup_DrKey").region).toBe("eu-central-1");
    expect(out).toHaveResourceWithProperties(KmsAlias, { name: "alias/acme-prod/backup" });
    expect(out).toHaveResourceWithProperties(KmsAlias, {
      name: "alias/acme-prod/backup-dr",
      region: "eu-central-1",
    });
  });

  it("locks both vaults in governance mode between 1 day and the daily retention", () => {
    for (const [id, region] of [
      ["Backup_VaultLock", undefined],
      ["Backup_DrVaultLock", "eu-central-1"],
    ] as const) {
      const lock = resourceById(out, "aws_backup_vault_lock_configuration", id);
      expect(lock).toMatchObject({ min_retention_days: 1, max_retention_days: 30 });
      expect(lock.region).toBe(region);
      expect(lock.changeable_for_days).toBeUndefined(); // set, it would become compliance mode
    }
  });

  it("backs up daily at 03:00 UTC, kept 30 days, with a 30-day copy in the DR vault", () => {
    expect(DAILY_BACKUP_SCHEDULE).toBe("cron(0 3 * * ? *)");
    expect(rules(out).daily).toMatchObject({
      schedule: "cron(0 3 * * ? *)",
      target_vault_name: expect.stringMatching(/aws_backup_vault\.Backup_Vault_[0-9A-F]{8}\.name/),
      lifecycle: { delete_after: 30 },
      enable_continuous_backup: false,
      copy_action: [
        {
          destination_vault_arn: expect.stringMatching(/aws_backup_vault\.Backup_DrVault_[0-9A-F]{8}\.arn/),
          lifecycle: { delete_after: 30 },
        },
      ],
    });
  });

  it("backs up hourly, kept 7 days, without a DR copy", () => {
    expect(HOURLY_BACKUP_SCHEDULE).toBe("cron(0 * * * ? *)");
    const hourly = rules(out).hourly!;
    expect(hourly).toMatchObject({ schedule: "cron(0 * * * ? *)", lifecycle: { delete_after: 7 } });
    expect(hourly.copy_action).toBeUndefined();
  });

  it("applies custom retention to rules, the DR copy and the vault locks", () => {
    const custom = synth({ dailyRetentionDays: 14, hourlyRetentionDays: 3 });
    const r = rules(custom);
    expect(r.daily).toMatchObject({
      lifecycle: { delete_after: 14 },
      copy_action: [expect.objectContaining({ lifecycle: { delete_after: 14 } })],
    });
    expect(r.hourly).toMatchObject({ lifecycle: { delete_after: 3 } });
    for (const lock of Object.values(resourcesOf(custom, "aws_backup_vault_lock_configuration"))) {
      expect(lock.max_retention_days).toBe(14);
    }
  });

  it("turns on continuous backup on the daily rule only when asked", () => {
    const r = rules(synth({ continuousBackup: true }));
    expect(r.daily!.enable_continuous_backup).toBe(true);
    expect(r.hourly!.enable_continuous_backup).toBeUndefined();
  });

  it("selects the given ARNs, tokens included, with the backup service role", () => {
    const withBucket = Testing.synthScope((scope) => {
      const bucket = new SecureBucket(scope, "Assets", {
        bucketName: "acme-prod-assets",
        kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1",
        accessLogBucket: "acme-prod-logs",
      });
      new BackupPlan(scope, "Backup", { ...props, resourceArns: [DB, bucket.bucketArn] });
    });
    expect(withBucket).toHaveResourceWithProperties(BackupSelection, {
      name: "acme-prod-selection",
      plan_id: expect.stringMatching(/aws_backup_plan\.Backup_Plan_[0-9A-F]{8}\.id/),
      iam_role_arn: expect.stringMatching(/aws_iam_role\.Backup_Role_[0-9A-F]{8}\.arn/),
      resources: [DB, expect.stringMatching(/aws_s3_bucket\.Assets_Bucket_[0-9A-F]{8}\.arn/)],
    });
  });

  it("lets only AWS Backup assume the role, with the backup, restore and S3 managed policies", () => {
    const role = resourceById(out, "aws_iam_role", "Backup_Role");
    expect(role.name_prefix).toBe("acme-prod-backup-");
    expect(statementsOf(out, role.assume_role_policy)).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["backup.amazonaws.com"] }],
      },
    ]);
    expect(logicalIds(out, "aws_iam_role_policy_attachment")).toEqual([
      "Backup_BackupPolicy",
      "Backup_RestorePolicy",
      "Backup_S3BackupPolicy",
      "Backup_S3RestorePolicy",
    ]);
    for (const policy of [
      "service-role/AWSBackupServiceRolePolicyForBackup",
      "service-role/AWSBackupServiceRolePolicyForRestores",
      "AWSBackupServiceRolePolicyForS3Backup",
      "AWSBackupServiceRolePolicyForS3Restore",
    ]) {
      expect(out).toHaveResourceWithProperties(IamRolePolicyAttachment, {
        policy_arn: expect.stringMatching(
          new RegExp(`^arn:\\$\\{data\\.aws_partition\\.Partition\\.partition\\}:iam::aws:policy/${policy}$`),
        ),
      });
    }
  });

  it("uses given keys instead of creating them", () => {
    const given = synth({
      kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1",
      drKmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/2",
    });
    expect(Object.keys(resourcesOf(given, "aws_kms_key"))).toEqual([]);
    expect(given).toHaveResourceWithProperties(BackupVault, {
      region: "eu-central-1",
      kms_key_arn: "arn:aws:kms:eu-central-1:123456789012:key/2",
    });
  });

  it.each([
    [true, { prevent_destroy: true }],
    [false, undefined],
  ])("sets prevent_destroy on both vaults and keys when preventDestroy is %s", (preventDestroy, lifecycle) => {
    const s = synth({ preventDestroy });
    const stateful = [
      ...Object.values(resourcesOf(s, "aws_backup_vault")),
      ...Object.values(resourcesOf(s, "aws_kms_key")),
    ];
    expect(stateful).toHaveLength(4);
    for (const r of stateful) expect(r.lifecycle).toEqual(lifecycle);
  });

  it("exposes resolved defaults", () => {
    Testing.synthScope((scope) => {
      const plan = new BackupPlan(scope, "Backup", props);
      expect(plan).toMatchObject({
        dailyRetentionDays: 30,
        hourlyRetentionDays: 7,
        continuousBackup: false,
        preventDestroy: false,
      });
    });
  });

  describe("validation", () => {
    it.each<[string, Partial<BackupPlanProps>, string, unknown, string]>([
      [
        "zero daily retention",
        { dailyRetentionDays: 0, hourlyRetentionDays: 0 },
        "dailyRetentionDays",
        0,
        "an integer >= 1",
      ],
      ["zero hourly retention", { hourlyRetentionDays: 0 }, "hourlyRetentionDays", 0, "an integer >= 1"],
      [
        "hourly kept longer than daily",
        { dailyRetentionDays: 7, hourlyRetentionDays: 14 },
        "hourlyRetentionDays",
        14,
        "at most dailyRetentionDays (7)",
      ],
      ["no resources", { resourceArns: [] }, "resourceArns", [], "at least one ARN"],
      [
        "a resource that is not an ARN",
        { resourceArns: [DB, "acme-prod-db"] },
        "resourceArns[1]",
        "acme-prod-db",
        "an ARN (arn:...) or a token",
      ],
      ["an empty DR region", { drRegion: "" }, "drRegion", "", "an AWS region such as eu-central-1"],
      [
        "a malformed DR region",
        { drRegion: "frankfurt" },
        "drRegion",
        "frankfurt",
        "an AWS region such as eu-central-1",
      ],
      [
        "a name with spaces",
        { name: "acme prod" },
        "name",
        "acme prod",
        "1 to 39 letters, digits, dashes and underscores, starting with a letter or digit",
      ],
      [
        "continuous backup kept beyond 35 days",
        { continuousBackup: true, dailyRetentionDays: 60 },
        "dailyRetentionDays",
        60,
        "at most 35 with continuousBackup",
      ],
    ])("rejects %s", (_case, overrides, field, value, allowed) => {
      expect(errorOf(() => synth(overrides))).toContain(problem(field, value, allowed));
    });

    it("reports every problem at once", () => {
      expect(errorOf(() => synth({ resourceArns: [], drRegion: "" }))).toMatch(
        /^BackupPlan .*Backup: 2 invalid prop\(s\)/,
      );
    });
  });
});
