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
});
