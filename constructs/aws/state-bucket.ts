import { Construct } from "../core";
import { Validator } from "../validation";
import { BucketReplication } from "./bucket-replication";
import { KmsKey } from "./kms-key";
import { SecureBucket } from "./secure-bucket";

export interface StateBucketProps {
  /** Globally unique bucket name from `state.bucket`. */
  readonly bucketName: string;
  readonly region: string;
  /**
   * Replicate every state version to this region (S3 RTC). The state is what Terraform needs to
   * manage anything after a regional outage.
   * @default - no replication
   */
  readonly drRegion?: string;
}

/**
 * The Terraform remote-state bucket: a `SecureBucket` (versioned, SSE-KMS with a rotating key, all
 * public access blocked, TLS-only, access-logged, lifecycle rules, `prevent_destroy`) plus its log
 * bucket, and, with `drRegion`, a replica in the DR region. Lock files live beside the state
 * (`use_lockfile`), so no DynamoDB table is needed.
 */
export class StateBucket extends Construct {
  public readonly bucketArn: string;
  public readonly bucketName: string;
  public readonly replicaBucketName: string | undefined;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    new Validator(`StateBucket ${this.node.path}`)
      .check(
        props.drRegion === undefined || props.drRegion !== props.region,
        "drRegion",
        props.drRegion,
        `a region other than ${props.region}`,
        "replicate state to the DR region",
      )
      .throwIfAny();
    const name = props.bucketName;
    const common = { preventDestroy: true, noncurrentVersionExpirationDays: 90 };
    const key = new KmsKey(this, "Key", {
      description: `Terraform state in ${name}`,
      alias: "alias/terraform-state",
      preventDestroy: true,
    });
    const logs = new SecureBucket(this, "Logs", {
      ...common,
      bucketName: `${name}-logs`,
      isLogBucket: true,
      logSourceBucketArns: [`arn:aws:s3:::${name}`],
      expirationDays: 365,
    });
    const state = new SecureBucket(this, "Bucket", {
      ...common,
      bucketName: name,
      kmsKeyArn: key.keyArn,
      accessLogBucket: logs.bucketName,
      accessLogBucketPolicy: logs.policy,
      accessLogPrefix: "state/",
    });
    this.bucketArn = state.bucketArn;
    this.bucketName = state.bucketName;
    this.replicaBucketName = undefined;
    if (!props.drRegion) return;

    const dr = props.drRegion;
    const drKey = new KmsKey(this, "DrKey", {
      description: `Terraform state replica of ${name}`,
      alias: "alias/terraform-state-dr",
      region: dr,
      preventDestroy: true,
    });
    const drLogs = new SecureBucket(this, "DrLogs", {
      ...common,
      bucketName: `${name}-logs-${dr}`,
      isLogBucket: true,
      logSourceBucketArns: [`arn:aws:s3:::${name}-${dr}`],
      expirationDays: 365,
      region: dr,
    });
    const replica = new SecureBucket(this, "Replica", {
      ...common,
      bucketName: `${name}-${dr}`,
      kmsKeyArn: drKey.keyArn,
      accessLogBucket: drLogs.bucketName,
      accessLogBucketPolicy: drLogs.policy,
      accessLogPrefix: "state/",
      region: dr,
    });
    new BucketReplication(this, "Replication", {
      name,
      source: state,
      sourceKmsKeyArn: key.keyArn,
      sourceRegion: props.region,
      destination: replica,
      destinationKmsKeyArn: drKey.keyArn,
      destinationRegion: dr,
    });
    this.replicaBucketName = replica.bucketName;
  }
}
