import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct, type TerraformResource } from "../core";
import { accountOf } from "./account";

export interface EksClusterRoleProps {
  /** Literal cluster name, the role's name prefix. */
  readonly name: string;
  /** The key that encrypts Kubernetes secrets; the role may use it, and only it. */
  readonly secretsKeyArn: string;
}

/**
 * The control plane's IAM role: assumable by EKS, with `AmazonEKSClusterPolicy` and use of the
 * secrets key. The cluster must depend on {@link grants} so it never starts without them.
 */
export class EksClusterRole extends Construct {
  public readonly roleArn: string;
  /** The policy attachments; put them in the cluster's `dependsOn`. */
  public readonly grants: TerraformResource[];

  constructor(scope: Construct, id: string, props: EksClusterRoleProps) {
    super(scope, id);
    const { partition } = accountOf(this);
    const assume = new DataAwsIamPolicyDocument(this, "AssumeRole", {
      statement: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRole", "sts:TagSession"],
          principals: [{ type: "Service", identifiers: ["eks.amazonaws.com"] }],
        },
      ],
    });
    const role = new IamRole(this, "Role", {
      namePrefix: `${props.name}-cluster-`,
      description: `EKS ${props.name} control plane`,
      assumeRolePolicy: assume.json,
    });
    const clusterPolicy = new IamRolePolicyAttachment(this, "ClusterPolicy", {
      role: role.name,
      policyArn: `arn:${partition}:iam::aws:policy/AmazonEKSClusterPolicy`,
    });
    const useKey = new DataAwsIamPolicyDocument(this, "EncryptionPolicyDocument", {
      statement: [
        {
          effect: "Allow",
          actions: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
          resources: [props.secretsKeyArn],
        },
      ],
    });
    const encryption = new IamRolePolicy(this, "EncryptionPolicy", {
      role: role.id,
      name: "secrets-encryption",
      policy: useKey.json,
    });
    this.roleArn = role.arn;
    this.grants = [clusterPolicy, encryption];
  }
}
