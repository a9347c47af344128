import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { describe, expect, it } from "vitest";
import { EksSecurityGroups } from "../../../constructs/aws/eks-security-groups";
import { Testing } from "../../../constructs/core";
import { resourcesOf } from "../../helpers";

describe("EksSecurityGroups", () => {
  const out = Testing.synthScope(
    (scope) => new EksSecurityGroups(scope, "Groups", { name: "prod", vpcId: "vpc-1" }),
  );
  const ref = (group: string) =>
    expect.stringMatching(new RegExp(`^\\$\\{aws_security_group\\.Groups_${group}_\\w+\\.id\\}$`));

  it("creates a described cluster group and a node group tagged for the cluster", () => {
    expect(out).toHaveResourceWithProperties(SecurityGroup, {
      name_prefix: "prod-cluster-",
      description: "EKS prod control plane (additional)",
      vpc_id: "vpc-1",
      lifecycle: { create_before_destroy: true },
    });
    expect(out).toHaveResourceWithProperties(SecurityGroup, {
      name_prefix: "prod-node-",
      description: "EKS prod worker nodes",
      tags: { Name: "prod-node", "kubernetes.io/cluster/prod": "owned" },
    });
  });

  it.each([
    ["node to node, all traffic", "NodeSecurityGroup", "NodeSecurityGroup", "-1", undefined],
    ["nodes to the API server", "ClusterSecurityGroup", "NodeSecurityGroup", "tcp", 443],
    ["control plane to nodes, 443", "NodeSecurityGroup", "ClusterSecurityGroup", "tcp", 443],
    ["control plane to kubelet", "NodeSecurityGroup", "ClusterSecurityGroup", "tcp", 10250],
  ])("allows %s", (_what, target, source, protocol, port) => {
    expect(out).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      security_group_id: ref(target),
      referenced_security_group_id: ref(source),
      ip_protocol: protocol,
      ...(port === undefined ? {} : { from_port: port, to_port: port }),
      description: expect.any(String),
    });
  });

  it("has exactly those ingress rules, none from a CIDR, and node egress anywhere", () => {
    const ingress = Object.values(resourcesOf(out, "aws_vpc_security_group_ingress_rule"));
    expect(ingress).toHaveLength(4);
    for (const rule of ingress) {
      expect(rule).not.toHaveProperty("cidr_ipv4");
      expect(rule).not.toHaveProperty("cidr_ipv6");
      expect(String(rule.description).length).toBeGreaterThan(10);
    }
    expect(out).toHaveResourceWithProperties(VpcSecurityGroupEgressRule, {
      security_group_id: ref("NodeSecurityGroup"),
      cidr_ipv4: "0.0.0.0/0",
      ip_protocol: "-1",
      description: expect.stringContaining("Node egress"),
    });
    expect(Object.keys(resourcesOf(out, "aws_vpc_security_group_egress_rule"))).toHaveLength(1);
  });

  it("opens one rule per webhook port, describing everything served there", () => {
    const added = Testing.synthScope((scope) => {
      const groups = new EksSecurityGroups(scope, "Groups", { name: "prod", vpcId: "vpc-1" });
      groups.allowControlPlaneTo(9443, "ECK webhook");
      groups.allowControlPlaneTo(15017, "istiod injector");
      groups.allowControlPlaneTo(9443, "LBC webhooks");
      groups.allowControlPlaneTo(10250, "metrics-server");
    });
    const rules = Object.entries(resourcesOf(added, "aws_vpc_security_group_ingress_rule"));
    expect(rules).toHaveLength(6);
    const byPort = (port: number) => rules.filter(([, r]) => r.from_port === port && r.to_port === port);
    expect(byPort(9443).map(([id, r]) => [id.replace(/_[0-9A-F]{8}$/, ""), r.description])).toEqual([
      ["Groups_ClusterToNodePort9443", "Control plane to nodes on 9443: ECK webhook, LBC webhooks"],
    ]);
    expect(byPort(15017)[0]![1].referenced_security_group_id).toEqual(ref("ClusterSecurityGroup"));
    expect(byPort(10250)[0]![1].description).toBe(
      "Control plane to nodes on 10250: kubelet API (logs, exec, metrics), metrics-server",
    );
  });
});
