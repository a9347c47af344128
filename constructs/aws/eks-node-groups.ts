import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EksNodeGroup, type EksNodeGroupTaint } from "@cdktf/provider-aws/lib/eks-node-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KmsGrant } from "@cdktf/provider-aws/lib/kms-grant";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Construct, dependOn, type TerraformResource, Token } from "../core";
import { Validator } from "../validation";
import { accountOf } from "./account";
import {
  type ApplicationNodeGroupConfig,
  type CapacitySplit,
  checkNodeGroups,
  type NodeCount,
  type SystemNodeGroupConfig,
  splitCapacity,
} from "./eks-capacity";
import { KmsKey } from "./kms-key";

/** Amazon Linux 2023, x86_64: the EKS-optimized AMI for 1.33+ (AL2 images end with 1.32). */
/** The name prefix of a cluster's node role, which other stacks may match by name (`<cluster>-node-`). */
export function nodeRoleNamePrefix(clusterName: string): string {
  return `${clusterName}-node-`;
}

export const NODE_AMI_TYPE = "AL2023_x86_64_STANDARD";
/** Taint that keeps everything but critical add-ons (CoreDNS, EBS CSI controller) off system nodes. */
export const SYSTEM_TAINT: EksNodeGroupTaint = {
  key: "CriticalAddonsOnly",
  value: "true",
  effect: "NO_SCHEDULE",
};

/** One managed node group, as the construct builds it. */
interface GroupSpec {
  readonly template: LaunchTemplate;
  readonly counts: NodeCount;
  readonly capacityType: "ON_DEMAND" | "SPOT";
  readonly instanceTypes: readonly string[];
  readonly labels: Record<string, string>;
  /** Application groups are untainted; the scheduler spreads over them by labels and requests. */
  readonly taint?: EksNodeGroupTaint[];
}

export interface EksNodeGroupsProps {
  /** Literal cluster name: resource names and the cluster-autoscaler tag key. */
  readonly name: string;
  /** The cluster's name attribute (a reference, so Terraform orders creation). */
  readonly clusterName: string;
  /** The cluster's Kubernetes version; node groups follow it on upgrade. */
  readonly kubernetesVersion: string;
  /** Private subnets the nodes launch in. */
  readonly subnetIds: string[];
  /** The node security group, the only group on node ENIs. */
  readonly nodeSecurityGroupId: string;
  /**
   * More security groups for node ENIs, e.g. the data-clients group that the databases admit.
   * @default []
   */
  readonly additionalSecurityGroupIds?: readonly string[];
  readonly system: SystemNodeGroupConfig;
  readonly application: ApplicationNodeGroupConfig;
  /**
   * Root volume size of every node.
   * @default 50
   */
  readonly rootVolumeSizeGiB?: number;
  /**
   * Protect the node-volume key from `terraform destroy`.
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * Resources the node groups wait for: the vpc-cni and kube-proxy add-ons, so nodes turn Ready.
   * @default - none
   */
  readonly dependsOn?: readonly TerraformResource[];
}

/**
 * The node IAM role, a KMS key for root volumes, one launch template per role (IMDSv2 only with hop
 * limit 1, encrypted gp3 root, no public IP, the node security group) and the managed node groups:
 * `System` (on demand, tainted) and the application capacity as `ApplicationOnDemand` and
 * `ApplicationSpot` (see {@link splitCapacity}). The autoscaler owns `desired_size` after creation.
 */
export class EksNodeGroups extends Construct {
  public readonly nodeRoleArn: string;
  public readonly volumeKeyArn: string;
  public readonly rootVolumeSizeGiB: number;
  /** The application capacity as created: on-demand and spot counts, a group absent when undefined. */
  public readonly applicationSplit: CapacitySplit;
  public readonly systemNodeGroup: EksNodeGroup;
  public readonly applicationOnDemandNodeGroup?: EksNodeGroup;
  public readonly applicationSpotNodeGroup?: EksNodeGroup;

