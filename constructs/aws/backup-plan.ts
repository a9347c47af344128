import { BackupPlan as BackupPlanResource } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { BackupVaultLockConfiguration } from "@cdktf/provider-aws/lib/backup-vault-lock-configuration";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct, Token } from "../core";
import { Validator } from "../validation";
import { accountOf } from "./account";
import { KmsKey } from "./kms-key";

/** Daily full backup at 03:00 UTC. */
export const DAILY_BACKUP_SCHEDULE = "cron(0 3 * * ? *)";
/** Hourly backup on the hour (UTC). */
export const HOURLY_BACKUP_SCHEDULE = "cron(0 * * * ? *)";
/** AWS Backup keeps continuous (point-in-time) backups for at most 35 days. */
export const CONTINUOUS_BACKUP_MAX_DAYS = 35;

export interface BackupPlanProps {
  /** Prefix of the vault, plan and role names, e.g. `acme-prod`. */
  readonly name: string;
  /** Region of the copy vault that receives every daily recovery point. */
  readonly drRegion: string;
  /** ARNs of the resources to back up (RDS instances, S3 buckets, ...); tokens allowed. */
  readonly resourceArns: readonly string[];
  /**
   * Days a daily recovery point (and its DR copy) is kept.
   * @default 30
   */
  readonly dailyRetentionDays?: number;
  /**
   * Days an hourly recovery point is kept; at most `dailyRetentionDays`.
   * @default 7
   */
  readonly hourlyRetentionDays?: number;
  /**
   * Key that encrypts the primary vault.
   * @default - a new KmsKey `alias/<name>/backup`
   */
  readonly kmsKeyArn?: string;
  /**
   * Key in `drRegion` that encrypts the DR vault.
   * @default - a new KmsKey `alias/<name>/backup-dr` in `drRegion`
   */
  readonly drKmsKeyArn?: string;
  /**
   * Turn on continuous backup (point-in-time restore) on the daily rule for RDS and S3. Off by default:
   * RDS point-in-time recovery comes from the instance's own automated backups, and AWS Backup would
   * take over their retention window (Terraform then sees drift on `backup_retention_period`).
   * Needs `dailyRetentionDays` <= 35.
   * @default false
   */
  readonly continuousBackup?: boolean;
  /**
   * Add `lifecycle.prevent_destroy` to both vaults and keys.
   * @default false
   */
  readonly preventDestroy?: boolean;
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/**
 * An AWS Backup plan: KMS-encrypted vaults in the primary and DR regions, both with a governance-mode
 * vault lock, a daily rule copied to the DR vault, an hourly rule, and a selection by ARN with a
 * service role. See constructs/aws/README-storage.md.
 */
export class BackupPlan extends Construct {
  public readonly vaultArn: string;
  public readonly vaultName: string;
  public readonly drVaultArn: string;
  public readonly planId: string;
  public readonly planArn: string;
  /** Role AWS Backup assumes to back up and restore the selected resources. */
  public readonly roleArn: string;
  public readonly dailyRetentionDays: number;
  public readonly hourlyRetentionDays: number;
  public readonly continuousBackup: boolean;
  public readonly preventDestroy: boolean;

  constructor(scope: Construct, id: string, props: BackupPlanProps) {
    super(scope, id);
    this.dailyRetentionDays = props.dailyRetentionDays ?? 30;
    this.hourlyRetentionDays = props.hourlyRetentionDays ?? 7;
    this.continuousBackup = props.continuousBackup ?? false;
    this.preventDestroy = props.preventDestroy ?? false;
    this.validate(props);
    const { name, drRegion } = props;
    const lifecycle = this.preventDestroy ? { preventDestroy: true } : undefined;

    const key = (id: string, alias: string, description: string, region?: string) =>
      new KmsKey(this, id, { description, alias, region, preventDestroy: this.preventDestroy }).keyArn;
    const vault = (id: string, vaultName: string, kmsKeyArn: string, region?: string) => {
      const v = new BackupVault(this, id, {
        name: vaultName,
        kmsKeyArn,
        forceDestroy: false,
        region,
        lifecycle,
      });
      // Governance mode (no changeable_for_days): blocks early deletion by ordinary principals, yet
      // stays removable by an administrator. Compliance mode would be irreversible.
      new BackupVaultLockConfiguration(this, `${id}Lock`, {
        backupVaultName: v.name,
        minRetentionDays: 1,
        maxRetentionDays: this.dailyRetentionDays,
        region,
      });
      return v;
    };
    const primary = vault(
      "Vault",
      `${name}-backup`,
      props.kmsKeyArn ?? key("Key", `alias/${name}/backup`, `${name} AWS Backup vault`),
    );
    const dr = vault(
      "DrVault",
      `${name}-backup-dr`,
      props.drKmsKeyArn ??
        key("DrKey", `alias/${name}/backup-dr`, `${name} AWS Backup DR vault in ${drRegion}`, drRegion),
      drRegion,
    );

    const plan = new BackupPlanResource(this, "Plan", {
      name: `${name}-backup`,
      rule: [
        {
          ruleName: "daily",
          targetVaultName: primary.name,
          schedule: DAILY_BACKUP_SCHEDULE,
          startWindow: 60,
          completionWindow: 480,
          enableContinuousBackup: this.continuousBackup,
          lifecycle: { deleteAfter: this.dailyRetentionDays },
          copyAction: [{ destinationVaultArn: dr.arn, lifecycle: { deleteAfter: this.dailyRetentionDays } }],
          recoveryPointTags: { "backup-plan": name, "backup-rule": "daily" },
        },
        {
          ruleName: "hourly",
          targetVaultName: primary.name,
          schedule: HOURLY_BACKUP_SCHEDULE,
          startWindow: 60,
          completionWindow: 120,
          lifecycle: { deleteAfter: this.hourlyRetentionDays },
          recoveryPointTags: { "backup-plan": name, "backup-rule": "hourly" },
        },
      ],
    });

    const role = this.serviceRole(name);
    new BackupSelection(this, "Selection", {
      name: `${name}-selection`,
      planId: plan.id,
      iamRoleArn: role.arn,
      resources: [...props.resourceArns],
    });

    this.vaultArn = primary.arn;
    this.vaultName = primary.name;
    this.drVaultArn = dr.arn;
    this.planId = plan.id;
    this.planArn = plan.arn;
    this.roleArn = role.arn;
  }

