import { Construct } from "../core";
import { ChartRelease } from "../k8s/chart-release";
import {
  AWS_REGION,
  EKS_CLUSTER_NAME,
  IAM_ROLE_ARN,
  isIntIn,
  SEMVER,
  tokenOr,
  VPC_ID,
} from "../k8s/k8s-checks";
import {
  RESTRICTED_CONTAINER,
  type ResourceRequirements,
  resourcesCheck,
  SYSTEM_NODE_SELECTOR,
  SYSTEM_TOLERATIONS,
  type Toleration,
} from "../k8s/observability-common";
import { Validator } from "../validation";
import { SERVICE_ACCOUNTS } from "./eks-service-account-roles";

/** The AWS EKS charts repository. */
export const EKS_CHARTS_REPOSITORY = "https://aws.github.io/eks-charts";
/**
 * Chart 1.14.1 deploys controller v2.14.1 (`public.ecr.aws/eks/aws-load-balancer-controller:v2.14.1`),
 * the release the IRSA policy in constructs/aws/load-balancer-controller-policy.ts is written for.
 * Pinned with `--version 1.14.1` in public install scripts; chart 3.x (controller v3) exists but needs
 * that policy reviewed first.
 */
export const LOAD_BALANCER_CONTROLLER_CHART_VERSION = "1.14.1";

/** Values of `aws-load-balancer-controller` this construct sets (stable/aws-load-balancer-controller/values.yaml). */
export interface LoadBalancerControllerValues {
  readonly clusterName: string;
  readonly region: string;
  readonly vpcId: string;
  readonly replicaCount: number;
  readonly serviceAccount: {
    readonly create: boolean;
    readonly name: string;
    readonly annotations: Readonly<Record<string, string>>;
  };
  readonly podDisruptionBudget: { readonly maxUnavailable: number };
  readonly priorityClassName: string;
  readonly defaultTargetType: "ip" | "instance";
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
  readonly resources: ResourceRequirements;
  readonly securityContext: typeof RESTRICTED_CONTAINER & { readonly runAsNonRoot: true };
}

export interface LoadBalancerControllerProps {
  /** The EKS cluster's name (tags the load balancers it creates). */
  readonly clusterName: string;
  readonly region: string;
  readonly vpcId: string;
  /** IRSA role for `kube-system/aws-load-balancer-controller`, created by the EKS construct. */
  readonly roleArn: string;
  /** @default LOAD_BALANCER_CONTROLLER_CHART_VERSION (1.14.1) */
  readonly version?: string;
  /**
   * Controller replicas (leader-elected); a PodDisruptionBudget lets one go at a time.
   * @default 2
   */
  readonly replicas?: number;
  /** @default - requests 100m/256Mi, limits 500m/512Mi */
  readonly resources?: ResourceRequirements;
}

/**
 * The AWS Load Balancer Controller on the system nodes: it provisions NLBs for `LoadBalancer` services
 * (such as the Istio ingress gateway) and ALBs for Ingresses, with its IRSA role.
 */
export class LoadBalancerController extends Construct {
  public readonly release: ChartRelease<LoadBalancerControllerValues>;
  public readonly namespace: string = SERVICE_ACCOUNTS.loadBalancerController.namespace;
  /** Must match the IRSA role's trust policy (constructs/aws/eks-service-account-roles.ts). */
  public readonly serviceAccountName: string = SERVICE_ACCOUNTS.loadBalancerController.serviceAccount;
  public readonly version: string;
  public readonly replicas: number;

  constructor(scope: Construct, id: string, props: LoadBalancerControllerProps) {
    super(scope, id);
    this.version = props.version ?? LOAD_BALANCER_CONTROLLER_CHART_VERSION;
    this.replicas = props.replicas ?? 2;
    new Validator(`LoadBalancerController ${this.node.path}`)
      .check(
        tokenOr(props.clusterName, EKS_CLUSTER_NAME),
        "clusterName",
        props.clusterName,
        "an EKS cluster name",
        "pass the EksCluster's clusterName",
      )
      .check(
        tokenOr(props.region, AWS_REGION),
        "region",
        props.region,
        "an AWS region such as eu-west-1",
        "pass the stack's region",
      )
      .check(
        tokenOr(props.vpcId, VPC_ID),
        "vpcId",
        props.vpcId,
        "a VPC ID (vpc-...)",
        "pass the network's networkId",
      )
      .check(
        tokenOr(props.roleArn, IAM_ROLE_ARN),
        "roleArn",
        props.roleArn,
        "an IAM role ARN",
        "pass the EksCluster's loadBalancerControllerRoleArn",
      )
      .check(
        SEMVER.test(this.version),
        "version",
        this.version,
        "an exact chart version",
        "pin the chart, e.g. 1.14.1",
      )
      .check(
        isIntIn(this.replicas, 1),
        "replicas",
        this.replicas,
        "an integer >= 1",
        "use 2 so a node drain keeps one controller",
      )
      .check(...resourcesCheck("resources", props.resources))
      .throwIfAny();

    const resources = props.resources ?? {
      requests: { cpu: "100m", memory: "256Mi" },
      limits: { cpu: "500m", memory: "512Mi" },
    };
    this.release = new ChartRelease<LoadBalancerControllerValues>(this, "Controller", {
      releaseName: "aws-load-balancer-controller",
      namespace: this.namespace,
      chart: {
        repository: EKS_CHARTS_REPOSITORY,
        chart: "aws-load-balancer-controller",
        version: this.version,
        controlPlaneTargets: [{ port: 9443, what: "AWS Load Balancer Controller webhooks" }],
      },
      createNamespace: false,
      systemPods: {
        pinned: [{ what: "aws-load-balancer-controller", pods: this.replicas, requests: resources.requests }],
      },
      values: {
        clusterName: props.clusterName,
        region: props.region,
        vpcId: props.vpcId,
        replicaCount: this.replicas,
        serviceAccount: {
          create: true,
          name: this.serviceAccountName,
          annotations: { "eks.amazonaws.com/role-arn": props.roleArn },
        },
        podDisruptionBudget: { maxUnavailable: 1 },
        priorityClassName: "system-cluster-critical",
        defaultTargetType: "ip",
        nodeSelector: SYSTEM_NODE_SELECTOR,
        tolerations: SYSTEM_TOLERATIONS,
        resources,
        securityContext: { ...RESTRICTED_CONTAINER, runAsNonRoot: true },
      },
    });
  }
}
