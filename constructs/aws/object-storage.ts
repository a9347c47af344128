import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { Construct } from "../core";
import { Validator } from "../validation";
import { waive } from "../waiver";
import { accountOf } from "./account";
import { BucketReplication } from "./bucket-replication";
import { KmsKey } from "./kms-key";
import {
  bucketNameProblems,
  bucketRegionalHostOf,
  EDGE_HEALTH_OBJECT_KEY,
  staticBucketNameOf,
} from "./s3-bucket-name";
import { SecureBucket } from "./secure-bucket";

export { S3_RTC_MINUTES } from "./bucket-replication";

export interface ObjectStorageProps {
  /** Prefix of every bucket name, e.g. `acme-prod` gives `acme-prod-assets`. */
  readonly name: string;
  /** The provider's (primary) region; scopes KMS conditions of the replication role. */
  readonly region: string;
  /** Region of the replica buckets when `crossRegionReplication` is on. */
  readonly drRegion: string;
  /**
   * Customer-managed key for the primary-region buckets.
   * @default - a new KmsKey `alias/<name>/s3`
   */
  readonly kmsKeyArn?: string;
  /**
   * Key in `drRegion` for the replica buckets (used only with `crossRegionReplication`).
   * @default - a new KmsKey `alias/<name>/s3-dr` in `drRegion`
   */
  readonly drKmsKeyArn?: string;
  /**
   * Days a noncurrent object version is kept, in every bucket.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Replicate assets and backups to `drRegion` with S3 Replication Time Control (15 minutes).
   * @default false
   */
  readonly crossRegionReplication?: boolean;
  /**
   * Days S3 server access logs are kept in the logs buckets.
   * @default 365
   */
  readonly accessLogRetentionDays?: number;
  /**
   * Add `lifecycle.prevent_destroy` to every bucket and key.
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * A `<name>-static` bucket that a CDN serves: readable by everyone from `sourceCidrs` only
   * (`SecureBucketProps.edgeOrigin`), SSE-S3, access-logged, not replicated (its content is
   * published from the build, and published again after a loss), with the health object the edge's
   * monitor reads (`EDGE_HEALTH_OBJECT_KEY`).
   * @default - no static bucket
   */
  readonly edgeOrigin?: { readonly sourceCidrs: readonly string[] };
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/**
 * The platform's buckets: `<name>-assets` and `<name>-backups` (SSE-KMS), and `<name>-logs` that
 * receives their access logs. With `crossRegionReplication`, each data bucket replicates to a hardened
 * replica in the DR region, which logs to its own DR-region logs bucket. See README-storage.md.
 */
export class ObjectStorage extends Construct {
  public readonly assetsBucket: SecureBucket;
  public readonly backupsBucket: SecureBucket;
  public readonly logsBucket: SecureBucket;
  /** The bucket the edge serves, with `edgeOrigin`. */
  public readonly staticBucket?: SecureBucket;
  /** Where the edge connects for it (and the `Host` it sends), with `edgeOrigin`. */
  public readonly staticOriginHost?: string;
  /** Replica of `assetsBucket` in the DR region, when replicating. */
  public readonly assetsReplicaBucket: SecureBucket | undefined;
  /** Replica of `backupsBucket` in the DR region, when replicating. */
  public readonly backupsReplicaBucket: SecureBucket | undefined;
  /** Logs bucket in the DR region for the replicas, when replicating. */
  public readonly drLogsBucket: SecureBucket | undefined;
  public readonly replicationEnabled: boolean;
  public readonly kmsKeyArn: string;
  /** Key of the replicas, when replicating. */
  public readonly drKmsKeyArn: string | undefined;
  public readonly noncurrentVersionExpirationDays: number;
  public readonly accessLogRetentionDays: number;
  public readonly preventDestroy: boolean;

