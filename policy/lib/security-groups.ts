/**
 * Ingress permissions of the three ways the AWS provider expresses them: inline `ingress` blocks of
 * `aws_security_group`, `aws_security_group_rule` with `type = "ingress"`, and
 * `aws_vpc_security_group_ingress_rule`.
 */
import type { JsonObject, ResourceView, Rule, RuleFixtures, Severity } from "../types.js";
import { ref, stackOf } from "./fixture.js";
import { asNumber, asStrings, blocks } from "./values.js";

/** Resource types that can open ingress. */
export const INGRESS_TYPES: readonly string[] = [
  "aws_security_group",
  "aws_security_group_rule",
  "aws_vpc_security_group_ingress_rule",
];

const WORLD = ["0.0.0.0/0", "::/0"];

/** One ingress permission, normalised. */
export interface IngressPermission {
  /** Where in the resource it is, e.g. `ingress[0]` (empty for standalone rules). */
  label: string;
  /** Protocol, `-1` meaning all. */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  /** IPv4 and IPv6 CIDRs the permission admits. */
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
    default:
      return [];
  }
}

/** The world-open CIDRs (`0.0.0.0/0`, `::/0`) a permission admits. */
export function worldCidrs(p: IngressPermission): string[] {
  return p.cidrs.filter((c) => WORLD.includes(c));
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
    description: `No security group admits ${spec.service} (TCP ${spec.port}) from 0.0.0.0/0 or ::/0.`,
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