  private serviceRole(name: string): IamRole {
    const partition = accountOf(this).partition;
    const assume = new DataAwsIamPolicyDocument(this, "AssumeRolePolicy", {
      statement: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["backup.amazonaws.com"] }],
        },
      ],
    });
    const role = new IamRole(this, "Role", {
      namePrefix: `${name}-backup-`.slice(0, 38),
      description: `AWS Backup service role for ${name}`,
      assumeRolePolicy: assume.json,
    });
    const managed: [string, string][] = [
      ["BackupPolicy", "service-role/AWSBackupServiceRolePolicyForBackup"],
      ["RestorePolicy", "service-role/AWSBackupServiceRolePolicyForRestores"],
      ["S3BackupPolicy", "AWSBackupServiceRolePolicyForS3Backup"],
      ["S3RestorePolicy", "AWSBackupServiceRolePolicyForS3Restore"],
    ];
    for (const [id, policy] of managed) {
      new IamRolePolicyAttachment(this, id, {
        role: role.name,
        policyArn: `arn:${partition}:iam::aws:policy/${policy}`,
      });
    }
    return role;
  }

  private validate(props: BackupPlanProps): void {
    const v = new Validator(`BackupPlan ${this.node.path}`);
    const daily = this.dailyRetentionDays;
    const hourly = this.hourlyRetentionDays;
    v.check(
      /^[A-Za-z0-9][A-Za-z0-9_-]{0,38}$/.test(props.name),
      "name",
      props.name,
      "1 to 39 letters, digits, dashes and underscores, starting with a letter or digit",
      "vault, plan and selection names derive from it (50-character limit)",
    )
      .check(
        REGION.test(props.drRegion),
        "drRegion",
        props.drRegion,
        "an AWS region such as eu-central-1",
        "set aws.drRegion",
      )
      .check(
        props.resourceArns.length > 0,
        "resourceArns",
        props.resourceArns,
        "at least one ARN",
        "list the databases and buckets to back up, or do not create the plan",
      )
      .check(
        Number.isInteger(daily) && daily >= 1,
        "dailyRetentionDays",
        daily,
        "an integer >= 1",
        "keep daily backups at least a day",
      )
      .check(
        Number.isInteger(hourly) && hourly >= 1,
        "hourlyRetentionDays",
        hourly,
        "an integer >= 1",
        "keep hourly backups at least a day",
      )
      .check(
        hourly <= daily,
        "hourlyRetentionDays",
        hourly,
        `at most dailyRetentionDays (${daily})`,
        "the vault lock caps retention at the daily value; shorten hourly or lengthen daily",
      )
      .check(
        !this.continuousBackup || daily <= CONTINUOUS_BACKUP_MAX_DAYS,
        "dailyRetentionDays",
        daily,
        `at most ${CONTINUOUS_BACKUP_MAX_DAYS} with continuousBackup`,
        "AWS Backup keeps continuous backups up to 35 days; shorten retention or turn continuousBackup off",
      );
    props.resourceArns.forEach((arn, i) => {
      v.check(
        Token.isUnresolved(arn) || arn.startsWith("arn:"),
        `resourceArns[${i}]`,
        arn,
        "an ARN (arn:...) or a token",
        "pass the resource's arn attribute",
      );
    });
    v.throwIfAny();
  }
}
