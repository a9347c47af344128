import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "../core";

/**
 * Ports the control plane opens on nodes: 443 (extension API servers), 10250 (kubelet: logs, exec,
 * metrics) and 9443 (admission webhooks, e.g. the AWS Load Balancer Controller's). Fixed IDs per port.
 */
export const CONTROL_PLANE_TO_NODE_PORTS = [
  { id: "ClusterToNodeHttps", port: 443, what: "extension API servers" },
  { id: "ClusterToNodeKubelet", port: 10250, what: "kubelet API (logs, exec, metrics)" },
  { id: "ClusterToNodeWebhooks", port: 9443, what: "admission webhooks (AWS Load Balancer Controller)" },
] as const;

export interface EksSecurityGroupsProps {
  /** Cluster name: group names and the `kubernetes.io/cluster/<name>` tag. */
  readonly name: string;
  /** VPC the groups belong to. */
  readonly vpcId: string;
}

/**
 * The cluster's additional security group (on the control-plane ENIs) and the node security group
 * (the only group on node ENIs, so pods using node ENIs get it too). Rules: node to node all traffic,
 * nodes to the API server on 443, control plane to nodes on {@link CONTROL_PLANE_TO_NODE_PORTS}, node
 * egress anywhere (ECR, STS, S3 through NAT). No ingress from any CIDR.
 */
export class EksSecurityGroups extends Construct {
  public readonly clusterSecurityGroupId: string;
  public readonly nodeSecurityGroupId: string;

  constructor(scope: Construct, id: string, props: EksSecurityGroupsProps) {
    super(scope, id);
    const group = (groupId: string, suffix: string, description: string, tags: Record<string, string>) =>
      new SecurityGroup(this, groupId, {
        namePrefix: `${props.name}-${suffix}-`,
        description,
        vpcId: props.vpcId,
        revokeRulesOnDelete: true,
        tags: { Name: `${props.name}-${suffix}`, ...tags },
        lifecycle: { createBeforeDestroy: true },
      });
    const cluster = group(
      "ClusterSecurityGroup",
      "cluster",
      `EKS ${props.name} control plane (additional)`,
      {},
    );
    // The AWS Load Balancer Controller expects exactly one group tagged for the cluster on each node ENI.
    const node = group("NodeSecurityGroup", "node", `EKS ${props.name} worker nodes`, {
      [`kubernetes.io/cluster/${props.name}`]: "owned",
    });

    new VpcSecurityGroupIngressRule(this, "NodeToNodeAll", {
      securityGroupId: node.id,
      referencedSecurityGroupId: node.id,
      ipProtocol: "-1",
      description: "Node to node, all protocols (pod networking, CoreDNS)",
    });
    new VpcSecurityGroupIngressRule(this, "NodeToClusterHttps", {
      securityGroupId: cluster.id,
      referencedSecurityGroupId: node.id,
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      description: "Nodes and pods to the Kubernetes API server",
    });
    for (const rule of CONTROL_PLANE_TO_NODE_PORTS) {
      new VpcSecurityGroupIngressRule(this, rule.id, {
        securityGroupId: node.id,
        referencedSecurityGroupId: cluster.id,
        ipProtocol: "tcp",
        fromPort: rule.port,
        toPort: rule.port,
        description: `Control plane to nodes on ${rule.port}: ${rule.what}`,
      });
    }
    new VpcSecurityGroupEgressRule(this, "NodeEgressAll", {
      securityGroupId: node.id,
      cidrIpv4: "0.0.0.0/0",
      ipProtocol: "-1",
      description: "Node egress: API server, ECR, STS, S3 and pulls through NAT",
    });
    // No egress rules on the cluster group: EKS's own cluster security group, also on the
    // control-plane ENIs, already allows all egress, and security groups are stateful.

    this.clusterSecurityGroupId = cluster.id;
    this.nodeSecurityGroupId = node.id;
  }
}
