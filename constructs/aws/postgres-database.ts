import { DbInstance, type DbInstanceConfig } from "@cdktf/provider-aws/lib/db-instance";
import { Construct, type TerraformResource } from "../core";
import type { AccessGrant, DatabaseAdministration, IDatabase, NetworkPeer } from "../interfaces";
import { sqlIdentifier } from "../sql";
import { accountOf } from "./account";
import { dataLogGroups } from "./data-log-groups";
import { allowIntoDataSecurityGroup, dataSecurityGroup } from "./data-security-group";
import { KmsKey } from "./kms-key";
import type { PostgresDatabaseProps } from "./postgres-database-props";
import { validatePostgresProps } from "./postgres-database-validation";
import { PostgresMasterSecret } from "./postgres-master-secret";
import {
  addReadReplicas,
  POSTGRES_LOG_EXPORTS,
  postgresLogGroupNames,
  primaryLogGroups,
} from "./postgres-replicas";
import { postgresParameterGroup, rdsMonitoringRole, replicateBackups } from "./postgres-support";

export type { PostgresDatabaseProps, PostgresVersion } from "./postgres-database-props";

/** PostgreSQL's port; the construct does not change it. */
export const POSTGRES_PORT = 5432;
/** The master user. Not `postgres`, so the well-known default name is not a valid login. */
export const POSTGRES_MASTER_USERNAME = "platform_admin";

/** The AWS CLI image of the role Job's credential step (pinned; seen published on ECR Public). */
export const AWS_CLI_IMAGE = "public.ecr.aws/aws-cli/aws-cli:2.32.9";

/**
 * RDS for PostgreSQL: an encrypted gp3 primary with an RDS-managed master secret, optional Multi-AZ
 * standby and numbered read replicas, a TLS-only parameter group, a security group open only to named
 * security groups, Performance Insights, Enhanced Monitoring, KMS-encrypted log exports, and optional
 * replication of automated backups to a DR region. See constructs/aws/README-data.md.
 */
export class PostgresDatabase extends Construct implements IDatabase {
  public readonly endpoint: string;
  public readonly port = POSTGRES_PORT;
  /** ARN of the RDS-managed Secrets Manager secret holding the master credentials. */
  public readonly credentialsSecretRef: string;
  /** What a reader of the master secret waits for: its first value and the rotation it starts. */
  public readonly credentialsReady: readonly TerraformResource[];
  public readonly securityGroupId: string;
  public readonly instanceIdentifier: string;
  /** ARN of the primary instance, e.g. for an AWS Backup selection. */
  public readonly instanceArn: string;
  /** Host names of the read replicas, in replica order. */
  public readonly replicaEndpoints: string[];
  /** Key for storage, snapshots, Performance Insights and the master secret. */
  public readonly kmsKeyArn: string;
  public readonly multiAz: boolean;
  public readonly readReplicas: number;
  public readonly backupRetentionDays: number;
  public readonly deletionProtection: boolean;
  public readonly crossRegionBackups: boolean;
  public readonly preventDestroy: boolean;
  public readonly performanceInsightsRetentionDays: number;
  public readonly monitoringIntervalSeconds: number;
  public readonly logRetentionDays: number;
  public readonly allowMajorVersionUpgrade: boolean;
  public readonly backupWindow: string;
  public readonly maintenanceWindow: string;
  /** `postgres<major>`, the parameter-group family. */
  public readonly parameterGroupFamily: string;
  public readonly masterCredentials: "generated" | "managed";
  /** `db-XXXX` resource IDs of the primary and each replica: IAM authentication names them. */
  private readonly resourceIds: string[];
  private readonly region: string;
  private readonly name: string;
  private readonly peerLabels: Set<string>;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    this.multiAz = props.multiAz ?? true;
    this.readReplicas = props.readReplicas ?? 0;
    this.backupRetentionDays = props.backupRetentionDays ?? 7;
    this.deletionProtection = props.deletionProtection ?? true;
    this.crossRegionBackups = props.crossRegionBackups ?? false;
    this.preventDestroy = props.preventDestroy ?? false;
    this.performanceInsightsRetentionDays = props.performanceInsightsRetentionDays ?? 7;
    this.monitoringIntervalSeconds = props.monitoringIntervalSeconds ?? 60;
    this.logRetentionDays = props.logRetentionDays ?? 365;
    this.allowMajorVersionUpgrade = props.allowMajorVersionUpgrade ?? false;
    this.backupWindow = props.backupWindow ?? "03:00-04:00";
    this.maintenanceWindow = props.maintenanceWindow ?? "sun:04:30-sun:05:30";
    this.masterCredentials = props.masterCredentials ?? "generated";
    this.region = props.region;
    validatePostgresProps(`PostgresDatabase ${this.node.path}`, props, this);
    const major = props.engineVersion.split(".")[0]!;
    this.parameterGroupFamily = `postgres${major}`;
    const lifecycle = this.preventDestroy ? { preventDestroy: true } : undefined;

