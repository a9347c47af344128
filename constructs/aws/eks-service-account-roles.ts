import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { Construct } from "../core";
import { accountOf } from "./account";
import { IrsaRole } from "./irsa-role";
import { loadBalancerControllerStatements } from "./load-balancer-controller-policy";

/** Namespace and service account of each controller, as their charts and add-ons name them. */
export const SERVICE_ACCOUNTS = {
  vpcCni: { namespace: "kube-system", serviceAccount: "aws-node" },
  ebsCsiDriver: { namespace: "kube-system", serviceAccount: "ebs-csi-controller-sa" },
  clusterAutoscaler: { namespace: "kube-system", serviceAccount: "cluster-autoscaler" },
  loadBalancerController: { namespace: "kube-system", serviceAccount: "aws-load-balancer-controller" },
} as const;

export interface EksServiceAccountRolesProps {
  /** Literal cluster name: role names, and the autoscaler's tag and node-group scoping. */
  readonly name: string;
  /** The stack's region, for the autoscaler's resource ARNs. */
  readonly region: string;
  readonly oidcProviderArn: string;
  readonly oidcIssuerUrl: string;
}

/**
 * IRSA roles for the cluster's controllers: the vpc-cni and EBS CSI add-ons (AWS managed policies),
 * the cluster autoscaler (scales only this cluster's tagged groups) and the AWS Load Balancer
 * Controller (upstream policy, see load-balancer-controller-policy.ts).
 */
export class EksServiceAccountRoles extends Construct {
  public readonly vpcCniRoleArn: string;
  public readonly ebsCsiDriverRoleArn: string;
  public readonly clusterAutoscalerRoleArn: string;
  public readonly loadBalancerControllerRoleArn: string;

  constructor(scope: Construct, id: string, props: EksServiceAccountRolesProps) {
    super(scope, id);
    const { partition, accountId } = accountOf(this);
    const oidc = { oidcProviderArn: props.oidcProviderArn, oidcIssuerUrl: props.oidcIssuerUrl };
    const managed = (path: string) => `arn:${partition}:iam::aws:policy/${path}`;

    this.vpcCniRoleArn = new IrsaRole(this, "VpcCni", {
      ...oidc,
      ...SERVICE_ACCOUNTS.vpcCni,
      namePrefix: `${props.name}-vpc-cni-`,
      description: `EKS ${props.name} vpc-cni (aws-node): assigns pod IPs`,
      managedPolicyArns: [managed("AmazonEKS_CNI_Policy")],
    }).roleArn;

    this.ebsCsiDriverRoleArn = new IrsaRole(this, "EbsCsiDriver", {
      ...oidc,
      ...SERVICE_ACCOUNTS.ebsCsiDriver,
      namePrefix: `${props.name}-ebs-csi-`,
      description: `EKS ${props.name} EBS CSI driver: creates and attaches volumes`,
      managedPolicyArns: [managed("service-role/AmazonEBSCSIDriverPolicy")],
    }).roleArn;

    const ownTag = `autoscaling:ResourceTag/k8s.io/cluster-autoscaler/${props.name}`;
    const autoscaler = new DataAwsIamPolicyDocument(this, "ClusterAutoscalerPolicy", {
      statement: [
        {
          sid: "Discover",
          effect: "Allow",
          actions: [
            "autoscaling:DescribeAutoScalingGroups",
            "autoscaling:DescribeAutoScalingInstances",
            "autoscaling:DescribeLaunchConfigurations",
            "autoscaling:DescribeScalingActivities",
            "autoscaling:DescribeTags",
            "ec2:DescribeImages",
            "ec2:DescribeInstanceTypes",
            "ec2:DescribeLaunchTemplateVersions",
            "ec2:GetInstanceTypesFromInstanceRequirements",
          ],
          resources: ["*"],
        },
        {
          sid: "DescribeOwnNodeGroups",
          effect: "Allow",
          actions: ["eks:DescribeNodegroup"],
          resources: [`arn:${partition}:eks:${props.region}:${accountId}:nodegroup/${props.name}/*/*`],
        },
        {
          sid: "ScaleOwnGroups",
          effect: "Allow",
          actions: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
          resources: [`arn:${partition}:autoscaling:${props.region}:${accountId}:autoScalingGroup:*`],
          condition: [
            { test: "StringEquals", variable: ownTag, values: ["owned"] },
            {
              test: "StringEquals",
              variable: "autoscaling:ResourceTag/k8s.io/cluster-autoscaler/enabled",
              values: ["true"],
            },
          ],
        },
      ],
    });
    this.clusterAutoscalerRoleArn = new IrsaRole(this, "ClusterAutoscaler", {
      ...oidc,
      ...SERVICE_ACCOUNTS.clusterAutoscaler,
      namePrefix: `${props.name}-autoscaler-`,
      description: `EKS ${props.name} cluster-autoscaler: scales this cluster's node groups`,
      policyJson: autoscaler.json,
    }).roleArn;

    const lbc = new DataAwsIamPolicyDocument(this, "LoadBalancerControllerPolicy", {
      statement: loadBalancerControllerStatements(partition),
    });
    this.loadBalancerControllerRoleArn = new IrsaRole(this, "LoadBalancerController", {
      ...oidc,
      ...SERVICE_ACCOUNTS.loadBalancerController,
      namePrefix: `${props.name}-lb-controller-`,
      description: `EKS ${props.name} AWS Load Balancer Controller: ALBs and NLBs for this cluster`,
      policyJson: lbc.json,
    }).roleArn;
  }
}
