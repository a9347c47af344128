import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { describe, expect, it } from "vitest";
import { AzureNetwork, type AzureNetworkProps, allowRangeInto } from "../../../constructs/azure/network";
import { Testing } from "../../../constructs/core";
import { resourcesOf } from "../../helpers";
import { byId, errorOf, idsOf, outputsOf, policyFindings, problem, refTo, synthWith } from "./azure-fixtures";

const RG = { resourceGroupName: "acme-prod", location: "westeurope" } as const;
const props: AzureNetworkProps = { name: "acme-prod", resourceGroup: RG };

function synth(overrides: Partial<AzureNetworkProps> = {}): string {
  return Testing.synthScope((scope) => new AzureNetwork(scope, "Network", { ...props, ...overrides }));
}

/** The inbound rules of one tier's NSG, by rule name. */
function rulesOf(out: string, tier: string): Record<string, Record<string, unknown>> {
  const nsg = refTo(out, "azurerm_network_security_group", `Network_${tier}Nsg`, "name");
  return Object.fromEntries(
    Object.values(resourcesOf(out, "azurerm_network_security_rule"))
      .filter((r) => r.network_security_group_name === nsg)
      .map((r) => [String(r.name), r]),
  );
}

describe("AzureNetwork", () => {
  const out = synth();

  it("creates the VNet in the resource group's region with the default 10.1.0.0/16", () => {
    expect(out).toHaveResourceWithProperties(VirtualNetwork, {
      name: "acme-prod-vnet",
      resource_group_name: "acme-prod",
      location: "westeurope",
      address_space: ["10.1.0.0/16"],
    });
  });

  it("carves one subnet per tier like the AWS layout, keyed by tier", () => {
    const cidrs = Object.fromEntries(
      Object.values(resourcesOf(out, "azurerm_subnet")).map((s) => [s.name, s.address_prefixes]),
    );
    expect(cidrs).toEqual({
      gateway: ["10.1.1.0/24"],
      nodes: ["10.1.10.0/23"],
      endpoints: ["10.1.50.0/24"],
      database: ["10.1.100.0/24"],
    });
    expect(idsOf(out, "azurerm_subnet")).toEqual([
      "Network_DatabaseSubnet",
      "Network_EndpointsSubnet",
      "Network_GatewaySubnet",
      "Network_NodesSubnet",
    ]);
  });

  it("carves the same layout from another /16, and takes subnets given explicitly", () => {
    const other = synth({ addressSpace: "10.7.0.0/16", subnetCidrs: { nodes: "10.7.16.0/20" } });
    expect(byId(other, "azurerm_subnet", "Network_GatewaySubnet").address_prefixes).toEqual(["10.7.1.0/24"]);
    expect(byId(other, "azurerm_subnet", "Network_NodesSubnet").address_prefixes).toEqual(["10.7.16.0/20"]);
  });

  it("delegates the database subnet to PostgreSQL flexible servers and nothing else", () => {
    expect(byId(out, "azurerm_subnet", "Network_DatabaseSubnet").delegation).toEqual([
      {
        name: "postgres-flexible-servers",
        service_delegation: {
          name: "Microsoft.DBforPostgreSQL/flexibleServers",
          actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"],
        },
      },
    ]);
    for (const tier of ["Gateway", "Nodes", "Endpoints"]) {
      expect(byId(out, "azurerm_subnet", `Network_${tier}Subnet`)).toMatchObject({
        default_outbound_access_enabled: false,
      });
      expect(byId(out, "azurerm_subnet", `Network_${tier}Subnet`).delegation).toBeUndefined();
    }
  });

  it("enforces NSG rules on private endpoints", () => {
    expect(out).toHaveResourceWithProperties(Subnet, {
      name: "endpoints",
      private_endpoint_network_policies: "Enabled",
    });
  });

  it("puts an NSG on every subnet and hands out subnet ids through the association", () => {
    expect(idsOf(out, "azurerm_subnet_network_security_group_association")).toHaveLength(4);
    const outputs = outputsOf(
      synthWith((scope) => {
        const n = new AzureNetwork(scope, "Network", props);
        return {
          gateway: n.gatewaySubnetId,
          nodes: n.nodeSubnetId,
          endpoints: n.privateEndpointSubnetId,
          database: n.databaseSubnetId,
        };
      }),
    );
    for (const tier of ["gateway", "nodes", "endpoints", "database"]) {
      expect(outputs[tier]).toBe(
        refTo(
          out,
          "azurerm_subnet_network_security_group_association",
          `Network_${tier[0]!.toUpperCase()}${tier.slice(1)}NsgAssociation`,
          "subnet_id",
        ),
      );
    }
  });

  it("admits the Internet only on TCP 80/443 to the gateway subnet, whose NSG is tagged as the public load balancer's", () => {
    expect(rulesOf(out, "Gateway")["allow-internet-web"]).toMatchObject({
      priority: 100,
      access: "Allow",
      protocol: "Tcp",
      source_address_prefix: "Internet",
      destination_port_ranges: ["80", "443"],
    });
    expect(out).toHaveResourceWithProperties(NetworkSecurityGroup, {
      name: "acme-prod-gateway-nsg",
      tags: { tier: "gateway", exposure: "public-load-balancer" },
    });
    for (const tier of ["Nodes", "Endpoints", "Database"]) {
      const allowsInternet = Object.values(rulesOf(out, tier)).filter(
        (r) => r.access === "Allow" && r.source_address_prefix === "Internet",
      );
      expect(allowsInternet).toEqual([]);
      expect(byId(out, "azurerm_network_security_group", `Network_${tier}Nsg`).tags).not.toHaveProperty(
        "exposure",
      );
    }
  });

  it("moves the public ingress rule and tag to the node subnet when the nodes are the load balancer's backends", () => {
    const nodes = synth({ publicIngressSubnet: "nodes" });
    expect(rulesOf(nodes, "Nodes")["allow-internet-web"]).toMatchObject({
      destination_port_ranges: ["80", "443"],
    });
    expect(rulesOf(nodes, "Gateway")["allow-internet-web"]).toBeUndefined();
    expect(byId(nodes, "azurerm_network_security_group", "Network_NodesNsg").tags).toEqual({
      tier: "nodes",
      exposure: "public-load-balancer",
    });
  });

  it("admits load balancer probes and the overlay pod range on the node-bearing subnets", () => {
    for (const tier of ["Gateway", "Nodes"]) {
      expect(rulesOf(out, tier)["allow-azure-load-balancer"]).toMatchObject({
        source_address_prefix: "AzureLoadBalancer",
        access: "Allow",
      });
      expect(rulesOf(out, tier)["allow-pods"]).toMatchObject({
        source_address_prefix: "100.64.0.0/16",
        protocol: "*",
        access: "Allow",
      });
    }
  });

  it("admits only the node subnet (and trusted ranges) to the database and the private endpoints, on their ports", () => {
    const trusted = synth({ trustedClientCidrs: ["10.200.0.0/24"] });
    expect(rulesOf(trusted, "Database")["allow-clients"]).toMatchObject({
      protocol: "Tcp",
      source_address_prefixes: ["10.1.10.0/23", "10.200.0.0/24"],
      destination_address_prefix: "10.1.100.0/24",
      destination_port_range: "5432",
    });
    expect(rulesOf(out, "Endpoints")["allow-clients"]).toMatchObject({
      source_address_prefix: "10.1.10.0/23",
      destination_address_prefix: "10.1.50.0/24",
      destination_port_ranges: ["443", "10000"],
    });
    expect(rulesOf(out, "Database")["allow-subnet"]).toMatchObject({
      source_address_prefix: "10.1.100.0/24",
      destination_address_prefix: "10.1.100.0/24",
    });
    for (const tier of ["Database", "Endpoints"]) {
      expect(rulesOf(out, tier)["deny-virtual-network"]).toMatchObject({
        priority: 4000,
        access: "Deny",
        source_address_prefix: "VirtualNetwork",
      });
    }
    for (const tier of ["Gateway", "Nodes", "Database", "Endpoints"]) {
      expect(rulesOf(out, tier)["deny-internet"]).toMatchObject({ priority: 4096, access: "Deny" });
    }
  });

  it("creates the private DNS zones, each linked to the VNet without auto-registration", () => {
    const zones = Object.values(resourcesOf(out, "azurerm_private_dns_zone")).map((z) => z.name);
    expect(zones.sort()).toEqual([
      "acme-prod.private.postgres.database.azure.com",
      "privatelink.azurecr.io",
      "privatelink.blob.core.windows.net",
      "privatelink.redis.azure.net",
      "privatelink.vaultcore.azure.net",
    ]);
    const vnet = refTo(out, "azurerm_virtual_network", "Network_VirtualNetwork", "id");
    const links = Object.values(resourcesOf(out, "azurerm_private_dns_zone_virtual_network_link"));
    expect(links).toHaveLength(5);
    for (const link of links)
      expect(link).toMatchObject({ virtual_network_id: vnet, registration_enabled: false });
  });

  it("implements INetwork: the gateway, node and database subnets, no pod subnets, the pod range for AKS", () => {
    Testing.synthScope((scope) => {
      const n = new AzureNetwork(scope, "Network", props);
      expect(n.cidr).toBe("10.1.0.0/16");
      expect(n.publicSubnetIds).toEqual([n.gatewaySubnetId]);
      expect(n.privateSubnetIds).toEqual([n.nodeSubnetId]);
      expect(n.databaseSubnetIds).toEqual([n.databaseSubnetId]);
      expect(n.podSubnets).toBeUndefined();
      expect(n.podCidr).toBe("100.64.0.0/16");
      expect(n.location).toBe("westeurope");
      expect(Object.keys(n.privateDnsZoneIds).sort()).toEqual([
        "blob",
        "postgres",
        "redisEnterprise",
        "registry",
        "vault",
      ]);
    });
  });

  it.each(["production", "development"] as const)("passes every policy rule (%s)", async (tier) => {
    expect(await policyFindings(out, tier)).toEqual([]);
    expect(await policyFindings(synth({ publicIngressSubnet: "nodes" }), tier)).toEqual([]);
  });

  it("would fail PLAT-SG-005 without the public load balancer tag (the policy sees the rule)", async () => {
    const doc = JSON.parse(out) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    const key = Object.keys(doc.resource.azurerm_network_security_group!).find((k) =>
      k.startsWith("Network_GatewayNsg"),
    )!;
    doc.resource.azurerm_network_security_group![key]!.tags = { tier: "gateway" };
    const findings = await policyFindings(JSON.stringify(doc), "production");
    expect(findings.map((f) => f.split(" ")[0])).toEqual(["PLAT-SG-005", "PLAT-SG-005"]);
  });

  describe("validation", () => {
    it.each([
      [
        { name: "Acme_Prod" },
        problem(
          "name",
          "Acme_Prod",
          "2 to 40 lower-case letters, digits and single dashes, starting with a letter and ending with a letter or digit",
        ),
      ],
      [
        { addressSpace: "8.8.0.0/16" },
        problem(
          "addressSpace",
          "8.8.0.0/16",
          "a private IPv4 CIDR block (10/8, 172.16/12, 192.168/16 or 100.64/10)",
        ),
      ],
      [
        { subnetCidrs: { gateway: "10.2.1.0/24" } },
        problem("subnetCidrs.gateway", "10.2.1.0/24", "a block inside 10.1.0.0/16, /29 or wider"),
      ],
      [
        { subnetCidrs: { database: "10.1.100.0/29" } },
        problem("subnetCidrs.database", "10.1.100.0/29", "a block inside 10.1.0.0/16, /28 or wider"),
      ],
      [
        { subnetCidrs: { endpoints: "10.1.10.0/24" } },
        problem("subnetCidrs.endpoints", "10.1.10.0/24", "no overlap with subnetCidrs.nodes"),
      ],
      [
        { podCidr: "10.1.128.0/17" },
        problem(
          "podCidr",
          "10.1.128.0/17",
          "a private block outside 10.1.0.0/16 and every trusted client range",
        ),
      ],
      [
        { trustedClientCidrs: ["100.64.0.0/24"] },
        problem(
          "podCidr",
          "100.64.0.0/16",
          "a private block outside 10.1.0.0/16 and every trusted client range",
        ),
      ],
      [
        { trustedClientCidrs: ["10.1.0.0/24"] },
        problem("trustedClientCidrs[0]", "10.1.0.0/24", "a private block outside 10.1.0.0/16"),
      ],
      [
        { trustedClientCidrs: ["203.0.113.0/24"] },
        problem("trustedClientCidrs[0]", "203.0.113.0/24", "a private block outside 10.1.0.0/16"),
      ],
      [
        { publicIngressSubnet: "database" as "nodes" },
        problem("publicIngressSubnet", "database", "gateway or nodes"),
      ],
    ] as [Partial<AzureNetworkProps>, string][])("rejects %j", (overrides, message) => {
      expect(errorOf(() => synth(overrides))).toContain(message);
    });

    it("asks for every subnet when the address space is too narrow to carve", () => {
      const message = errorOf(() =>
        synth({ addressSpace: "10.1.0.0/20", subnetCidrs: { nodes: "10.1.0.0/22" } }),
      );
      expect(message).toContain("AzureNetwork stack/Network: 3 invalid prop(s)");
      for (const tier of ["gateway", "endpoints", "database"]) {
        expect(message).toContain(`subnetCidrs.${tier}: got undefined; allowed: a block inside addressSpace`);
      }
      expect(message).toContain("hint: addressSpace is narrower than /16, so give every subnet explicitly");
    });
  });
});

