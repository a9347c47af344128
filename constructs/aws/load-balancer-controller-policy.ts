/**
 * The AWS Load Balancer Controller's IAM policy (v2.13/v2.14 `docs/install/iam_policy.json` of
 * kubernetes-sigs/aws-load-balancer-controller) as typed statements. Mutations are limited to
 * resources the controller tagged `elbv2.k8s.aws/cluster`, as upstream does; reads are on `*`
 * because the describe APIs do not support resource-level permissions.
 */
import type { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";

const CLUSTER_TAG = "elbv2.k8s.aws/cluster";
const requestTagged = { test: "Null", variable: `aws:RequestTag/${CLUSTER_TAG}`, values: ["false"] };
const requestUntagged = { test: "Null", variable: `aws:RequestTag/${CLUSTER_TAG}`, values: ["true"] };
const resourceTagged = { test: "Null", variable: `aws:ResourceTag/${CLUSTER_TAG}`, values: ["false"] };

const allow = (
  sid: string,
  actions: string[],
  resources: string[] = ["*"],
  condition: DataAwsIamPolicyDocumentStatement["condition"] = undefined,
): DataAwsIamPolicyDocumentStatement => ({ sid, effect: "Allow", actions, resources, condition });

/** Statements for the controller's role, with ARNs in `partition`. */
export function loadBalancerControllerStatements(partition: string): DataAwsIamPolicyDocumentStatement[] {
  const elb = `arn:${partition}:elasticloadbalancing:*:*`;
  const balancersAndGroups = [
    `${elb}:targetgroup/*/*`,
    `${elb}:loadbalancer/net/*/*`,
    `${elb}:loadbalancer/app/*/*`,
  ];
  const securityGroups = [`arn:${partition}:ec2:*:*:security-group/*`];
  return [
    allow(
      "CreateElbServiceLinkedRole",
      ["iam:CreateServiceLinkedRole"],
      ["*"],
      [
        {
          test: "StringEquals",
          variable: "iam:AWSServiceName",
          values: ["elasticloadbalancing.amazonaws.com"],
        },
      ],
    ),
    allow("Describe", [
      "ec2:DescribeAccountAttributes",
      "ec2:DescribeAddresses",
      "ec2:DescribeAvailabilityZones",
      "ec2:DescribeCoipPools",
      "ec2:DescribeInstances",
      "ec2:DescribeInternetGateways",
      "ec2:DescribeIpamPools",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeRouteTables",
      "ec2:DescribeSecurityGroups",
      "ec2:DescribeSubnets",
      "ec2:DescribeTags",
      "ec2:DescribeVpcPeeringConnections",
      "ec2:DescribeVpcs",
      "ec2:GetCoipPoolUsage",
      "ec2:GetSecurityGroupsForVpc",
      "elasticloadbalancing:DescribeCapacityReservation",
      "elasticloadbalancing:DescribeListenerAttributes",
      "elasticloadbalancing:DescribeListenerCertificates",
      "elasticloadbalancing:DescribeListeners",
      "elasticloadbalancing:DescribeLoadBalancerAttributes",
      "elasticloadbalancing:DescribeLoadBalancers",
      "elasticloadbalancing:DescribeRules",
      "elasticloadbalancing:DescribeSSLPolicies",
      "elasticloadbalancing:DescribeTags",
      "elasticloadbalancing:DescribeTargetGroupAttributes",
      "elasticloadbalancing:DescribeTargetGroups",
      "elasticloadbalancing:DescribeTargetHealth",
      "elasticloadbalancing:DescribeTrustStores",
    ]),
    allow("CertificatesWafShieldCognito", [
      "acm:DescribeCertificate",
      "acm:ListCertificates",
      "cognito-idp:DescribeUserPoolClient",
      "iam:GetServerCertificate",
      "iam:ListServerCertificates",
      "shield:CreateProtection",
      "shield:DeleteProtection",
      "shield:DescribeProtection",
      "shield:GetSubscriptionState",
      "waf-regional:AssociateWebACL",
      "waf-regional:DisassociateWebACL",
      "waf-regional:GetWebACL",
      "waf-regional:GetWebACLForResource",
      "wafv2:AssociateWebACL",
      "wafv2:DisassociateWebACL",
      "wafv2:GetWebACL",
      "wafv2:GetWebACLForResource",
    ]),
    // Node security groups get rules from the load balancers' groups; the controller owns neither.
    allow("NodeSecurityGroupIngress", [
      "ec2:AuthorizeSecurityGroupIngress",
      "ec2:RevokeSecurityGroupIngress",
    ]),
    allow("CreateSecurityGroup", ["ec2:CreateSecurityGroup"]),
    allow("TagSecurityGroupOnCreate", ["ec2:CreateTags"], securityGroups, [
      { test: "StringEquals", variable: "ec2:CreateAction", values: ["CreateSecurityGroup"] },
      requestTagged,
    ]),
    allow("RetagOwnSecurityGroups", ["ec2:CreateTags", "ec2:DeleteTags"], securityGroups, [
      requestUntagged,
      resourceTagged,
    ]),
    allow(
      "ManageOwnSecurityGroups",
      ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"],
      ["*"],
      [resourceTagged],
    ),
    allow(
      "CreateTaggedLoadBalancers",
      ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
      ["*"],
      [requestTagged],
    ),
    allow("ListenersAndRules", [
      "elasticloadbalancing:CreateListener",
      "elasticloadbalancing:CreateRule",
      "elasticloadbalancing:DeleteListener",
      "elasticloadbalancing:DeleteRule",
    ]),
    allow(
      "RetagOwnLoadBalancers",
      ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      balancersAndGroups,
      [requestUntagged, resourceTagged],
    ),
    allow(
      "TagListenersAndRules",
      ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      ["listener/net", "listener/app", "listener-rule/net", "listener-rule/app"].map(
        (r) => `${elb}:${r}/*/*/*`,
      ),
    ),
    allow(
      "ManageOwnLoadBalancers",
      [
        "elasticloadbalancing:DeleteLoadBalancer",
        "elasticloadbalancing:DeleteTargetGroup",
        "elasticloadbalancing:ModifyCapacityReservation",
        "elasticloadbalancing:ModifyIpPools",
        "elasticloadbalancing:ModifyListenerAttributes",
        "elasticloadbalancing:ModifyLoadBalancerAttributes",
        "elasticloadbalancing:ModifyTargetGroup",
        "elasticloadbalancing:ModifyTargetGroupAttributes",
        "elasticloadbalancing:SetIpAddressType",
        "elasticloadbalancing:SetSecurityGroups",
        "elasticloadbalancing:SetSubnets",
      ],
      ["*"],
      [resourceTagged],
    ),
    allow("TagOnCreate", ["elasticloadbalancing:AddTags"], balancersAndGroups, [
      {
        test: "StringEquals",
        variable: "elasticloadbalancing:CreateAction",
        values: ["CreateTargetGroup", "CreateLoadBalancer"],
      },
      requestTagged,
    ]),
    allow(
      "RegisterTargets",
      ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
      [`${elb}:targetgroup/*/*`],
    ),
    allow("ModifyListenersAndRules", [
      "elasticloadbalancing:AddListenerCertificates",
      "elasticloadbalancing:ModifyListener",
      "elasticloadbalancing:ModifyRule",
      "elasticloadbalancing:RemoveListenerCertificates",
      "elasticloadbalancing:SetRulePriorities",
      "elasticloadbalancing:SetWebAcl",
    ]),
  ];
}
