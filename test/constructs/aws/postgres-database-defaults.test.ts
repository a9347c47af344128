/**
 * PostgresDatabase built with its required props only, so each documented `@default` (and each safety
 * setting that no prop can turn off) is pinned on the synthesized resources. The other tests spread
 * an environment into the props, which hides a changed default.
 */
import { describe, expect, it } from "vitest";
import { PostgresDatabase } from "../../../constructs/aws/postgres-database";
import { type Attrs, resourcesOf } from "../../helpers";
import { byId, idsOf, synthData } from "./data-fixtures";

let db: PostgresDatabase | undefined;
const out = synthData((d) => {
  db = new PostgresDatabase(d.scope, "Database", {
    name: "acme",
    region: "eu-west-1",
    engineVersion: "15.14",
    instanceClass: "db.t4g.medium",
    allocatedStorageGiB: 20,
    maxAllocatedStorageGiB: 100,
    network: d.network,
    allowedSecurityGroupIds: d.allowed,
  });
  return undefined;
});
const primary = byId(out, "aws_db_instance", "Database_Primary");
/** The construct's own keys (the network fixture brings one of its own). */
const keys = Object.entries(resourcesOf(out, "aws_kms_key"))
  .filter(([k]) => k.startsWith("Database_"))
  .map(([, v]) => v);

describe("PostgresDatabase defaults (required props only)", () => {
  it("is Multi-AZ, with no read replicas", () => {
    expect(primary.multi_az).toBe(true);
    expect(idsOf(out, "aws_db_instance")).toEqual(["Database_Primary"]);
    expect(db?.multiAz).toBe(true);
    expect(db?.readReplicas).toBe(0);
    expect(db?.replicaEndpoints).toEqual([]);
  });

  it("keeps 7 days of automated backups in the 03:00-04:00 window, kept after deletion", () => {
    expect(primary.backup_retention_period).toBe(7);
    expect(primary.backup_window).toBe("03:00-04:00");
    expect(primary.delete_automated_backups).toBe(false);
    expect(primary.skip_final_snapshot).toBe(false);
    expect(primary.final_snapshot_identifier).toBe("acme-final");
    expect(primary.copy_tags_to_snapshot).toBe(true);
  });

  it("turns on RDS deletion protection", () => {
    expect(primary.deletion_protection).toBe(true);
    expect(db?.deletionProtection).toBe(true);
  });

  it("does not replicate backups to another region", () => {
    expect(resourcesOf(out, "aws_db_instance_automated_backups_replication")).toEqual({});
    expect(db?.crossRegionBackups).toBe(false);
  });

  it("adds no prevent_destroy to the instance or the keys", () => {
    expect(primary).not.toHaveProperty("lifecycle.prevent_destroy");
    expect(idsOf(out, "aws_kms_key").filter((k) => k.startsWith("Database_"))).toEqual([
      "Database_Key",
      "Database_LogKey",
    ]);
    for (const key of keys) expect(key).not.toHaveProperty("lifecycle.prevent_destroy");
  });

  it("encrypts storage with its own rotating key and is never public", () => {
    expect(primary).toMatchObject({
      storage_encrypted: true,
      storage_type: "gp3",
      kms_key_id: expect.stringContaining("aws_kms_key.Database_Key_"),
      publicly_accessible: false,
      iam_database_authentication_enabled: true,
      ca_cert_identifier: "rds-ca-rsa2048-g1",
    });
    for (const key of keys) {
      expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    }
  });

  it("forces TLS through the parameter group", () => {
    const group = byId(out, "aws_db_parameter_group", "Database_ParameterGroup");
    expect(group.parameter).toContainEqual(
      expect.objectContaining({ name: "rds.force_ssl", value: "1", apply_method: "immediate" }),
    );
  });

  it("keeps Performance Insights 7 days, encrypted, and monitors every 60 seconds", () => {
    expect(primary).toMatchObject({
      performance_insights_enabled: true,
      performance_insights_retention_period: 7,
      performance_insights_kms_key_id: expect.stringContaining("aws_kms_key.Database_Key_"),
      monitoring_interval: 60,
    });
  });

  it("keeps the exported logs 365 days in KMS-encrypted log groups", () => {
    const groups = Object.values(resourcesOf(out, "aws_cloudwatch_log_group")).filter((g) =>
      String(g.name).startsWith("/aws/rds/instance/acme/"),
    );
    expect(groups.map((g) => g.name).sort()).toEqual([
      "/aws/rds/instance/acme/postgresql",
      "/aws/rds/instance/acme/upgrade",
    ]);
    for (const group of groups) {
      expect(group).toMatchObject({
        retention_in_days: 365,
        kms_key_id: expect.stringContaining("aws_kms_key.Database_LogKey_"),
      });
    }
    expect(primary.enabled_cloudwatch_logs_exports).toEqual(["postgresql", "upgrade"]);
  });

  it("refuses major version upgrades and applies changes in the sun:04:30-sun:05:30 window", () => {
    expect(primary.allow_major_version_upgrade).toBe(false);
    expect(primary.auto_minor_version_upgrade).toBe(true);
    expect(primary.apply_immediately).toBe(false);
    expect(primary.maintenance_window).toBe("sun:04:30-sun:05:30");
  });

  it("generates the master password, writes it only through password_wo and rotates it every 30 days", () => {
    expect(primary).toMatchObject({
      username: "platform_admin",
      password_wo: expect.stringContaining("random_password.Database_MasterSecret_Password_"),
      password_wo_version: 1,
    });
    expect(primary).not.toHaveProperty("manage_master_user_password");
    expect(primary).not.toHaveProperty("password");
    const rotation = Object.values(resourcesOf(out, "aws_secretsmanager_secret_rotation")) as Attrs[];
    expect(rotation).toHaveLength(1);
    expect(rotation[0]!.rotation_rules).toEqual({ automatically_after_days: 30 });
    expect(byId(out, "aws_secretsmanager_secret", "Database_MasterSecret")).toMatchObject({
      recovery_window_in_days: 30,
      kms_key_id: expect.stringContaining("aws_kms_key.Database_Key_"),
    });
  });
});
