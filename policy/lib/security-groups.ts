/**
 * Ingress permissions, normalised across the ways providers express them:
 *
 * - AWS: inline `ingress` blocks of `aws_security_group`, `aws_security_group_rule` with
 *   `type = "ingress"`, and `aws_vpc_security_group_ingress_rule`;
 * - Azure: inline `security_rule` blocks of `azurerm_network_security_group` and
 *   `azurerm_network_security_rule`, when `direction = "Inbound"` and `access = "Allow"` (one
 *   permission per destination port range; `*` is every port, protocol `*` every protocol).
 *
 * World-open sources: `0.0.0.0/0`, `::/0`, and Azure's `*`, `Internet` and `Any`.
 *
 * A **public load balancer's group** may admit the world on TCP 80 and 443 (and nothing else): an
 * `aws_security_group` (or `azurerm_network_security_group`) that carries the tag
 * `exposure = "public-load-balancer"` (`PUBLIC_LB_TAG`), or an `aws_security_group` listed in
 * `security_groups` of an internet-facing `aws_lb` / `aws_alb` of the same stack (`internal` not
 * true). Names and descriptions are not used: they are free text ("lb-controller" roles, "data
 * clients" groups) and would open a group by accident.
 */
import type { JsonObject, ResourceView, Rule, RuleFixtures, Severity, StackIndex } from "../types.js";
import { ref, stackOf } from "./fixture.js";
import { asNumber, asStrings, blocks, isTrue, refersTo } from "./values.js";

/** Resource types that can open ingress. */
export const INGRESS_TYPES: readonly string[] = [
  "aws_security_group",
  "aws_security_group_rule",
  "aws_vpc_security_group_ingress_rule",
  "azurerm_network_security_group",
  "azurerm_network_security_rule",
];

/** Tag that marks a public load balancer's security group (see the module comment). */
export const PUBLIC_LB_TAG = { key: "exposure", value: "public-load-balancer" } as const;
/** Ports a public load balancer's group may open to the world. */
export const PUBLIC_LB_PORTS: readonly number[] = [80, 443];

const WORLD = ["0.0.0.0/0", "::/0", "*", "internet", "any"];

/** One ingress permission, normalised. */
export interface IngressPermission {
  /** Where in the resource it is, e.g. `ingress[0]` (empty for standalone rules). */
  label: string;
  /** Protocol, lower case, `-1` meaning all. */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  /** IPv4 and IPv6 CIDRs (or Azure source prefixes) the permission admits. */
  cidrs: string[];
}

function permission(
  label: string,
  protocol: unknown,
  from: unknown,
  to: unknown,
  cidrs: string[],
): IngressPermission {
  const fromPort = asNumber(from);
  const toPort = asNumber(to);
  return {
    label,
    protocol: String(protocol ?? "").toLowerCase(),
    ...(fromPort === undefined ? {} : { fromPort }),
    ...(toPort === undefined ? {} : { toPort }),
    cidrs,
  };
}

function fromClassic(label: string, v: JsonObject): IngressPermission {
  return permission(label, v.protocol, v.from_port, v.to_port, [
    ...asStrings(v.cidr_blocks),
    ...asStrings(v.ipv6_cidr_blocks),
  ]);
}

/** Azure port ranges: `"443"`, `"8000-8100"`, `"*"`. */
function azurePorts(range: string): { from?: number; to?: number } {
  if (range.trim() === "*") return { from: 0, to: 65535 };
  const [from, to] = range.split("-").map((p) => asNumber(p.trim()));
  return {
    ...(from === undefined ? {} : { from }),
    ...((to ?? from) === undefined ? {} : { to: to ?? from }),
  };
}

function fromAzure(label: string, v: JsonObject): IngressPermission[] {
  if (String(v.direction ?? "").toLowerCase() !== "inbound") return [];
  if (String(v.access ?? "").toLowerCase() !== "allow") return [];
  const protocol = String(v.protocol ?? "").toLowerCase();
  const sources = [...asStrings(v.source_address_prefix), ...asStrings(v.source_address_prefixes)];
  const ranges = [...asStrings(v.destination_port_range), ...asStrings(v.destination_port_ranges)];
  return (ranges.length === 0 ? ["*"] : ranges).map((range) => {
    const { from, to } = azurePorts(range);
    return permission(label, protocol === "*" ? "-1" : protocol, from, to, sources);
  });
}

/** Every ingress permission a resource grants. */
export function ingressOf(resource: ResourceView): IngressPermission[] {
  const v = resource.values;
  switch (resource.type) {
    case "aws_security_group":
      return blocks(v.ingress).map((rule, i) => fromClassic(`ingress[${i}]`, rule));
    case "aws_security_group_rule":
      return v.type === "ingress" ? [fromClassic("", v)] : [];
    case "aws_vpc_security_group_ingress_rule":
      return [
        permission("", v.ip_protocol, v.from_port, v.to_port, [
          ...asStrings(v.cidr_ipv4),
          ...asStrings(v.cidr_ipv6),
        ]),
      ];
    case "azurerm_network_security_group":
      return blocks(v.security_rule).flatMap((rule, i) => fromAzure(`security_rule[${i}]`, rule));
    case "azurerm_network_security_rule":
      return fromAzure("", v);
    default:
      return [];
  }
}

/** The world-open sources (`0.0.0.0/0`, `::/0`, Azure `*`/`Internet`/`Any`) a permission admits. */
export function worldCidrs(p: IngressPermission): string[] {
  return p.cidrs.filter((c) => WORLD.includes(c.toLowerCase()));
}

