import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey as KmsKeyResource } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "../core";
import { Validator } from "../validation";
import { accountOf } from "./account";

/** An AWS service allowed to use the key, optionally narrowed by conditions. */
export interface KmsServiceGrant {
  /** Service principal, e.g. `logs.eu-west-1.amazonaws.com`. */
  readonly service: string;
  /** IAM conditions that narrow the grant, e.g. the log-group ARN encryption context. */
  readonly conditions?: readonly {
    readonly test: string;
    readonly variable: string;
    readonly values: string[];
  }[];
}

/**
 * CloudWatch Logs' use of a key for one log group: the regional logs principal, only under that
 * group's ARN as encryption context (CloudWatch's documented condition).
 */
export function logGroupGrant(scope: Construct, region: string, logGroupName: string): KmsServiceGrant {
  const account = accountOf(scope);
  return {
    service: `logs.${region}.amazonaws.com`,
    conditions: [
      {
        test: "ArnEquals",
        variable: "kms:EncryptionContext:aws:logs:arn",
        values: [`arn:${account.partition}:logs:${region}:${account.accountId}:log-group:${logGroupName}`],
      },
    ],
  };
}

export interface KmsKeyProps {
  /** What the key protects; shown in the console. */
  readonly description: string;
  /** Alias, `alias/<name>`. */
  readonly alias: string;
  /**
   * AWS services that may encrypt and decrypt with the key.
   * @default - none: only IAM principals of this account that the account grants
   */
  readonly services?: readonly KmsServiceGrant[];
  /**
   * Waiting period before a scheduled deletion completes, 7 to 30 days.
   * @default 30
   */
  readonly deletionWindowDays?: number;
  /**
   * Add `lifecycle.prevent_destroy`. Losing a key loses every object encrypted with it.
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * Create the key in another region (AWS provider 6 per-resource region), e.g. the DR region.
   * @default - the provider's region
   */
  readonly region?: string;
}

/**
 * A customer-managed KMS key for one purpose: rotation on, a 30-day deletion window, and an explicit
 * key policy (account root administers; listed services may use it). See constructs/aws/README.md.
 */
export class KmsKey extends Construct {
  public readonly keyArn: string;
  public readonly keyId: string;
  public readonly deletionWindowDays: number;

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    super(scope, id);
    this.deletionWindowDays = props.deletionWindowDays ?? 30;
    new Validator(`KmsKey ${this.node.path}`)
      .check(
        /^alias\/(?!aws\/)[A-Za-z0-9/_-]+$/.test(props.alias),
        "alias",
        props.alias,
        "alias/<name>, not alias/aws/*",
        "prefix the name with alias/",
      )
      .check(
        Number.isInteger(this.deletionWindowDays) &&
          this.deletionWindowDays >= 7 &&
          this.deletionWindowDays <= 30,
        "deletionWindowDays",
        this.deletionWindowDays,
        "an integer 7..30",
        "KMS accepts 7 to 30 days; keep 30 for production keys",
      )
      .check(
        props.description.trim().length > 0,
        "description",
        props.description,
        "a non-empty text",
        "say what the key protects",
      )
      .throwIfAny();

    const account = accountOf(this);
    const policy = new DataAwsIamPolicyDocument(this, "Policy", {
      statement: [
        {
          sid: "AccountAdministers",
          effect: "Allow",
          principals: [{ type: "AWS", identifiers: [account.rootArn] }],
          actions: ["kms:*"],
          resources: ["*"],
        },
        ...(props.services ?? []).map((grant, i) => ({
          sid: `ServiceUse${i}`,
          effect: "Allow",
          principals: [{ type: "Service", identifiers: [grant.service] }],
          actions: [
            "kms:Encrypt*",
            "kms:Decrypt*",
            "kms:ReEncrypt*",
            "kms:GenerateDataKey*",
            "kms:DescribeKey",
          ],
          resources: ["*"],
          condition: (grant.conditions ?? []).map((c) => ({ ...c })),
        })),
      ],
    });
    const key = new KmsKeyResource(this, "Key", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: this.deletionWindowDays,
      policy: policy.json,
      region: props.region,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    new KmsAlias(this, "Alias", { name: props.alias, targetKeyId: key.keyId, region: props.region });
    this.keyArn = key.arn;
    this.keyId = key.keyId;
  }
}
