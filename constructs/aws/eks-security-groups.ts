import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct, Fn } from "../core";

/** The current element of a resource's `for_each`, as a Terraform expression. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform expression, not a JavaScript template
export const EACH_VALUE = "${each.value}";

/**
 * Ports the control plane always opens on nodes: 443 (extension API servers on the standard port)
 * and 10250 (kubelet: logs, exec, metrics). Webhook ports come from the installed charts through
 * {@link EksSecurityGroups.allowControlPlaneTo}.
 */
export const CONTROL_PLANE_TO_NODE_PORTS = [
  { id: "ClusterToNodeHttps", port: 443, what: "extension API servers" },
  { id: "ClusterToNodeKubelet", port: 10250, what: "kubelet API (logs, exec, metrics)" },
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
  /** Rules from the control plane to the nodes, by port, with what each port serves. */
  private readonly controlPlaneRules = new Map<
    number,
    { rule: VpcSecurityGroupIngressRule; what: string[] }
  >();

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
    this.clusterSecurityGroupId = cluster.id;
    this.nodeSecurityGroupId = node.id;
    for (const rule of CONTROL_PLANE_TO_NODE_PORTS) this.addControlPlaneRule(rule.id, rule.port, rule.what);
    new VpcSecurityGroupEgressRule(this, "NodeEgressAll", {
      securityGroupId: node.id,
      cidrIpv4: "0.0.0.0/0",
      ipProtocol: "-1",
      description: "Node egress: API server, ECR, STS, S3 and pulls through NAT",
    });
    // No egress rules on the cluster group: EKS's own cluster security group, also on the
    // control-plane ENIs, already allows all egress, and security groups are stateful.
  }

  /**
   * Admits the deployer's private ranges to the API server on 443: one rule keyed in state by its
   * CIDR (`for_each`), so adding or removing one range never touches the others.
   */
  public allowDeployers(cidrs: readonly string[]): VpcSecurityGroupIngressRule | undefined {
    if (cidrs.length === 0) return undefined;
    const rule = new VpcSecurityGroupIngressRule(this, "DeployerToClusterHttps", {
      securityGroupId: this.clusterSecurityGroupId,
      cidrIpv4: EACH_VALUE,
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      description: "Deployer (CI runner) to the Kubernetes API server",
    });
    rule.addOverride("for_each", Fn.toset([...cidrs]));
    return rule;
  }

  /**
   * Lets the control plane reach the nodes on `port` (a webhook or aggregated API served by a pod).
   * One rule per port, `ClusterToNodePort<port>`, whose description lists everything served there.
   * Returns the rule, which in-cluster installs must wait for.
   */
  public allowControlPlaneTo(port: number, what: string): VpcSecurityGroupIngressRule {
    return this.controlPlaneRules.get(port)
      ? this.describe(port, what)
      : this.addControlPlaneRule(`ClusterToNodePort${port}`, port, what);
  }

  private addControlPlaneRule(id: string, port: number, what: string): VpcSecurityGroupIngressRule {
    const rule = new VpcSecurityGroupIngressRule(this, id, {
      securityGroupId: this.nodeSecurityGroupId,
      referencedSecurityGroupId: this.clusterSecurityGroupId,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      description: `Control plane to nodes on ${port}: ${what}`,
    });
    this.controlPlaneRules.set(port, { rule, what: [what] });
    return rule;
  }

  private describe(port: number, what: string): VpcSecurityGroupIngressRule {
    const entry = this.controlPlaneRules.get(port)!;
    if (!entry.what.includes(what)) entry.what.push(what);
    entry.rule.description = `Control plane to nodes on ${port}: ${entry.what.join(", ")}`;
    return entry.rule;
  }
}
