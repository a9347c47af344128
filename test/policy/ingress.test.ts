import { describe, expect, it } from "vitest";
import { evaluate } from "../../policy/engine.js";
import { ref } from "../../policy/lib/fixture.js";
import { ingressOf, isPublicLbGroup, PUBLIC_LB_TAG } from "../../policy/lib/security-groups.js";
import { loadRules } from "../../policy/registry.js";
import { indexStack } from "../../policy/stack-index.js";
import type { StackDoc } from "../../policy/types.js";
import { testContext } from "./helpers.js";

const rules = await loadRules();
const findings = (ids: string[], doc: StackDoc) =>
  evaluate(
    "prod",
    doc,
    testContext(),
    rules.filter((r) => ids.includes(r.id)),
    { waivers: [] },
  ).map((f) => `${f.ruleId} ${f.address}: ${f.message}`);

const group = (name: string, extra: Record<string, unknown> = {}) => ({
  [name]: { description: name, ...extra },
});
const worldRule = (
  groupName: string,
  port: number | [number, number],
  extra: Record<string, unknown> = {},
) => {
  const [from, to] = Array.isArray(port) ? port : [port, port];
  return {
    description: "d",
    security_group_id: ref(`aws_security_group.${groupName}.id`),
    ip_protocol: "tcp",
    from_port: from,
    to_port: to,
    cidr_ipv4: "0.0.0.0/0",
    ...extra,
  };
};

