import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbInstanceAutomatedBackupsReplication } from "@cdktf/provider-aws/lib/db-instance-automated-backups-replication";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { describe, expect, it } from "vitest";
import {
  PostgresDatabase,
  type PostgresDatabaseProps,
  type PostgresVersion,
} from "../../../constructs/aws/postgres-database";
import { type Attrs, resourcesOf } from "../../helpers";
import {
  byId,
  type DataScope,
  dev,
  errorOf,
  idsOf,
  keyOf,
  outputsOf,
  problem,
  refTo,
  statementsOf,
  synthData,
} from "./data-fixtures";

function database(d: DataScope, overrides: Partial<PostgresDatabaseProps> = {}): PostgresDatabase {
  return new PostgresDatabase(d.scope, "Database", {
    ...dev.aws!.database,
    name: dev.name,
    region: dev.aws!.region,
    drRegion: dev.aws!.drRegion,
    network: d.network,
    allowedSecurityGroupIds: d.allowed,
    ...overrides,
  });
}

function synth(overrides: Partial<PostgresDatabaseProps> = {}): string {
  return synthData((d) => {
    const db = database(d, overrides);
    return {
      endpoint: db.endpoint,
      port: db.port,
      credentials: db.credentialsSecretRef,
      securityGroup: db.securityGroupId,
      identifier: db.instanceIdentifier,
      replicas: db.replicaEndpoints,
      key: db.kmsKeyArn,
    };
  });
}

const instances = (out: string) => Object.values(resourcesOf(out, "aws_db_instance"));
const DB = "aws_db_instance";