describe("inboundRules", () => {
  const priorities = (labels: string[]) => {
    const out = synthWith((scope) => {
      const network = new AzureNetwork(scope, "Network", props);
      for (const label of labels) network.inboundRules("database").allow(label, "10.0.100.0/24", ["5432"]);
      return undefined;
    });
    return Object.fromEntries(
      Object.values(resourcesOf(out, "azurerm_network_security_rule"))
        .filter((r) => String(r.name).startsWith("allow-peer"))
        .map((r) => [r.name, r.priority]),
    );
  };

  it("gives a rule a priority from its label, so another's removal never moves it", () => {
    const both = priorities(["PeerA", "PeerB"]);
    expect(priorities(["PeerB"])["allow-peer-b"]).toBe(both["allow-peer-b"]);
    for (const p of Object.values(both)) expect(p as number).toBeGreaterThanOrEqual(200);
    for (const p of Object.values(both)) expect(p as number).toBeLessThan(4000);
  });

  it("refuses a label of a built-in rule", () => {
    expect(errorOf(() => priorities(["Clients"]))).toMatch(
      /label: got "Clients"; allowed: a PascalCase label not used yet/,
    );
  });
});

describe("allowRangeInto", () => {
  it("needs the store's inbound rules", () => {
    expect(
      errorOf(() => allowRangeInto("Store x", undefined, "Peer", { cidr: "10.0.0.0/24" }, ["5432"])),
    ).toMatch(/built without inboundRules; hint: pass network.inboundRules/);
  });
});