describe("PLAT-SG-005: world-open ingress on any port", () => {
  it.each([5432, 6379, 10250, 8080])("reports port %i open to the world, in every AWS style", (port) => {
    const doc: StackDoc = {
      resource: {
        aws_security_group: {
          inline: {
            description: "x",
            ingress: [
              {
                description: "d",
                protocol: "tcp",
                from_port: port,
                to_port: port,
                ipv6_cidr_blocks: ["::/0"],
              },
            ],
          },
        },
        aws_security_group_rule: {
          classic: {
            description: "d",
            type: "ingress",
            protocol: "tcp",
            from_port: port,
            to_port: port,
            cidr_blocks: ["0.0.0.0/0"],
          },
          egress: {
            description: "d",
            type: "egress",
            protocol: "tcp",
            from_port: port,
            to_port: port,
            cidr_blocks: ["0.0.0.0/0"],
          },
        },
        aws_vpc_security_group_ingress_rule: { vpc: worldRule("inline", port) },
      },
    };
    expect(findings(["PLAT-SG-005"], doc)).toEqual([
      `PLAT-SG-005 aws_security_group.inline: ingress[0] cidr admits ::/0 to tcp ${port}; expected no world-open ingress (TCP 80/443 only on a public load balancer's group)`,
      `PLAT-SG-005 aws_security_group_rule.classic: cidr admits 0.0.0.0/0 to tcp ${port}; expected no world-open ingress (TCP 80/443 only on a public load balancer's group)`,
      `PLAT-SG-005 aws_vpc_security_group_ingress_rule.vpc: cidr admits 0.0.0.0/0 to tcp ${port}; expected no world-open ingress (TCP 80/443 only on a public load balancer's group)`,
    ]);
  });

  it("lets a public load balancer's group open TCP 80 and 443, and nothing else", () => {
    const doc: StackDoc = {
      resource: {
        aws_security_group: {
          ...group("tagged", { tags: { [PUBLIC_LB_TAG.key]: PUBLIC_LB_TAG.value } }),
          ...group("attached"),
          ...group("internal"),
          ...group("plain", { name: "public-lb", description: "public load balancer" }),
        },
        aws_lb: {
          web: { security_groups: [ref("aws_security_group.attached.id")] },
          private: { internal: true, security_groups: [ref("aws_security_group.internal.id")] },
        },
        aws_vpc_security_group_ingress_rule: {
          tagged_https: worldRule("tagged", 443),
          tagged_http: worldRule("tagged", 80),
          attached_https: worldRule("attached", 443),
          tagged_range: worldRule("tagged", [80, 443]),
          tagged_udp: worldRule("tagged", 443, { ip_protocol: "udp" }),
          tagged_admin: worldRule("tagged", 8443),
          internal_https: worldRule("internal", 443),
          plain_https: worldRule("plain", 443),
        },
      },
    };
    const stack = indexStack(doc);
    expect(
      ["tagged", "attached", "internal", "plain"].map((g) =>
        isPublicLbGroup(stack.byAddress(`aws_security_group.${g}`)!, stack),
      ),
    ).toEqual([true, true, false, false]);
    expect(findings(["PLAT-SG-005"], doc).map((f) => f.split(":")[0])).toEqual([
      "PLAT-SG-005 aws_vpc_security_group_ingress_rule.tagged_range",
      "PLAT-SG-005 aws_vpc_security_group_ingress_rule.tagged_udp",
      "PLAT-SG-005 aws_vpc_security_group_ingress_rule.tagged_admin",
      "PLAT-SG-005 aws_vpc_security_group_ingress_rule.internal_https",
      "PLAT-SG-005 aws_vpc_security_group_ingress_rule.plain_https",
    ]);
    expect(findings(["PLAT-SG-005"], doc)[0]).toBe(
      "PLAT-SG-005 aws_vpc_security_group_ingress_rule.tagged_range: cidr admits 0.0.0.0/0 to tcp 80-443; expected no world-open ingress but TCP 80/443",
    );
  });

  it("leaves SSH, RDP and all ports to PLAT-SG-001..003 (one finding per hole)", () => {
    const doc: StackDoc = {
      resource: {
        aws_vpc_security_group_ingress_rule: {
          ssh: worldRule("g", 22),
          rdp: worldRule("g", [3380, 3390]),
          all: {
            description: "d",
            security_group_id: ref("aws_security_group.g.id"),
            ip_protocol: "-1",
            cidr_ipv4: "0.0.0.0/0",
          },
        },
      },
    };
    expect(
      findings(["PLAT-SG-001", "PLAT-SG-002", "PLAT-SG-003", "PLAT-SG-005"], doc).map((f) => f.split(":")[0]),
    ).toEqual([
      "PLAT-SG-001 aws_vpc_security_group_ingress_rule.ssh",
      "PLAT-SG-001 aws_vpc_security_group_ingress_rule.all",
      "PLAT-SG-002 aws_vpc_security_group_ingress_rule.rdp",
      "PLAT-SG-002 aws_vpc_security_group_ingress_rule.all",
      "PLAT-SG-003 aws_vpc_security_group_ingress_rule.all",
    ]);
  });

  it("reads Azure NSG rules: inline and standalone, Internet/*/0.0.0.0/0, port ranges, inbound allows only", () => {
    const rule = (extra: Record<string, unknown>) => ({
      direction: "Inbound",
      access: "Allow",
      protocol: "Tcp",
      source_port_range: "*",
      destination_port_range: "6379",
      source_address_prefix: "Internet",
      ...extra,
    });
    const doc: StackDoc = {
      resource: {
        azurerm_network_security_group: {
          app: {
            security_rule: [
              rule({ name: "redis" }),
              rule({ name: "deny", access: "Deny" }),
              rule({ name: "out", direction: "Outbound" }),
              rule({ name: "vnet", source_address_prefix: "VirtualNetwork" }),
              rule({
                name: "many",
                destination_port_range: undefined,
                destination_port_ranges: ["443", "5432-5433"],
                source_address_prefix: "*",
              }),
            ],
          },
          gw: { tags: { [PUBLIC_LB_TAG.key]: PUBLIC_LB_TAG.value } },
        },
        azurerm_network_security_rule: {
          ssh: rule({
            destination_port_range: "22",
            source_address_prefix: "0.0.0.0/0",
            network_security_group_name: ref("azurerm_network_security_group.app.name"),
          }),
          everything: rule({
            protocol: "*",
            destination_port_range: "*",
            network_security_group_name: ref("azurerm_network_security_group.app.name"),
          }),
          gw_https: rule({
            destination_port_range: "443",
            network_security_group_name: ref("azurerm_network_security_group.gw.name"),
          }),
        },
      },
    };
    const stack = indexStack(doc);
    expect(ingressOf(stack.byAddress("azurerm_network_security_group.app")!)).toHaveLength(4);
    expect(findings(["PLAT-SG-001", "PLAT-SG-003", "PLAT-SG-005"], doc)).toEqual([
      "PLAT-SG-001 azurerm_network_security_rule.ssh: cidr admits 0.0.0.0/0 to port 22 (protocol tcp); expected no world-open ingress to 22",
      "PLAT-SG-001 azurerm_network_security_rule.everything: cidr admits Internet to port 22 (protocol -1); expected no world-open ingress to 22",
      "PLAT-SG-003 azurerm_network_security_rule.everything: protocol -1 ports 0-65535 admit Internet; expected specific ports, not all ports from the internet",
      "PLAT-SG-005 azurerm_network_security_group.app: security_rule[0] cidr admits Internet to tcp 6379; expected no world-open ingress (TCP 80/443 only on a public load balancer's group)",
      "PLAT-SG-005 azurerm_network_security_group.app: security_rule[4] cidr admits * to tcp 443; expected no world-open ingress (TCP 80/443 only on a public load balancer's group)",
      "PLAT-SG-005 azurerm_network_security_group.app: security_rule[4] cidr admits * to tcp 5432-5433; expected no world-open ingress (TCP 80/443 only on a public load balancer's group)",
    ]);
  });
});

