/**
 * DataClientsGroup: the security group that marks a workload as a data-tier client, with one egress
 * rule per data-store port inside the VPC, and its validation of the port map.
 */
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { describe, expect, it } from "vitest";
import { DataClientsGroup, type DataClientsGroupProps } from "../../../constructs/aws/data-clients-group";
import { TerraformOutput, Testing } from "../../../constructs/core";
import { errorOf, logicalIds, problem, resourceById, resourcesOf } from "../../helpers";

const props: DataClientsGroupProps = {
  name: "prod",
  vpcId: "vpc-0123456789abcdef0",
  vpcCidr: "10.20.0.0/16",
  ports: { Postgres: 5432, Redis: 6379 },
};

function synth(overrides: Partial<DataClientsGroupProps> = {}): string {
  return Testing.synthScope((scope) => {
    const group = new DataClientsGroup(scope, "DataClients", { ...props, ...overrides });
    new TerraformOutput(scope, "GroupId", { value: group.securityGroupId });
  });
}

describe("DataClientsGroup", () => {
  const out = synth();

  it("creates one security group in the VPC, replaced before it is destroyed", () => {
    expect(logicalIds(out, "aws_security_group")).toEqual(["DataClients_SecurityGroup"]);
    expect(out).toHaveResourceWithProperties(SecurityGroup, {
      name_prefix: "prod-data-clients-",
      description: "prod: members may reach the data tier (5432, 6379)",
      vpc_id: "vpc-0123456789abcdef0",
      revoke_rules_on_delete: true,
      tags: { Name: "prod-data-clients" },
      lifecycle: { create_before_destroy: true },
    });
  });

  it("exposes the group's id for the data stores and the clusters", () => {
    const outputs = (JSON.parse(out) as { output: Record<string, { value: unknown }> }).output;
    expect(outputs.GroupId!.value).toMatch(
      /^\$\{aws_security_group\.DataClients_SecurityGroup_[0-9A-F]{8}\.id\}$/,
    );
  });

  it("allows egress only to each store's port, only inside the VPC, with no ingress", () => {
    expect(logicalIds(out, "aws_vpc_security_group_egress_rule")).toEqual([
      "DataClients_EgressPostgres",
      "DataClients_EgressRedis",
    ]);
    for (const [label, port] of [
      ["Postgres", 5432],
      ["Redis", 6379],
    ] as const) {
      expect(resourceById(out, "aws_vpc_security_group_egress_rule", `DataClients_Egress${label}`)).toEqual({
        security_group_id: expect.stringMatching(
          /aws_security_group\.DataClients_SecurityGroup_[0-9A-F]{8}\.id/,
        ),
        description: `${label} inside the VPC`,
        ip_protocol: "tcp",
        from_port: port,
        to_port: port,
        cidr_ipv4: "10.20.0.0/16",
      });
    }
    expect(resourcesOf(out, "aws_vpc_security_group_ingress_rule")).toEqual({});
    expect(resourceById(out, "aws_security_group", "DataClients_SecurityGroup")).not.toHaveProperty(
      "ingress",
    );
  });

  it("names each rule after its label, so adding a store leaves the others' addresses alone", () => {
    const more = synth({ ports: { Postgres: 5432, Redis: 6379, Opensearch: 443 } });
    expect(logicalIds(more, "aws_vpc_security_group_egress_rule")).toEqual([
      "DataClients_EgressOpensearch",
      "DataClients_EgressPostgres",
      "DataClients_EgressRedis",
    ]);
    expect(Object.keys(resourcesOf(more, "aws_vpc_security_group_egress_rule"))).toEqual(
      expect.arrayContaining(Object.keys(resourcesOf(out, "aws_vpc_security_group_egress_rule"))),
    );
  });

  describe("validation", () => {
    it.each([
      ["a lower-case label", { postgres: 5432 }, "ports.postgres", "postgres", "a PascalCase label"],
      ["a label with a dash", { "Post-gres": 5432 }, "ports.Post-gres", "Post-gres", "a PascalCase label"],
      ["port 0", { Postgres: 0 }, "ports.Postgres", 0, "a TCP port 1..65535"],
      ["port 65536", { Postgres: 65536 }, "ports.Postgres", 65536, "a TCP port 1..65535"],
      ["a fractional port", { Postgres: 5432.5 }, "ports.Postgres", 5432.5, "a TCP port 1..65535"],
      ["no ports", {}, "ports", {}, "at least one port"],
    ])("rejects %s", (_case, ports, field, value, allowed) => {
      expect(errorOf(() => synth({ ports }))).toContain(problem(field, value, allowed));
    });

    it("accepts the port range's ends", () => {
      expect(() => synth({ ports: { Low: 1, High: 65535 } })).not.toThrow();
    });

    it("reports every problem at once, naming the construct", () => {
      const message = errorOf(() => synth({ ports: { redis: 0, Postgres: 70000 } }));
      expect(message).toMatch(/^DataClientsGroup .*DataClients: 3 invalid prop\(s\)/);
      expect(message).toContain("hint: labels name logical IDs");
      expect(message).toContain("hint: use the store's port");
    });
  });
});
