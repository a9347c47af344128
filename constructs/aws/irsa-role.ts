import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachmentsExclusive } from "@cdktf/provider-aws/lib/iam-role-policy-attachments-exclusive";
import { Construct, Fn, type TerraformResource, Token } from "../core";
import { Validator } from "../validation";

/** IAM `name_prefix` is at most 38 characters: IAM appends a 26-character suffix to reach 64. */
export const IAM_NAME_PREFIX_MAX = 38;

export interface IrsaRoleProps {
  /** ARN of the cluster's IAM OIDC identity provider (`aws_iam_openid_connect_provider`). */
  readonly oidcProviderArn: string;
  /** The cluster's OIDC issuer URL, with or without `https://` (the scheme is stripped). */
  readonly oidcIssuerUrl: string;
  /** Namespace of the one service account allowed to assume the role. */
  readonly namespace: string;
  /** Name of the one service account allowed to assume the role. */
  readonly serviceAccount: string;
  /** Role name prefix, at most 38 characters; IAM appends a unique suffix. */
  readonly namePrefix: string;
  /** Shown in the IAM console. */
  readonly description: string;
  /**
   * AWS or customer managed policies to attach. The role's managed attachments are exclusive:
   * attachments made outside this construct are removed on the next apply.
   * @default - none
   */
  readonly managedPolicyArns?: readonly string[];
  /**
   * An inline policy document (JSON, e.g. `DataAwsIamPolicyDocument.json`).
   * @default - none
   */
  readonly policyJson?: string;
}

/**
 * An IAM role for service accounts (IRSA): assumable through the cluster's OIDC provider by exactly
 * one Kubernetes service account, checked on both `sub` (namespace and name) and `aud` (STS).
 * Annotate the service account with `eks.amazonaws.com/role-arn: <roleArn>`.
 */
export class IrsaRole extends Construct {
  public readonly roleArn: string;
  public readonly roleName: string;
  public readonly namespace: string;
  public readonly serviceAccount: string;
  /** `system:serviceaccount:<namespace>:<serviceAccount>`, the only `sub` the trust policy accepts. */
  public readonly subject: string;
  /** The role and its permissions: what a pod using the role must wait for (IAM is eventually consistent). */
  public readonly ready: TerraformResource[] = [];

  constructor(scope: Construct, id: string, props: IrsaRoleProps) {
    super(scope, id);
    validate(`IrsaRole ${this.node.path}`, props);
    this.namespace = props.namespace;
    this.serviceAccount = props.serviceAccount;
    this.subject = `system:serviceaccount:${props.namespace}:${props.serviceAccount}`;

    const issuer = Token.isUnresolved(props.oidcIssuerUrl)
      ? Fn.replace(props.oidcIssuerUrl, "https://", "")
      : props.oidcIssuerUrl.replace(/^https:\/\//, "");
    const trust = new DataAwsIamPolicyDocument(this, "Trust", {
      statement: [
        {
          sid: "ServiceAccountWebIdentity",
          effect: "Allow",
          actions: ["sts:AssumeRoleWithWebIdentity"],
          principals: [{ type: "Federated", identifiers: [props.oidcProviderArn] }],
          condition: [
            { test: "StringEquals", variable: `${issuer}:sub`, values: [this.subject] },
            { test: "StringEquals", variable: `${issuer}:aud`, values: ["sts.amazonaws.com"] },
          ],
        },
      ],
    });
    const role = new IamRole(this, "Role", {
      namePrefix: props.namePrefix,
      description: props.description,
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    this.ready.push(role);
    if (props.managedPolicyArns && props.managedPolicyArns.length > 0) {
      const attachments = new IamRolePolicyAttachmentsExclusive(this, "ManagedPolicies", {
        roleName: role.name,
        policyArns: [...props.managedPolicyArns],
      });
      this.ready.push(attachments);
    }
    if (props.policyJson !== undefined) {
      this.ready.push(
        new IamRolePolicy(this, "Policy", {
          role: role.id,
          name: "service-account",
          policy: props.policyJson,
        }),
      );
    }
    this.roleArn = role.arn;
    this.roleName = role.name;
  }
}

// DNS-1123 label (namespace) and subdomain (service account), as the Kubernetes API enforces them.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function validate(construct: string, props: IrsaRoleProps): void {
  new Validator(construct)
    .check(
      DNS_LABEL.test(props.namespace) && props.namespace.length <= 63,
      "namespace",
      props.namespace,
      "a DNS-1123 label (lower-case letters, digits, dashes; at most 63)",
      "use the Kubernetes namespace exactly, e.g. kube-system",
    )
    .check(
      DNS_SUBDOMAIN.test(props.serviceAccount) && props.serviceAccount.length <= 253,
      "serviceAccount",
      props.serviceAccount,
      "a DNS-1123 subdomain (lower-case letters, digits, dashes, dots)",
      "use the service account name exactly, e.g. cluster-autoscaler",
    )
    .check(
      /^[\w+=,.@-]+$/.test(props.namePrefix) && props.namePrefix.length <= IAM_NAME_PREFIX_MAX,
      "namePrefix",
      props.namePrefix,
      `1..${IAM_NAME_PREFIX_MAX} characters from [A-Za-z0-9+=,.@_-]`,
      "shorten the prefix; IAM adds a 26-character suffix",
    )
    .check(
      (props.managedPolicyArns?.length ?? 0) > 0 || props.policyJson !== undefined,
      "managedPolicyArns",
      props.managedPolicyArns ?? [],
      "at least one managed policy, or a policyJson",
      "a role with no policy grants nothing; give it the permissions the service account needs",
    )
    .throwIfAny();
}