describe("PostgresDatabase", () => {
  const out = synth();
  const key = refTo(out, "aws_kms_key", "Database_Key", "arn");

  it("creates an encrypted gp3 primary from the dev settings", () => {
    expect(out).toHaveResourceWithProperties(DbInstance, {
      identifier: "dev",
      engine: "postgres",
      engine_version: "15",
      tags: { Name: "dev", "requested-engine-version": "15.14" },
      instance_class: "db.t4g.medium",
      allocated_storage: 50,
      max_allocated_storage: 200,
      storage_type: "gp3",
      storage_encrypted: true,
      kms_key_id: key,
      multi_az: false,
      port: 5432,
      publicly_accessible: false,
      db_subnet_group_name: refTo(out, "aws_db_subnet_group", "Network_DbSubnetGroup", "name"),
      vpc_security_group_ids: [refTo(out, "aws_security_group", "Database_SecurityGroup", "id")],
      parameter_group_name: refTo(out, "aws_db_parameter_group", "Database_ParameterGroup", "name"),
    });
  });

  it("writes a generated master password only through password_wo, so replicas can be created", () => {
    const password = refTo(out, "random_password", "Database_MasterSecret_Password", "result");
    expect(out).toHaveResourceWithProperties(DbInstance, {
      username: "platform_admin",
      password_wo: password,
      password_wo_version: 1,
      iam_database_authentication_enabled: true,
    });
    for (const instance of instances(synth({ readReplicas: 2 }))) {
      expect(Object.keys(instance).filter((k) => /password/.test(k))).toEqual(
        "replicate_source_db" in instance ? [] : ["password_wo", "password_wo_version"],
      );
    }
  });

  it("keeps the master credential in a KMS-encrypted secret the rotation function rotates", () => {
    const secret = byId(out, "aws_secretsmanager_secret", "Database_MasterSecret");
    expect(secret).toMatchObject({
      name: "dev/postgres/master",
      kms_key_id: key,
      recovery_window_in_days: 30,
    });
    const version = byId(out, "aws_secretsmanager_secret_version", "Database_MasterSecret_Version");
    expect(version).not.toHaveProperty("secret_string");
    expect(version.secret_string_wo_version).toBe(1);
    expect(String(version.secret_string_wo)).toMatch(
      /^\$\{jsonencode\(\{.*"engine" = "postgres".*"password" = random_password\./,
    );
    const stack = byId(
      out,
      "aws_serverlessapplicationrepository_cloudformation_stack",
      "Database_MasterSecret_RotationFunction",
    );
    expect(stack).toMatchObject({
      application_id: expect.stringContaining("SecretsManagerRDSPostgreSQLRotationSingleUser"),
      capabilities: ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"],
      parameters: expect.objectContaining({ functionName: "dev-postgres-rotation", kmsKeyArn: key }),
    });
    expect(byId(out, "aws_secretsmanager_secret_rotation", "Database_MasterSecret_Rotation")).toMatchObject({
      rotation_rules: { automatically_after_days: 30 },
      rotate_immediately: true,
    });
    // The rotation function reaches the database through its own group.
    expect(idsOf(out, "aws_vpc_security_group_ingress_rule")).toContain("Database_IngressRotationFunction");
  });

  it("lets RDS manage the master password when asked, and refuses that with read replicas", () => {
    expect(synth({ masterCredentials: "managed", readReplicas: 0 })).toContain(
      '"manage_master_user_password": true',
    );
    expect(errorOf(() => synth({ masterCredentials: "managed", readReplicas: 1 }))).toContain(
      problem("masterCredentials", "managed", '"generated" when readReplicas > 0'),
    );
  });

  it("keeps backups, a final snapshot and deletion protection", () => {
    expect(out).toHaveResourceWithProperties(DbInstance, {
      backup_retention_period: 7,
      backup_window: "03:00-04:00",
      maintenance_window: "sun:04:30-sun:05:30",
      deletion_protection: false,
      skip_final_snapshot: false,
      final_snapshot_identifier: "dev-final",
      copy_tags_to_snapshot: true,
      delete_automated_backups: false,
      auto_minor_version_upgrade: true,
      allow_major_version_upgrade: false,
      apply_immediately: false,
      ca_cert_identifier: "rds-ca-rsa2048-g1",
    });
    expect(
      synth({ deletionProtection: true, multiAz: true, backupRetentionDays: 35 }),
    ).toHaveResourceWithProperties(DbInstance, {
      deletion_protection: true,
      multi_az: true,
      backup_retention_period: 35,
    });
  });

  it("turns on Performance Insights and Enhanced Monitoring with a scoped role", () => {
    expect(out).toHaveResourceWithProperties(DbInstance, {
      performance_insights_enabled: true,
      performance_insights_kms_key_id: key,
      performance_insights_retention_period: 7,
      monitoring_interval: 60,
      monitoring_role_arn: refTo(out, "aws_iam_role", "Database_MonitoringRole", "arn"),
    });
    const assume = statementsOf(out, byId(out, "aws_iam_role", "Database_MonitoringRole").assume_role_policy);
    expect(assume).toEqual([
      expect.objectContaining({
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["monitoring.rds.amazonaws.com"] }],
      }),
    ]);
    expect(out).toHaveResourceWithProperties(IamRolePolicyAttachment, {
      policy_arn: expect.stringMatching(/:iam::aws:policy\/service-role\/AmazonRDSEnhancedMonitoringRole$/),
    });
    expect(
      synth({ performanceInsightsRetentionDays: 731, monitoringIntervalSeconds: 15 }),
    ).toHaveResourceWithProperties(DbInstance, {
      performance_insights_retention_period: 731,
      monitoring_interval: 15,
    });
  });

  it("exports postgresql and upgrade logs to KMS-encrypted groups it creates first", () => {
    expect(out).toHaveResourceWithProperties(DbInstance, {
      enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"],
      depends_on: expect.arrayContaining([
        `aws_cloudwatch_log_group.${keyOf(out, "aws_cloudwatch_log_group", "Database_PostgresqlLogGroup")}`,
      ]),
    });
    const logKey = refTo(out, "aws_kms_key", "Database_LogKey", "arn");
    for (const log of ["postgresql", "upgrade"]) {
      expect(out).toHaveResourceWithProperties(CloudwatchLogGroup, {
        name: `/aws/rds/instance/dev/${log}`,
        retention_in_days: 365,
        kms_key_id: logKey,
      });
    }
    const policy = statementsOf(out, byId(out, "aws_kms_key", "Database_LogKey").policy);
    expect(policy).toContainEqual(
      expect.objectContaining({
        principals: [{ type: "Service", identifiers: ["logs.eu-west-1.amazonaws.com"] }],
        condition: [
          expect.objectContaining({
            test: "ArnEquals",
            values: expect.arrayContaining([
              expect.stringMatching(/:log-group:\/aws\/rds\/instance\/dev\/upgrade$/),
            ]),
          }),
        ],
      }),
    );
  });

  it("applies a TLS-only parameter group of the engine's major family", () => {
    expect(out).toHaveResourceWithProperties(DbParameterGroup, {
      name: "dev-postgres15",
      family: "postgres15",
      lifecycle: { create_before_destroy: true },
      parameter: expect.arrayContaining([
        { name: "rds.force_ssl", value: "1", apply_method: "immediate" },
        { name: "log_min_duration_statement", value: "1000", apply_method: "immediate" },
        { name: "log_connections", value: "1", apply_method: "immediate" },
        { name: "log_disconnections", value: "1", apply_method: "immediate" },
        { name: "shared_preload_libraries", value: "pg_stat_statements", apply_method: "pending-reboot" },
      ]),
    });
    expect(synth({ engineVersion: "17.6" })).toHaveResourceWithProperties(DbParameterGroup, {
      family: "postgres17",
    });
  });

  it("turns on logical replication only when asked (a static parameter: at creation or reboot)", () => {
    const param = (out: string) =>
      (Object.values(resourcesOf(out, "aws_db_parameter_group"))[0]!.parameter as { name: string }[]).find(
        (p) => p.name === "rds.logical_replication",
      );
    expect(param(out)).toBeUndefined();
    expect(param(synth({ logicalReplication: true }))).toEqual({
      name: "rds.logical_replication",
      value: "1",
      apply_method: "pending-reboot",
    });
  });

  it("opens 5432 only to the allowed security groups", () => {
    expect(out).toHaveResourceWithProperties(SecurityGroup, {
      name_prefix: "dev-postgres-",
      description: expect.stringContaining("port 5432 from allowed security groups only"),
      vpc_id: refTo(out, "aws_vpc", "Network_Vpc", "id"),
    });
    const group = byId(out, "aws_security_group", "Database_SecurityGroup");
    expect(group).not.toHaveProperty("ingress");
    expect(group).not.toHaveProperty("egress");
    expect(idsOf(out, "aws_vpc_security_group_ingress_rule")).toEqual([
      "Database_IngressClusterNodes",
      "Database_IngressRotationFunction",
    ]);
    expect(out).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      security_group_id: refTo(out, "aws_security_group", "Database_SecurityGroup", "id"),
      referenced_security_group_id: refTo(out, "aws_security_group", "ClusterNodes", "id"),
      ip_protocol: "tcp",
      from_port: 5432,
      to_port: 5432,
      description: "PostgreSQL from ClusterNodes",
    });
    const two = synth({ allowedSecurityGroupIds: { ClusterNodes: "sg-1", Bastion: "sg-2" } });
    for (const [id, rule] of Object.entries(resourcesOf(two, "aws_vpc_security_group_ingress_rule"))) {
      expect(rule.referenced_security_group_id).toMatch(
        id.includes("RotationFunction") ? /MasterSecret_Rotation/ : /^sg-/,
      );
      for (const attr of ["cidr_ipv4", "cidr_ipv6", "prefix_list_id"]) expect(rule).not.toHaveProperty(attr);
    }
    expect(idsOf(two, "aws_vpc_security_group_ingress_rule")).toEqual([
      "Database_IngressBastion",
      "Database_IngressClusterNodes",
      "Database_IngressRotationFunction",
    ]);
  });

  describe("read replicas", () => {
    const two = synth({ readReplicas: 2 });

    it("creates none by default for dev", () => {
      expect(idsOf(out, DB)).toEqual(["Database_Primary"]);
    });

    it("numbers replicas from 1 with the primary's encryption, monitoring and parameters", () => {
      expect(idsOf(two, DB)).toEqual(["Database_Primary", "Database_ReadReplica1", "Database_ReadReplica2"]);
      const replica = byId(two, DB, "Database_ReadReplica2");
      expect(replica).toMatchObject({
        identifier: "dev-replica-2",
        replicate_source_db: refTo(two, DB, "Database_Primary", "identifier"),
        storage_encrypted: true,
        kms_key_id: refTo(two, "aws_kms_key", "Database_Key", "arn"),
        performance_insights_enabled: true,
        monitoring_interval: 60,
        parameter_group_name: refTo(two, "aws_db_parameter_group", "Database_ParameterGroup", "name"),
        vpc_security_group_ids: [refTo(two, "aws_security_group", "Database_SecurityGroup", "id")],
        publicly_accessible: false,
        backup_retention_period: 0,
        skip_final_snapshot: true,
        enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"],
      });
      // Same-region replicas inherit the source's subnet group; RDS rejects one given here.
      expect(replica).not.toHaveProperty("db_subnet_group_name");
      expect(replica).not.toHaveProperty("username");
      expect(idsOf(two, "aws_cloudwatch_log_group")).toContain("Database_ReadReplica2PostgresqlLogGroup");
    });

    it("keeps replica addresses stable when the count drops", () => {
      const one = synth({ readReplicas: 1 });
      expect(keyOf(one, DB, "Database_ReadReplica1")).toBe(keyOf(two, DB, "Database_ReadReplica1"));
      expect(idsOf(one, DB)).toEqual(["Database_Primary", "Database_ReadReplica1"]);
    });

    it("exposes replica endpoints in order", () => {
      expect(outputsOf(two).replicas).toEqual([
        refTo(two, DB, "Database_ReadReplica1", "address"),
        refTo(two, DB, "Database_ReadReplica2", "address"),
      ]);
    });
  });

  describe("cross-region backups", () => {
    it("replicates automated backups to the DR region with a key there", () => {
      const dr = synth({ crossRegionBackups: true });
      expect(dr).toHaveResourceWithProperties(DbInstanceAutomatedBackupsReplication, {
        region: "eu-central-1",
        source_db_instance_arn: refTo(dr, DB, "Database_Primary", "arn"),
        kms_key_id: refTo(dr, "aws_kms_key", "Database_BackupReplicaKey", "arn"),
        retention_period: 7,
      });
      expect(byId(dr, "aws_kms_key", "Database_BackupReplicaKey")).toMatchObject({
        region: "eu-central-1",
        enable_key_rotation: true,
      });
    });

    it("creates nothing in the DR region when off", () => {
      expect(resourcesOf(out, "aws_db_instance_automated_backups_replication")).toEqual({});
      expect(idsOf(out, "aws_kms_key")).not.toContain("Database_BackupReplicaKey");
    });
  });

  describe("preventDestroy", () => {
    const protectedIds = [
      [DB, "Database_Primary"],
      [DB, "Database_ReadReplica1"],
      ["aws_kms_key", "Database_Key"],
      ["aws_kms_key", "Database_LogKey"],
      ["aws_kms_key", "Database_BackupReplicaKey"],
      ["aws_db_instance_automated_backups_replication", "Database_BackupReplication"],
    ] as const;
    const build = (preventDestroy: boolean) =>
      synth({ preventDestroy, readReplicas: 1, crossRegionBackups: true });

    it("protects instances, replicas, keys and the backup replication when on", () => {
      const on = build(true);
      for (const [type, id] of protectedIds) {
        expect(byId(on, type, id).lifecycle, `${type}.${id}`).toEqual({ prevent_destroy: true });
      }
    });

    it("leaves them unprotected when off", () => {
      const off = build(false);
      for (const [type, id] of protectedIds) {
        expect(
          (byId(off, type, id).lifecycle as Attrs | undefined)?.prevent_destroy,
          `${type}.${id}`,
        ).toBeUndefined();
      }
    });
  });

  it("exposes the endpoint, port, managed secret ARN, security group, identifier and key", () => {
    expect(outputsOf(out)).toEqual({
      endpoint: refTo(out, DB, "Database_Primary", "address"),
      port: 5432,
      credentials: refTo(out, "aws_secretsmanager_secret", "Database_MasterSecret", "arn"),
      securityGroup: refTo(out, "aws_security_group", "Database_SecurityGroup", "id"),
      identifier: refTo(out, DB, "Database_Primary", "identifier"),
      replicas: [],
      key,
    });
  });

  describe("validation", () => {
    it.each<[string, Partial<PostgresDatabaseProps>, string]>([
      [
        "name",
        { name: "Prod_DB" },
        problem(
          "name",
          "Prod_DB",
          "2..50 lower-case letters, digits and single dashes, starting with a letter",
        ),
      ],
      [
        "engineVersion",
        { engineVersion: "15.4" as PostgresVersion },
        problem("engineVersion", "15.4", "one of 15.10, 15.12, 15.13, 15.14, 16.9, 16.10, 17.5, 17.6"),
      ],
      [
        "instanceClass",
        { instanceClass: "r6g.large" },
        problem("instanceClass", "r6g.large", "an RDS instance class starting with db."),
      ],
      [
        "allocatedStorageGiB",
        { allocatedStorageGiB: 10, maxAllocatedStorageGiB: 10 },
        problem("allocatedStorageGiB", 10, "an integer 20..65536"),
      ],
      [
        "maxAllocatedStorageGiB",
        { maxAllocatedStorageGiB: 40 },
        problem("maxAllocatedStorageGiB", 40, "an integer 50..65536 (at least allocatedStorageGiB)"),
      ],
      ["readReplicas", { readReplicas: 6 }, problem("readReplicas", 6, "an integer 0..5")],
      [
        "backupRetentionDays = 0",
        { backupRetentionDays: 0 },
        problem("backupRetentionDays", 0, "an integer 1..35"),
      ],
      [
        "backupRetentionDays > 35",
        { backupRetentionDays: 36 },
        problem("backupRetentionDays", 36, "an integer 1..35"),
      ],
      [
        "drRegion missing",
        { crossRegionBackups: true, drRegion: undefined },
        "drRegion: got undefined; allowed: a region other than eu-west-1",
      ],
      [
        "drRegion = region",
        { crossRegionBackups: true, drRegion: "eu-west-1" },
        problem("drRegion", "eu-west-1", "a region other than eu-west-1"),
      ],
      [
        "performanceInsightsRetentionDays",
        { performanceInsightsRetentionDays: 30 },
        "performanceInsightsRetentionDays: got 30; allowed: one of 7, 31, 62,",
      ],
      [
        "monitoringIntervalSeconds",
        { monitoringIntervalSeconds: 0 },
        problem("monitoringIntervalSeconds", 0, "one of 1, 5, 10, 15, 30, 60"),
      ],
      [
        "logRetentionDays",
        { logRetentionDays: 100 },
        "logRetentionDays: got 100; allowed: one of 1, 3, 5, 7,",
      ],
      ["backupWindow", { backupWindow: "3am" }, problem("backupWindow", "3am", "a UTC window hh:mm-hh:mm")],
      [
        "maintenanceWindow",
        { maintenanceWindow: "sun:04:30-05:30" },
        problem("maintenanceWindow", "sun:04:30-05:30", "a UTC window ddd:hh:mm-ddd:hh:mm"),
      ],
      [
        "allowedSecurityGroupIds empty",
        { allowedSecurityGroupIds: {} },
        problem("allowedSecurityGroupIds", {}, "at least one security group"),
      ],
      [
        "allowedSecurityGroupIds label",
        { allowedSecurityGroupIds: { "cluster-nodes": "sg-1" } },
        problem(
          "allowedSecurityGroupIds.cluster-nodes",
          "cluster-nodes",
          "a PascalCase label such as ClusterNodes",
        ),
      ],
    ])("rejects %s, naming field, value and what is allowed", (_, overrides, message) => {
      expect(errorOf(() => synth(overrides))).toContain(message);
    });

    it("reports every problem at once, with the construct path and a hint", () => {
      const message = errorOf(() =>
        synth({ instanceClass: "m5.large", readReplicas: -1, backupRetentionDays: 0 }),
      );
      expect(message).toMatch(/^PostgresDatabase stack\/Database: 3 invalid prop\(s\)/);
      expect(message).toContain("; hint: 0 would turn off backups and point-in-time recovery");
    });
  });
});