describe("PLAT-SG-006: a data store's group admits exactly its port", () => {
  const doc = (
    type: string,
    values: Record<string, unknown>,
    ingress: Record<string, unknown>[],
  ): StackDoc => ({
    resource: { [type]: { store: values }, aws_security_group: { sg: { description: "store", ingress } } },
  });
  const from = (from_port: number, to_port: number, protocol = "tcp") => ({
    description: "clients",
    protocol,
    from_port,
    to_port,
    security_groups: [ref("aws_security_group.clients.id")],
  });
  const ids = { vpc_security_group_ids: [ref("aws_security_group.sg.id")] };

  it("reports a range, all protocols and another port, naming the store's port", () => {
    expect(
      findings(
        ["PLAT-SG-006"],
        doc("aws_db_instance", { engine: "postgres", ...ids }, [
          from(5432, 5432),
          from(0, 5432),
          from(0, 0, "-1"),
          from(6379, 6379),
        ]),
      ),
    ).toEqual([
      "PLAT-SG-006 aws_db_instance.store: aws_security_group.sg ingress[1] admits tcp 0-5432 to aws_security_group.sg; expected exactly port tcp 5432",
      "PLAT-SG-006 aws_db_instance.store: aws_security_group.sg ingress[2] admits all protocols and ports to aws_security_group.sg; expected exactly port tcp 5432",
      "PLAT-SG-006 aws_db_instance.store: aws_security_group.sg ingress[3] admits tcp 6379 to aws_security_group.sg; expected exactly port tcp 5432",
    ]);
  });

  it("uses port, else the engine's default, and skips a store whose port it cannot know", () => {
    expect(
      findings(["PLAT-SG-006"], doc("aws_db_instance", { engine: "mysql", ...ids }, [from(3306, 3306)])),
    ).toEqual([]);
    expect(
      findings(
        ["PLAT-SG-006"],
        doc("aws_db_instance", { port: 6432, engine: "postgres", ...ids }, [from(5432, 5432)]),
      ),
    ).toHaveLength(1);
    expect(
      findings(["PLAT-SG-006"], doc("aws_db_instance", { port: ref("var.port"), ...ids }, [from(0, 65535)])),
    ).toEqual([]);
    expect(
      findings(
        ["PLAT-SG-006"],
        doc(
          "aws_elasticache_replication_group",
          { engine: "redis", security_group_ids: [ref("aws_security_group.sg.id")] },
          [from(6379, 6380)],
        ),
      ),
    ).toEqual([
      "PLAT-SG-006 aws_elasticache_replication_group.store: aws_security_group.sg ingress[0] admits tcp 6379-6380 to aws_security_group.sg; expected exactly port tcp 6379",
    ]);
  });
});