/** True for all protocols, or TCP/UDP over the whole 0-65535 port range. */
export function isAllPorts(p: IngressPermission): boolean {
  if (p.protocol === "-1" || p.protocol === "all") return true;
  return p.fromPort === 0 && p.toPort === 65535;
}

/** True when the permission admits TCP traffic to `port`. */
export function coversTcpPort(p: IngressPermission, port: number): boolean {
  if (p.protocol === "-1" || p.protocol === "all") return true;
  if (p.protocol !== "tcp" && p.protocol !== "6") return false;
  const from = p.fromPort ?? 0;
  const to = p.toPort ?? 65535;
  return from <= port && port <= to;
}

/** True for TCP to exactly one port (`from = to = port`). */
export function isExactlyTcpPort(p: IngressPermission, port: number): boolean {
  return (p.protocol === "tcp" || p.protocol === "6") && p.fromPort === port && p.toPort === port;
}

/** `tcp 0-5432`, `all protocols`, `tcp 443`. */
export function describePorts(p: IngressPermission): string {
  if (p.protocol === "-1" || p.protocol === "all") return "all protocols and ports";
  const range = p.fromPort === p.toPort ? `${p.fromPort ?? "*"}` : `${p.fromPort ?? "*"}-${p.toPort ?? "*"}`;
  return `${p.protocol} ${range}`;
}

/**
 * The security group (or NSG) a permission belongs to: the resource itself for groups, the group a
 * standalone rule points at (`security_group_id` / `network_security_group_name` referencing a group
 * of the stack) for rules. `undefined` when the group is not in the stack.
 */
export function groupOf(resource: ResourceView, stack: StackIndex): ResourceView | undefined {
  switch (resource.type) {
    case "aws_security_group":
    case "azurerm_network_security_group":
      return resource;
    case "aws_security_group_rule":
    case "aws_vpc_security_group_ingress_rule":
      return stack
        .ofType("aws_security_group")
        .find((g) => refersTo(resource.values.security_group_id, g.address));
    case "azurerm_network_security_rule":
      return stack
        .ofType("azurerm_network_security_group")
        .find((g) => refersTo(resource.values.network_security_group_name, g.address));
    default:
      return undefined;
  }
}

/** True for a public load balancer's group (see the module comment for how it is recognised). */
export function isPublicLbGroup(group: ResourceView, stack: StackIndex): boolean {
  for (const tags of [group.values.tags, group.values.tags_all]) {
    if (
      typeof tags === "object" &&
      tags !== null &&
      (tags as JsonObject)[PUBLIC_LB_TAG.key] === PUBLIC_LB_TAG.value
    ) {
      return true;
    }
  }
  if (group.type !== "aws_security_group") return false;
  return ["aws_lb", "aws_alb"].some((type) =>
    stack
      .ofType(type)
      .some(
        (lb) =>
          !isTrue(lb.values.internal) &&
          lb.values.load_balancer_type !== "gateway" &&
          asStrings(lb.values.security_groups).some((id) => refersTo(id, group.address)),
      ),
  );
}

/** True for world ingress that a public load balancer's group may have: TCP 80 or 443 exactly. */
export function isPublicLbPort(p: IngressPermission): boolean {
  return PUBLIC_LB_PORTS.some((port) => isExactlyTcpPort(p, port));
}

/** Builds a "no world ingress to <port>" rule and its fixtures. */
export function worldPortRule(spec: {
  id: string;
  checkov: string;
  severity: Severity;
  port: number;
  service: string;
}): { rule: Rule; fixtures: RuleFixtures } {
  const rule: Rule = {
    id: spec.id,
    checkov: spec.checkov,
    trivy: "AVD-AWS-0107",
    severity: spec.severity,
    resourceTypes: INGRESS_TYPES,
    description: `No security group or Azure NSG rule admits ${spec.service} (TCP ${spec.port}) from 0.0.0.0/0, ::/0 or Internet.`,
    fix: `Restrict the ingress CIDRs for port ${spec.port} to known ranges, or use SSM Session Manager instead.`,
    check: (resource) =>
      ingressOf(resource)
        .filter((p) => coversTcpPort(p, spec.port) && worldCidrs(p).length > 0)
        .map(
          (p) =>
            `${p.label ? `${p.label} ` : ""}cidr admits ${worldCidrs(p).join(", ")} to port ${spec.port} (protocol ${p.protocol}); expected no world-open ingress to ${spec.port}`,
        ),
  };
  const fixtures: RuleFixtures = {
    pass: stackOf({
      aws_security_group: {
        web: {
          description: "web",
          ingress: [
            {
              description: "https",
              protocol: "tcp",
              from_port: 443,
              to_port: 443,
              cidr_blocks: ["0.0.0.0/0"],
            },
            {
              description: "admin",
              protocol: "tcp",
              from_port: spec.port,
              to_port: spec.port,
              cidr_blocks: ["10.0.0.0/8"],
            },
          ],
        },
      },
      aws_vpc_security_group_ingress_rule: {
        vpn: {
          security_group_id: ref("aws_security_group.web.id"),
          ip_protocol: "tcp",
          from_port: spec.port,
          to_port: spec.port,
          cidr_ipv4: "192.0.2.0/24",
        },
      },
    }),
    fail: stackOf({
      aws_security_group_rule: {
        admin: {
          type: "ingress",
          protocol: "tcp",
          from_port: spec.port - 2,
          to_port: spec.port + 2,
          cidr_blocks: ["0.0.0.0/0"],
          security_group_id: ref("aws_security_group.web.id"),
        },
      },
    }),
    attribute: "cidr",
  };
  return { rule, fixtures };
}
