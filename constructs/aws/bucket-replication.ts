import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { S3BucketReplicationConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-replication-configuration";
import { Construct } from "../core";
import { accountOf } from "./account";
import type { SecureBucket } from "./secure-bucket";

/**
 * S3 Replication Time Control: 99.99% of objects replicate within 15 minutes. It is the only value
 * S3 accepts, and it is the objective behind the 15-minute user-content RPO
 * (`S3_RTC_RPO_MINUTES` in environments/schema.ts).
 */
export const S3_RTC_MINUTES = 15;

export interface BucketReplicationProps {
  /** Name prefix for the replication role, e.g. `acme-prod-assets`. */
  readonly name: string;
  /** Versioned, SSE-KMS source bucket. */
  readonly source: SecureBucket;
  /** Key that encrypts the source bucket. */
  readonly sourceKmsKeyArn: string;
  /** Region of the source bucket (scopes `kms:ViaService`). */
  readonly sourceRegion: string;
  /** Versioned, SSE-KMS destination bucket, usually in the DR region. */
  readonly destination: SecureBucket;
  /** Key in the destination region that encrypts replicas. */
  readonly destinationKmsKeyArn: string;
  /** Region of the destination bucket. */
  readonly destinationRegion: string;
}

/**
 * Live replication of every object version and delete marker from one bucket to another, with
 * Replication Time Control, replication metrics, and a least-privilege role assumed by S3.
 * Used by `ObjectStorage`; see constructs/aws/README-storage.md.
 */
export class BucketReplication extends Construct {
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: BucketReplicationProps) {
    super(scope, id);
    const account = accountOf(this);
    const source = props.source.bucketArn;
    const destination = props.destination.bucketArn;

    const assume = new DataAwsIamPolicyDocument(this, "AssumeRolePolicy", {
      statement: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["s3.amazonaws.com"] }],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] }],
        },
      ],
    });
    const role = new IamRole(this, "Role", {
      namePrefix: `${props.name}-repl-`.slice(0, 38),
      description: `S3 replication of ${props.source.node.path} to ${props.destinationRegion}`,
      assumeRolePolicy: assume.json,
    });
    // With S3 Bucket Keys the KMS encryption context is the bucket ARN; without, the object ARN.
    const keyContext = (arn: string) => ({
      test: "StringLike",
      variable: "kms:EncryptionContext:aws:s3:arn",
      values: [arn, `${arn}/*`],
    });
    const permissions = new DataAwsIamPolicyDocument(this, "RolePolicyDocument", {
      statement: [
        {
          sid: "ReadSourceConfiguration",
          effect: "Allow",
          actions: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
          resources: [source],
        },
        {
          sid: "ReadSourceVersions",
          effect: "Allow",
          actions: [
            "s3:GetObjectVersionForReplication",
            "s3:GetObjectVersionAcl",
            "s3:GetObjectVersionTagging",
          ],
          resources: [`${source}/*`],
        },
        {
          sid: "WriteReplicas",
          effect: "Allow",
          actions: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
          resources: [`${destination}/*`],
        },
        {
          sid: "DecryptSource",
          effect: "Allow",
          actions: ["kms:Decrypt"],
          resources: [props.sourceKmsKeyArn],
          condition: [
            {
              test: "StringEquals",
              variable: "kms:ViaService",
              values: [`s3.${props.sourceRegion}.amazonaws.com`],
            },
            keyContext(source),
          ],
        },
        {
          sid: "EncryptReplicas",
          effect: "Allow",
          actions: ["kms:Encrypt", "kms:GenerateDataKey"],
          resources: [props.destinationKmsKeyArn],
          condition: [
            {
              test: "StringEquals",
              variable: "kms:ViaService",
              values: [`s3.${props.destinationRegion}.amazonaws.com`],
            },
            keyContext(destination),
          ],
        },
      ],
    });
    new IamRolePolicy(this, "RolePolicy", { role: role.id, policy: permissions.json });

    new S3BucketReplicationConfigurationA(this, "Configuration", {
      bucket: props.source.bucketId,
      region: props.source.region,
      role: role.arn,
      rule: [
        {
          id: "replicate-all-to-dr",
          status: "Enabled",
          priority: 1,
          filter: {},
          deleteMarkerReplication: { status: "Enabled" },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
          destination: {
            bucket: destination,
            storageClass: "STANDARD",
            encryptionConfiguration: { replicaKmsKeyId: props.destinationKmsKeyArn },
            replicationTime: { status: "Enabled", time: { minutes: S3_RTC_MINUTES } },
            metrics: { status: "Enabled", eventThreshold: { minutes: S3_RTC_MINUTES } },
          },
        },
      ],
      dependsOn: [props.source.versioning, props.destination.versioning],
    });
    this.roleArn = role.arn;
  }
}
