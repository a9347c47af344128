import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachmentsExclusive } from "@cdktf/provider-aws/lib/iam-role-policy-attachments-exclusive";
import { describe, expect, it } from "vitest";
import { EksServiceAccountRoles } from "../../../constructs/aws/eks-service-account-roles";
import { Testing } from "../../../constructs/core";
import { oneOf } from "./eks-fixtures";

const ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC";

describe("EksServiceAccountRoles", () => {
  const out = Testing.synthScope(
    (scope) =>
      new EksServiceAccountRoles(scope, "Roles", {
        name: "prod",
        region: "eu-west-1",
        oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC",
        oidcIssuerUrl: ISSUER,
      }),
  );
  const policy = (part: string) =>
    oneOf(out, "data", "aws_iam_policy_document", part).statement as Record<string, unknown>[];

  it.each([
    ["VpcCni", "aws-node", "prod-vpc-cni-"],
    ["EbsCsiDriver", "ebs-csi-controller-sa", "prod-ebs-csi-"],
    ["ClusterAutoscaler", "cluster-autoscaler", "prod-autoscaler-"],
    ["LoadBalancerController", "aws-load-balancer-controller", "prod-lb-controller-"],
  ])("creates the %s role for kube-system/%s", (role, sa, prefix) => {
    expect(JSON.stringify(policy(`Roles_${role}_Trust`))).toContain(
      `"values":["system:serviceaccount:kube-system:${sa}"],"variable":"oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub"`,
    );
    expect(out).toHaveResourceWithProperties(IamRole, { name_prefix: prefix });
  });

  it("gives the add-on roles their AWS managed policies", () => {
    expect(out).toHaveResourceWithProperties(IamRolePolicyAttachmentsExclusive, {
      policy_arns: [expect.stringMatching(/:iam::aws:policy\/AmazonEKS_CNI_Policy$/)],
    });
    expect(out).toHaveResourceWithProperties(IamRolePolicyAttachmentsExclusive, {
      policy_arns: [expect.stringMatching(/:iam::aws:policy\/service-role\/AmazonEBSCSIDriverPolicy$/)],
    });
  });

  it("lets the autoscaler describe anything but scale only this cluster's groups", () => {
    const [discover, nodegroups, scale] = policy("ClusterAutoscalerPolicy");
    expect(discover).toMatchObject({ resources: ["*"] });
    expect((discover!.actions as string[]).every((a) => /:(Describe|Get)/.test(a))).toBe(true);
    expect(nodegroups).toMatchObject({
      actions: ["eks:DescribeNodegroup"],
      resources: [expect.stringMatching(/:eks:eu-west-1:.*:nodegroup\/prod\/\*\/\*$/)],
    });
    expect(scale).toMatchObject({
      actions: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
      condition: expect.arrayContaining([
        {
          test: "StringEquals",
          variable: "autoscaling:ResourceTag/k8s.io/cluster-autoscaler/prod",
          values: ["owned"],
        },
      ]),
    });
  });

  it("gives the load balancer controller its upstream policy, with no wildcard action", () => {
    const statements = policy("LoadBalancerControllerPolicy");
    expect(statements.length).toBeGreaterThan(10);
    const actions = statements.flatMap((s) => s.actions as string[]);
    expect(actions.filter((a) => a.includes("*"))).toEqual([]);
    expect(actions).toEqual(
      expect.arrayContaining([
        "elasticloadbalancing:CreateLoadBalancer",
        "ec2:AuthorizeSecurityGroupIngress",
      ]),
    );
    const create = statements.find((s) => s.sid === "CreateTaggedLoadBalancers");
    expect(create?.condition).toEqual([
      { test: "Null", variable: "aws:RequestTag/elbv2.k8s.aws/cluster", values: ["false"] },
    ]);
    const deletes = statements.filter((s) =>
      (s.actions as string[]).some((a) => /:Delete(LoadBalancer|TargetGroup|SecurityGroup)$/.test(a)),
    );
    expect(deletes).toHaveLength(2);
    for (const s of deletes)
      expect(JSON.stringify(s.condition)).toContain("aws:ResourceTag/elbv2.k8s.aws/cluster");
  });
});
