import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { describe, expect, it } from "vitest";
import { EksClusterRole } from "../../../constructs/aws/eks-cluster-role";
import { Testing } from "../../../constructs/core";
import { oneOf } from "./eks-fixtures";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/abc";

describe("EksClusterRole", () => {
  const out = Testing.synthScope(
    (scope) => new EksClusterRole(scope, "Role", { name: "prod", secretsKeyArn: KEY }),
  );

  it("is assumable by EKS only and carries AmazonEKSClusterPolicy", () => {
    expect(oneOf(out, "data", "aws_iam_policy_document", "AssumeRole").statement).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRole", "sts:TagSession"],
        principals: [{ type: "Service", identifiers: ["eks.amazonaws.com"] }],
      },
    ]);
    expect(out).toHaveResourceWithProperties(IamRole, { name_prefix: "prod-cluster-" });
    expect(out).toHaveResourceWithProperties(IamRolePolicyAttachment, {
      policy_arn: expect.stringMatching(/:iam::aws:policy\/AmazonEKSClusterPolicy$/),
    });
  });

  it("may use the secrets key and nothing else", () => {
    expect(oneOf(out, "data", "aws_iam_policy_document", "EncryptionPolicyDocument").statement).toEqual([
      {
        effect: "Allow",
        actions: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
        resources: [KEY],
      },
    ]);
  });
});
