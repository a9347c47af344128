import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "../core";
import { Validator } from "../validation";
import { KmsKey } from "./kms-key";

export interface StateBucketProps {
  /** Globally unique bucket name from `state.bucket`. */
  readonly bucketName: string;
}

/**
 * The Terraform remote-state bucket: versioned (every state revision recoverable), SSE-KMS with a
 * rotating customer-managed key, all public access blocked, TLS-only, and `prevent_destroy` on the
 * bucket and key. Lock files live beside the state (`use_lockfile`), so no DynamoDB table is needed.
 */
export class StateBucket extends Construct {
  public readonly bucketArn: string;
  public readonly bucketName: string;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    new Validator(`StateBucket ${this.node.path}`)
      .check(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(props.bucketName),
        "bucketName",
        props.bucketName,
        "3-63 lower-case letters, digits, dots and dashes",
        "use the name from state.bucket in the environment files",
      )
      .throwIfAny();
    const key = new KmsKey(this, "Key", {
      description: `Terraform state in ${props.bucketName}`,
      alias: "alias/terraform-state",
      preventDestroy: true,
    });
    const bucket = new S3Bucket(this, "Bucket", {
      bucket: props.bucketName,
      forceDestroy: false,
      lifecycle: { preventDestroy: true },
    });
    new S3BucketVersioningA(this, "Versioning", {
      bucket: bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      bucket: bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.keyArn },
          bucketKeyEnabled: true,
        },
      ],
    });
    new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "Ownership", {
      bucket: bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    const tlsOnly = new DataAwsIamPolicyDocument(this, "TlsOnly", {
      statement: [
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["s3:*"],
          resources: [bucket.arn, `${bucket.arn}/*`],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ],
    });
    new S3BucketPolicy(this, "Policy", { bucket: bucket.id, policy: tlsOnly.json });
    this.bucketArn = bucket.arn;
    this.bucketName = bucket.bucket;
  }
}
