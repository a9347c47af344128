/**
 * BackupPlan built with its required props only, so each documented `@default` (30-day daily and
 * 7-day hourly retention, its own vault keys, no continuous backup, no prevent_destroy) is pinned.
 */
import { describe, expect, it } from "vitest";
import { BackupPlan } from "../../../constructs/aws/backup-plan";
import { Testing } from "../../../constructs/core";
import { type Attrs, logicalIds, resourceById, resourcesOf } from "../../helpers";

const DB = "arn:aws:rds:eu-west-1:123456789012:db:acme";
const out = Testing.synthScope((scope) => {
  new BackupPlan(scope, "Backup", { name: "acme", drRegion: "eu-central-1", resourceArns: [DB] });
});
const rules = Object.fromEntries(
  (resourceById(out, "aws_backup_plan", "Backup_Plan").rule as Attrs[]).map((r) => [r.rule_name, r]),
);

describe("BackupPlan defaults (required props only)", () => {
  it("keeps daily recovery points, and their DR copies, 30 days", () => {
    expect(rules.daily).toMatchObject({
      lifecycle: { delete_after: 30 },
      copy_action: [
        {
          destination_vault_arn: expect.stringContaining("aws_backup_vault.Backup_DrVault_"),
          lifecycle: { delete_after: 30 },
        },
      ],
    });
  });

  it("keeps hourly recovery points 7 days", () => {
    expect(rules.hourly).toMatchObject({ lifecycle: { delete_after: 7 } });
  });

  it("locks both vaults for 1 to 30 days", () => {
    for (const id of ["Backup_VaultLock", "Backup_DrVaultLock"]) {
      expect(resourceById(out, "aws_backup_vault_lock_configuration", id)).toMatchObject({
        min_retention_days: 1,
        max_retention_days: 30,
      });
    }
  });

  it("does not turn on continuous backup", () => {
    expect(rules.daily!.enable_continuous_backup).toBe(false);
  });

  it("encrypts both vaults with new rotating keys, the DR one in the DR region", () => {
    expect(logicalIds(out, "aws_kms_key")).toEqual(["Backup_DrKey", "Backup_Key"]);
    for (const key of Object.values(resourcesOf(out, "aws_kms_key"))) {
      expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    }
    expect(resourceById(out, "aws_kms_key", "Backup_DrKey").region).toBe("eu-central-1");
    expect(resourceById(out, "aws_kms_alias", "Backup_Key_Alias").name).toBe("alias/acme/backup");
    expect(resourceById(out, "aws_kms_alias", "Backup_DrKey_Alias").name).toBe("alias/acme/backup-dr");
    expect(resourceById(out, "aws_backup_vault", "Backup_Vault").kms_key_arn).toEqual(
      expect.stringContaining("aws_kms_key.Backup_Key_"),
    );
    expect(resourceById(out, "aws_backup_vault", "Backup_DrVault")).toMatchObject({
      region: "eu-central-1",
      kms_key_arn: expect.stringContaining("aws_kms_key.Backup_DrKey_"),
    });
  });

  it("adds no prevent_destroy to the vaults or keys, and never force-destroys a vault", () => {
    for (const vault of Object.values(resourcesOf(out, "aws_backup_vault"))) {
      expect(vault.force_destroy).toBe(false);
      expect(vault).not.toHaveProperty("lifecycle");
    }
    for (const key of Object.values(resourcesOf(out, "aws_kms_key")))
      expect(key).not.toHaveProperty("lifecycle");
  });
});