  constructor(scope: Construct, id: string, props: EksNodeGroupsProps) {
    super(scope, id);
    this.rootVolumeSizeGiB = props.rootVolumeSizeGiB ?? 50;
    const v = new Validator(`EksNodeGroups ${this.node.path}`);
    checkNodeGroups(v, props.system, props.application, this.rootVolumeSizeGiB);
    v.throwIfAny();
    this.applicationSplit = splitCapacity(props.application, props.application.spotPercent);

    const account = accountOf(this);
    const assume = new DataAwsIamPolicyDocument(this, "NodeAssumeRole", {
      statement: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }],
        },
      ],
    });
    const role = new IamRole(this, "NodeRole", {
      namePrefix: nodeRoleNamePrefix(props.name),
      description: `EKS ${props.name} worker nodes`,
      assumeRolePolicy: assume.json,
    });
    // No AmazonEKS_CNI_Policy here: the vpc-cni add-on has its own IRSA role, so pods cannot borrow it.
    const attachments = (
      [
        ["WorkerNodePolicy", "AmazonEKSWorkerNodePolicy"],
        ["RegistryReadOnlyPolicy", "AmazonEC2ContainerRegistryReadOnly"],
        ["SsmManagedInstanceCorePolicy", "AmazonSSMManagedInstanceCore"],
      ] as const
    ).map(
      ([attachmentId, policy]) =>
        new IamRolePolicyAttachment(this, attachmentId, {
          role: role.name,
          policyArn: `arn:${account.partition}:iam::aws:policy/${policy}`,
        }),
    );

    const key = new KmsKey(this, "VolumeKey", {
      description: `EKS ${props.name} node root volumes`,
      alias: `alias/${props.name}/eks-node-volumes`,
      preventDestroy: props.preventDestroy,
    });
    // Managed node groups launch through an Auto Scaling group, whose service-linked role needs the key.
    const grant = new KmsGrant(this, "VolumeKeyAutoscalingGrant", {
      name: `${props.name}-eks-node-volumes`,
      keyId: key.keyId,
      granteePrincipal: `arn:${account.partition}:iam::${account.accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
      operations: [
        "Encrypt",
        "Decrypt",
        "ReEncryptFrom",
        "ReEncryptTo",
        "GenerateDataKey",
        "GenerateDataKeyWithoutPlaintext",
        "DescribeKey",
        "CreateGrant",
      ],
    });

    const launchTemplate = (templateId: string, suffix: string) =>
      new LaunchTemplate(this, templateId, {
        namePrefix: `${props.name}-${suffix}-`,
        description: `EKS ${props.name} ${suffix} nodes: IMDSv2 only, encrypted gp3 root, no public IP`,
        updateDefaultVersion: true,
        metadataOptions: {
          httpEndpoint: "enabled",
          httpTokens: "required",
          httpPutResponseHopLimit: 1,
          instanceMetadataTags: "disabled",
        },
        blockDeviceMappings: [
          {
            deviceName: "/dev/xvda",
            ebs: {
              volumeSize: this.rootVolumeSizeGiB,
              volumeType: "gp3",
              encrypted: "true",
              kmsKeyId: key.keyArn,
              deleteOnTermination: "true",
            },
          },
        ],
        networkInterfaces: [
          {
            deviceIndex: 0,
            associatePublicIpAddress: "false",
            deleteOnTermination: "true",
            securityGroups: [props.nodeSecurityGroupId, ...(props.additionalSecurityGroupIds ?? [])],
          },
        ],
        tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({
          resourceType,
          tags: { Name: `${props.name}-${suffix}` },
        })),
        lifecycle: { createBeforeDestroy: true },
      });

    const nodeGroup = (groupId: string, suffix: string, g: GroupSpec) => {
      const group = new EksNodeGroup(this, groupId, {
        clusterName: props.clusterName,
        nodeGroupNamePrefix: `${props.name}-${suffix}-`,
        version: props.kubernetesVersion,
        nodeRoleArn: role.arn,
        subnetIds: props.subnetIds,
        amiType: NODE_AMI_TYPE,
        capacityType: g.capacityType,
        instanceTypes: [...g.instanceTypes],
        scalingConfig: {
          minSize: g.counts.minSize,
          desiredSize: g.counts.desiredSize,
          maxSize: g.counts.maxSize,
        },
        updateConfig: { maxUnavailable: 1 },
        nodeRepairConfig: { enabled: true },
        labels: g.labels,
        taint: g.taint,
        launchTemplate: { id: g.template.id, version: Token.asString(g.template.latestVersion) },
        // Cluster-autoscaler auto-discovery tags. EKS puts the same pair on the Auto Scaling group it
        // creates (node-group tags are not copied there), which is what the autoscaler's IAM condition checks.
        tags: {
          Name: `${props.name}-${suffix}`,
          "k8s.io/cluster-autoscaler/enabled": "true",
          [`k8s.io/cluster-autoscaler/${props.name}`]: "owned",
        },
        lifecycle: { createBeforeDestroy: true, ignoreChanges: ["scaling_config[0].desired_size"] },
      });
      dependOn(group, [...attachments, grant, ...(props.dependsOn ?? [])]);
      return group;
    };

    this.systemNodeGroup = nodeGroup("SystemNodeGroup", "system", {
      template: launchTemplate("SystemLaunchTemplate", "system"),
      counts: props.system,
      capacityType: "ON_DEMAND",
      instanceTypes: [props.system.instanceType],
      labels: { "node-role": "system" },
      taint: [SYSTEM_TAINT],
    });
    const { onDemand, spot } = this.applicationSplit;
    const appTemplate = launchTemplate("ApplicationLaunchTemplate", "app");
    if (onDemand) {
      this.applicationOnDemandNodeGroup = nodeGroup("ApplicationOnDemandNodeGroup", "app-ondemand", {
        template: appTemplate,
        counts: onDemand,
        capacityType: "ON_DEMAND",
        instanceTypes: [props.application.instanceType],
        labels: { "node-role": "application", capacity: "on-demand" },
      });
    }
    if (spot) {
      this.applicationSpotNodeGroup = nodeGroup("ApplicationSpotNodeGroup", "app-spot", {
        template: appTemplate,
        counts: spot,
        capacityType: "SPOT",
        instanceTypes: props.application.spotInstanceTypes,
        labels: { "node-role": "application", capacity: "spot" },
      });
    }
    this.nodeRoleArn = role.arn;
    this.volumeKeyArn = key.keyArn;
  }
}