  constructor(scope: Construct, id: string, props: ObjectStorageProps) {
    super(scope, id);
    this.replicationEnabled = props.crossRegionReplication ?? false;
    this.noncurrentVersionExpirationDays = props.noncurrentVersionExpirationDays ?? 90;
    this.accessLogRetentionDays = props.accessLogRetentionDays ?? 365;
    this.preventDestroy = props.preventDestroy ?? false;
    this.validate(props);
    const { name } = props;
    const preventDestroy = this.preventDestroy;

    this.kmsKeyArn =
      props.kmsKeyArn ??
      new KmsKey(this, "Key", {
        description: `${name} S3 buckets`,
        alias: `alias/${name}/s3`,
        preventDestroy,
      }).keyArn;
    const common = { noncurrentVersionExpirationDays: this.noncurrentVersionExpirationDays, preventDestroy };
    const partition = accountOf(this).partition;
    const arnOf = (bucket: string) => `arn:${partition}:s3:::${bucket}`;

    this.logsBucket = new SecureBucket(this, "Logs", {
      ...common,
      bucketName: `${name}-logs`,
      isLogBucket: true,
      logSourceBucketArns: [
        arnOf(`${name}-assets`),
        arnOf(`${name}-backups`),
        ...(props.edgeOrigin ? [arnOf(staticBucketNameOf(name))] : []),
      ],
      expirationDays: this.accessLogRetentionDays,
    });
    if (props.edgeOrigin) {
      this.staticBucket = new SecureBucket(this, "Static", {
        ...common,
        bucketName: staticBucketNameOf(name),
        edgeOrigin: props.edgeOrigin,
        accessLogBucket: this.logsBucket.bucketName,
        accessLogBucketPolicy: this.logsBucket.policy,
        accessLogPrefix: "static/",
      });
      waive(
        this.staticBucket.bucket,
        "PLAT-S3-008",
        "Static assets are published from the build pipeline and published again after a regional loss; the DR region has no edge origin for a replica to serve",
        "2027-03-01",
      );
      new S3Object(this, "StaticHealthObject", {
        bucket: this.staticBucket.bucketId,
        key: EDGE_HEALTH_OBJECT_KEY,
        content: "ok",
        contentType: "text/plain",
        cacheControl: "no-store",
      });
      this.staticOriginHost = bucketRegionalHostOf(staticBucketNameOf(name), props.region);
    }
    const data = (logicalId: string, suffix: string) =>
      new SecureBucket(this, logicalId, {
        ...common,
        bucketName: `${name}-${suffix}`,
        kmsKeyArn: this.kmsKeyArn,
        accessLogBucket: this.logsBucket.bucketName,
        accessLogBucketPolicy: this.logsBucket.policy,
        accessLogPrefix: `${suffix}/`,
      });
    this.assetsBucket = data("Assets", "assets");
    this.backupsBucket = data("Backups", "backups");

    if (!this.replicationEnabled) {
      this.assetsReplicaBucket = undefined;
      this.backupsReplicaBucket = undefined;
      this.drLogsBucket = undefined;
      this.drKmsKeyArn = undefined;
      return;
    }
    const drKmsKeyArn =
      props.drKmsKeyArn ??
      new KmsKey(this, "DrKey", {
        description: `${name} S3 replicas in ${props.drRegion}`,
        alias: `alias/${name}/s3-dr`,
        region: props.drRegion,
        preventDestroy,
      }).keyArn;
    this.drKmsKeyArn = drKmsKeyArn;
    const dr = props.drRegion;
    this.drLogsBucket = new SecureBucket(this, "DrLogs", {
      ...common,
      bucketName: `${name}-logs-${dr}`,
      isLogBucket: true,
      logSourceBucketArns: [arnOf(`${name}-assets-${dr}`), arnOf(`${name}-backups-${dr}`)],
      expirationDays: this.accessLogRetentionDays,
      region: dr,
    });
    const replica = (logicalId: string, suffix: string, source: SecureBucket) => {
      const bucket = new SecureBucket(this, `${logicalId}Replica`, {
        ...common,
        bucketName: `${name}-${suffix}-${dr}`,
        kmsKeyArn: drKmsKeyArn,
        accessLogBucket: this.drLogsBucket!.bucketName,
        accessLogBucketPolicy: this.drLogsBucket!.policy,
        accessLogPrefix: `${suffix}/`,
        region: dr,
      });
      new BucketReplication(this, `${logicalId}Replication`, {
        name: `${name}-${suffix}`,
        source,
        sourceKmsKeyArn: this.kmsKeyArn,
        sourceRegion: props.region,
        destination: bucket,
        destinationKmsKeyArn: drKmsKeyArn,
        destinationRegion: dr,
      });
      return bucket;
    };
    this.assetsReplicaBucket = replica("Assets", "assets", this.assetsBucket);
    this.backupsReplicaBucket = replica("Backups", "backups", this.backupsBucket);
  }

  private validate(props: ObjectStorageProps): void {
    const v = new Validator(`ObjectStorage ${this.node.path}`);
    // The longest name this construct derives; SecureBucket re-checks each one.
    const longest = this.replicationEnabled
      ? `${props.name}-backups-${props.drRegion}`
      : `${props.name}-backups`;
    for (const p of bucketNameProblems(longest)) {
      v.check(false, "name", props.name, `a prefix that makes "${longest}" valid: ${p.allowed}`, p.hint);
    }
    v.check(REGION.test(props.region), "region", props.region, "an AWS region such as eu-west-1", "fix it")
      .check(
        REGION.test(props.drRegion),
        "drRegion",
        props.drRegion,
        "an AWS region such as eu-central-1",
        "fix it",
      )
      .check(
        !this.replicationEnabled || props.drRegion !== props.region,
        "drRegion",
        props.drRegion,
        `a region other than region (${props.region})`,
        "replicate to a different region, or turn crossRegionReplication off",
      )
      .check(
        Number.isInteger(this.noncurrentVersionExpirationDays) && this.noncurrentVersionExpirationDays >= 1,
        "noncurrentVersionExpirationDays",
        this.noncurrentVersionExpirationDays,
        "an integer >= 1",
        "keep old versions at least a day",
      )
      .check(
        Number.isInteger(this.accessLogRetentionDays) && this.accessLogRetentionDays >= 1,
        "accessLogRetentionDays",
        this.accessLogRetentionDays,
        "an integer >= 1",
        "audit guidance usually asks for 365 days",
      )
      .throwIfAny();
  }
}
