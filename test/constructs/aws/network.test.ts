import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { describe, expect, it } from "vitest";
import { Network, type NetworkProps } from "../../../constructs/aws/network";
import { Testing } from "../../../constructs/core";
import { resourcesOf } from "../../helpers";

const props: NetworkProps = {
  name: "test",
  region: "eu-west-1",
  vpcCidr: "10.0.0.0/16",
  availabilityZones: ["eu-west-1a", "eu-west-1b"],
  publicSubnetCidrs: ["10.0.1.0/24", "10.0.2.0/24"],
  privateSubnetCidrs: ["10.0.10.0/24", "10.0.20.0/24"],
  databaseSubnetCidrs: ["10.0.100.0/24", "10.0.200.0/24"],
};

function synth(overrides: Partial<NetworkProps> = {}): string {
  return Testing.synthScope((scope) => new Network(scope, "Network", { ...props, ...overrides }));
}

describe("Network", () => {
  const out = synth();

  it("creates tiered subnets with load-balancer tags, keyed by zone", () => {
    expect(out).toHaveResourceWithProperties(Subnet, {
      cidr_block: "10.0.1.0/24",
      availability_zone: "eu-west-1a",
      map_public_ip_on_launch: false,
      tags: expect.objectContaining({ "kubernetes.io/role/elb": "1" }),
    });
    expect(out).toHaveResourceWithProperties(Subnet, {
      cidr_block: "10.0.20.0/24",
      tags: expect.objectContaining({ "kubernetes.io/role/internal-elb": "1" }),
    });
    const ids = Object.keys(resourcesOf(out, "aws_subnet")).map((k) => k.replace(/_[0-9A-F]{8}$/, ""));
    expect(ids.sort()).toEqual([
      "Network_DatabaseA",
      "Network_DatabaseB",
      "Network_PrivateA",
      "Network_PrivateB",
      "Network_PublicA",
      "Network_PublicB",
    ]);
  });

  it("gives database subnets no route to the internet", () => {
    const routes = Object.values(resourcesOf(out, "aws_route"));
    const dbTable = Object.keys(resourcesOf(out, "aws_route_table")).find((k) =>
      k.includes("DatabaseRouteTable"),
    );
    expect(dbTable).toBeDefined();
    expect(routes.filter((r) => String(r.route_table_id).includes(dbTable!))).toEqual([]);
    expect(out).toHaveResourceWithProperties(DbSubnetGroup, { name: "test-database" });
  });

  it.each([
    ["one-per-az", 2],
    ["single", 1],
  ] as const)("creates NAT gateways %s", (natGateways, count) => {
    expect(Object.keys(resourcesOf(synth({ natGateways }), "aws_nat_gateway"))).toHaveLength(count);
  });

  it("locks down the default security group and encrypts flow logs", () => {
    expect(out).toHaveResourceWithProperties(DefaultSecurityGroup, { ingress: [], egress: [] });
    expect(out).toHaveResourceWithProperties(FlowLog, {
      traffic_type: "ALL",
      log_destination_type: "cloud-watch-logs",
    });
    const groups = Object.values(resourcesOf(out, "aws_cloudwatch_log_group"));
    expect(groups[0]).toMatchObject({
      retention_in_days: 365,
      kms_key_id: expect.stringContaining("aws_kms_key"),
    });
  });

  it("rejects a subnet outside the VPC and overlapping subnets, naming each field", () => {
    expect(() => synth({ privateSubnetCidrs: ["10.1.10.0/24", "10.0.1.0/24"] })).toThrowError(
      /privateSubnetCidrs\[0\]: got "10.1.10.0\/24"; allowed: a block inside 10.0.0.0\/16[\s\S]*privateSubnetCidrs\[1\]: got "10.0.1.0\/24"; allowed: no overlap with 10.0.1.0\/24/,
    );
  });

  it("rejects a subnet count that does not match the zones", () => {
    expect(() => synth({ databaseSubnetCidrs: ["10.0.100.0/24"] })).toThrowError(
      /databaseSubnetCidrs: got \["10.0.100.0\/24"\]; allowed: one CIDR per zone \(2\)/,
    );
  });

  describe("pod range (custom networking)", () => {
    const pods = { podCidr: "100.64.0.0/16", podSubnetCidrs: ["100.64.0.0/17", "100.64.128.0/17"] };
    const withPods = synth(pods);

    it("adds a secondary CIDR and one pod subnet per zone, created after it and routed like the private one", () => {
      expect(withPods).toHaveResourceWithProperties(Subnet, {
        cidr_block: "100.64.128.0/17",
        availability_zone: "eu-west-1b",
        depends_on: [expect.stringMatching(/^aws_vpc_ipv4_cidr_block_association\.Network_PodCidr/)],
      });
      const [association] = Object.values(resourcesOf(withPods, "aws_vpc_ipv4_cidr_block_association"));
      expect(association).toMatchObject({ cidr_block: "100.64.0.0/16" });
      const routes = Object.entries(resourcesOf(withPods, "aws_route_table_association"));
      const podRoute = routes.find(([id]) => id.startsWith("Network_PodsRouteTableAssociationB"))![1];
      const privateRoute = routes.find(([id]) => id.startsWith("Network_PrivateRouteTableAssociationB"))![1];
      expect(podRoute.route_table_id).toBe(privateRoute.route_table_id);
      Testing.synthScope((scope) => {
        const n = new Network(scope, "Network", { ...props, ...pods });
        expect(n.podSubnets.map((p) => p.availabilityZone)).toEqual(["eu-west-1a", "eu-west-1b"]);
      });
    });

    it("adds nothing without a pod range", () => {
      expect(Object.keys(resourcesOf(out, "aws_vpc_ipv4_cidr_block_association"))).toEqual([]);
    });

    it.each([
      [
        { podCidr: "10.0.0.0/16", podSubnetCidrs: ["10.0.0.0/17", "10.0.128.0/17"] },
        /podCidr: got "10.0.0.0\/16"; allowed: an IPv4 CIDR block outside 10.0.0.0\/16/,
      ],
      [
        { podCidr: "100.64.0.0/16", podSubnetCidrs: ["100.64.0.0/17", "100.65.0.0/17"] },
        /podSubnetCidrs\[1\]: got "100.65.0.0\/17"; allowed: a block inside 100.64.0.0\/16/,
      ],
      [
        { podCidr: "100.64.0.0/16" },
        /podSubnetCidrs: got \[\]; allowed: pod subnets exactly when podCidr is set/,
      ],
    ] as [Partial<NetworkProps>, RegExp][])("rejects %j", (overrides, message) => {
      expect(() => synth(overrides)).toThrowError(message);
    });
  });
});