    const key = new KmsKey(this, "Key", {
      description: `${props.name} PostgreSQL storage, snapshots, Performance Insights and master secret`,
      alias: `alias/${props.name}/postgres`,
      preventDestroy: this.preventDestroy,
    });
    const logs = dataLogGroups(this, {
      name: props.name,
      alias: `alias/${props.name}/postgres-logs`,
      service: "PostgreSQL",
      region: props.region,
      groups: postgresLogGroupNames(props.name, this.readReplicas),
      retentionDays: this.logRetentionDays,
      preventDestroy: this.preventDestroy,
    });
    const master =
      this.masterCredentials === "generated"
        ? new PostgresMasterSecret(this, "MasterSecret", {
            name: props.name,
            region: props.region,
            username: POSTGRES_MASTER_USERNAME,
            kmsKeyArn: key.keyArn,
            vpcId: props.network.networkId,
            vpcCidr: props.network.cidr,
            subnetIds: props.network.privateSubnetIds,
            port: POSTGRES_PORT,
            rotationDays: props.masterPasswordRotationDays,
          })
        : undefined;
    const allowed = master
      ? { ...props.allowedSecurityGroupIds, RotationFunction: master.rotationSecurityGroupId }
      : props.allowedSecurityGroupIds;
    const securityGroup = dataSecurityGroup(this, {
      name: `${props.name}-postgres`,
      service: "PostgreSQL",
      vpcId: props.network.networkId,
      port: POSTGRES_PORT,
      allowed,
    });
    this.peerLabels = new Set(Object.keys(allowed));
    this.name = props.name;
    const parameters = postgresParameterGroup(this, props.name, this.parameterGroupFamily, {
      logicalReplication: props.logicalReplication ?? false,
    });
    const monitoring = rdsMonitoringRole(this, props.name);

