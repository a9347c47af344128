/**
 * The site-to-site VPN between production's clouds, step by step as the README brings it up: the
 * gateways alone (the shipped prod.json), then AWS's tunnels once the Azure gateway's address is in
 * the config, then Azure's connections once AWS's tunnel addresses are. Each step changes only its own
 * cloud's stack, routes reach the other cloud's database subnet only, and the schema refuses the steps
 * out of order.
 */
import { describe, expect, it } from "vitest";
import { azureSubnetCidrsOf } from "../../constructs/azure/subnet-layout";
import { ConfigError } from "../../environments/errors";
import { parseEnvironments } from "../../environments/load";
import { synthApp } from "../../stacks/app";
import { loadRaw, setPath } from "../environments/fixtures";
import { readStack, resourcesOf, tempDir } from "../helpers";

const AZURE_GATEWAY_IP = "198.51.100.20";
const AWS_TUNNELS = ["198.51.100.30", "198.51.100.31"];

function synthProd(doc: Record<string, unknown>): (stack: string) => Record<string, unknown> {
  const outdir = tempDir("interconnect");
  synthApp(parseEnvironments(new Map([["prod.json", doc]])), outdir);
  return (stack) => readStack(outdir, stack);
}

function problemsOf(doc: Record<string, unknown>): string {
  try {
    parseEnvironments(new Map([["prod.json", doc]]));
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  return "";
}

/** A stack's resources without cdktf's metadata, for before/after comparison. */
function resources(doc: Record<string, unknown>): unknown {
  return doc.resource;
}

describe("the interconnect, step by step", () => {
  const raw = loadRaw("prod");
  // setPath edits in place: each step and case starts from its own copy.
  const edit = (doc: Record<string, unknown>, path: string, value: unknown) =>
    setPath(structuredClone(doc), path, value);
  const step1 = synthProd(raw);
  const withGateway = edit(raw, "azure.interconnect.azureGatewayIp", AZURE_GATEWAY_IP);
  const step2 = synthProd(withGateway);
  const step3 = synthProd(edit(withGateway, "azure.interconnect.awsTunnelAddresses", AWS_TUNNELS));
  const azureDatabase = azureSubnetCidrsOf("10.1.0.0/16").database;

  it("step 1: each cloud creates its gateway and nothing that needs the other's address", () => {
    expect(Object.keys(resourcesOf(step1("prod"), "aws_vpn_gateway"))).toHaveLength(1);
    expect(resourcesOf(step1("prod"), "aws_vpn_connection")).toEqual({});
    expect(Object.keys(resourcesOf(step1("prod-azure"), "azurerm_virtual_network_gateway"))).toHaveLength(1);
    expect(resourcesOf(step1("prod-azure"), "azurerm_virtual_network_gateway_connection")).toEqual({});
  });

  it("step 2: AWS's tunnels to the Azure gateway, routed from the database subnets to Azure's database subnet only", () => {
    const prod = step2("prod");
    expect(Object.values(resourcesOf(prod, "aws_customer_gateway"))).toEqual([
      expect.objectContaining({ ip_address: AZURE_GATEWAY_IP }),
    ]);
    const routes = Object.values(resourcesOf(prod, "aws_route")).filter(
      (r) => typeof r.gateway_id === "string" && r.gateway_id.includes("aws_vpn_gateway"),
    );
    expect(routes.map((r) => r.destination_cidr_block)).toEqual([azureDatabase]);
    expect(routes[0]!.route_table_id).toMatch(/aws_route_table\.Network_DatabaseRouteTable_/);
    // Azure's side is untouched by AWS's step.
    expect(resources(step2("prod-azure"))).toEqual(resources(step1("prod-azure")));
  });

  it("step 3: Azure's connections to both AWS tunnels; AWS untouched", () => {
    const connections = Object.values(resourcesOf(step3("prod-azure"), "azurerm_local_network_gateway")).map(
      (l) => [l.gateway_address, l.address_space],
    );
    expect(connections).toEqual(AWS_TUNNELS.map((ip) => [ip, ["10.0.100.0/24", "10.0.200.0/24"]]));
    expect(resources(step3("prod"))).toEqual(resources(step2("prod")));
  });

  it("admits the other cloud's database subnet to each database, on PostgreSQL's port only", () => {
    const ingress = Object.values(resourcesOf(step1("prod"), "aws_vpc_security_group_ingress_rule")).filter(
      (r) => r.cidr_ipv4 === azureDatabase,
    );
    expect(ingress).toEqual([
      expect.objectContaining({ from_port: 5432, to_port: 5432, ip_protocol: "tcp" }),
    ]);
    // The fail-back direction: the AWS database's group has no other egress.
    const egress = Object.values(resourcesOf(step1("prod"), "aws_vpc_security_group_egress_rule")).filter(
      (r) => r.cidr_ipv4 === azureDatabase,
    );
    expect(egress).toEqual([
      expect.objectContaining({
        from_port: 5432,
        to_port: 5432,
        ip_protocol: "tcp",
        security_group_id: expect.stringMatching(/aws_security_group\.Database_SecurityGroup/),
      }),
    ]);
    const nsg = Object.values(resourcesOf(step1("prod-azure"), "azurerm_network_security_rule")).filter((r) =>
      String(r.name).startsWith("allow-aws-database"),
    );
    expect(nsg.map((r) => [r.source_address_prefix, r.destination_port_range])).toEqual([
      ["10.0.100.0/24", "5432"],
      ["10.0.200.0/24", "5432"],
    ]);
  });

  it("refuses the steps out of order, a gateway subnet on a tier, and an interconnect without AWS", () => {
    expect(problemsOf(edit(raw, "azure.interconnect.awsTunnelAddresses", AWS_TUNNELS))).toContain(
      "azure.interconnect.awsTunnelAddresses",
    );
    expect(problemsOf(edit(raw, "azure.interconnect.azureGatewayIp", "10.1.0.4"))).toContain(
      "azure.interconnect.azureGatewayIp",
    );
    expect(problemsOf(edit(raw, "azure.interconnect.gatewaySubnetCidr", "10.1.100.0/27"))).toContain(
      "azure.interconnect.gatewaySubnetCidr",
    );
    expect(problemsOf(setPath(edit(raw, "aws", undefined), "edge", undefined))).toContain(
      "an interconnect only with an aws section",
    );
  });
});