    // Settings every instance shares, primary and replicas alike.
    const shared: DbInstanceConfig = {
      instanceClass: props.instanceClass,
      storageType: "gp3",
      storageEncrypted: true,
      kmsKeyId: key.keyArn,
      maxAllocatedStorage: props.maxAllocatedStorageGiB,
      port: POSTGRES_PORT,
      publiclyAccessible: false,
      vpcSecurityGroupIds: [securityGroup.id],
      parameterGroupName: parameters.name,
      caCertIdentifier: "rds-ca-rsa2048-g1",
      iamDatabaseAuthenticationEnabled: true,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: key.keyArn,
      performanceInsightsRetentionPeriod: this.performanceInsightsRetentionDays,
      monitoringInterval: this.monitoringIntervalSeconds,
      monitoringRoleArn: monitoring.role.arn,
      enabledCloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
      autoMinorVersionUpgrade: true,
      applyImmediately: false,
      copyTagsToSnapshot: true,
      deletionProtection: this.deletionProtection,
      maintenanceWindow: this.maintenanceWindow,
      lifecycle,
      dependsOn: [monitoring.attachment],
    };
    const primary = new DbInstance(this, "Primary", {
      ...shared,
      identifier: props.name,
      engine: "postgres",
      // Major only: RDS applies minor upgrades itself (auto_minor_version_upgrade), and a pinned
      // minor would make every later plan try to downgrade. The configured minor is validated and
      // recorded in the `requested-engine-version` tag.
      engineVersion: major,
      allowMajorVersionUpgrade: this.allowMajorVersionUpgrade,
      allocatedStorage: props.allocatedStorageGiB,
      multiAz: this.multiAz,
      dbSubnetGroupName: props.network.dbSubnetGroupName,
      username: POSTGRES_MASTER_USERNAME,
      ...(master
        ? { passwordWo: master.initialPassword, passwordWoVersion: master.passwordVersion }
        : { manageMasterUserPassword: true, masterUserSecretKmsKeyId: key.keyArn }),
      backupRetentionPeriod: this.backupRetentionDays,
      backupWindow: this.backupWindow,
      deleteAutomatedBackups: false,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${props.name}-final`,
      tags: { Name: props.name, "requested-engine-version": props.engineVersion },
      dependsOn: [monitoring.attachment, ...primaryLogGroups(logs.groups)],
    });
    const replicas = addReadReplicas(this, {
      name: props.name,
      count: this.readReplicas,
      sourceIdentifier: primary.identifier,
      shared,
      logGroups: logs.groups,
    });

    if (this.crossRegionBackups) {
      replicateBackups(this, {
        name: props.name,
        sourceRegion: props.region,
        drRegion: props.drRegion!,
        source: primary,
        retentionDays: this.backupRetentionDays,
        preventDestroy: this.preventDestroy,
      });
    }

    this.credentialsReady = master?.store(primary.address, [primary]) ?? [primary];
    this.endpoint = primary.address;
    this.credentialsSecretRef = master ? master.secretArn : primary.masterUserSecret.get(0).secretArn;
    this.resourceIds = [primary.resourceId, ...replicas.map((r) => r.resourceId)];
    this.securityGroupId = securityGroup.id;
    this.instanceIdentifier = primary.identifier;
    this.instanceArn = primary.arn;
    this.replicaEndpoints = replicas.map((r) => r.address);
    this.kmsKeyArn = key.keyArn;
  }

  /**
   * The `rds-db:connect` resources that let an IAM principal log in as `username` (a role created in
   * the database with `GRANT rds_iam`), on the primary and on every replica.
   */
  public iamConnectArns(username: string): string[] {
    const account = accountOf(this);
    return this.resourceIds.map(
      (id) => `arn:${account.partition}:rds-db:${this.region}:${account.accountId}:dbuser:${id}/${username}`,
    );
  }

  /**
   * The role Job logs in as the master user. Its identity may read the master secret (and decrypt it
   * with the database's key) and nothing else; the AWS CLI reads it and `jq` (in the AWS CLI image)
   * writes the password field into the Job's in-memory volume.
   */
  public administration(): DatabaseAdministration {
    const secretArn = this.credentialsSecretRef;
    return {
      grants: [
        {
          cloud: "aws",
          statements: [
            { sid: "ReadMasterSecret", actions: ["secretsmanager:GetSecretValue"], resources: [secretArn] },
            { sid: "DecryptMasterSecret", actions: ["kms:Decrypt"], resources: [this.kmsKeyArn] },
          ],
        },
      ],
      credentialStep: {
        image: AWS_CLI_IMAGE,
        env: { AWS_REGION: this.region, MASTER_SECRET_ARN: secretArn },
        script: [
          "set -eu",
          'aws secretsmanager get-secret-value --secret-id "$MASTER_SECRET_ARN" --query SecretString --output text \\',
          '  | jq -er .password > "$CREDENTIALS_DIR/password"',
          'test -s "$CREDENTIALS_DIR/password"',
        ].join("\n"),
      },
      ready: this.credentialsReady,
      loginRole: () => POSTGRES_MASTER_USERNAME,
      authorize: () => [],
      createLoginRoleSql: (role) => {
        const r = sqlIdentifier(role);
        return [
          `DO $$ BEGIN CREATE ROLE ${r} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;`,
          `GRANT rds_iam TO ${r};`,
        ].join("\n");
      },
    };
  }

  /** Admits `peer` to port 5432 of the primary and the replicas (they share the security group). */
  public allowFrom(label: string, peer: NetworkPeer): TerraformResource {
    const rule = allowIntoDataSecurityGroup(
      this,
      `PostgresDatabase ${this.node.path}`,
      {
        name: `${this.name}-postgres`,
        service: "PostgreSQL",
        securityGroupId: this.securityGroupId,
        port: POSTGRES_PORT,
        taken: this.peerLabels,
      },
      label,
      peer,
    );
    this.peerLabels.add(label);
    return rule;
  }

  /** IAM database authentication as `role`: `rds-db:connect` on that role only, primary and replicas. */
  public clientGrant(role: string): AccessGrant {
    return {
      cloud: "aws",
      statements: [
        { sid: "ConnectAsOwnRole", actions: ["rds-db:connect"], resources: this.iamConnectArns(role) },
      ],
    };
  }
}
