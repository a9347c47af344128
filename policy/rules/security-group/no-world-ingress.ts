import { ref, stackOf } from "../../lib/fixture.js";
import {
  coversTcpPort,
  describePorts,
  groupOf,
  INGRESS_TYPES,
  ingressOf,
  isAllPorts,
  isPublicLbGroup,
  isPublicLbPort,
  PUBLIC_LB_TAG,
  worldCidrs,
} from "../../lib/security-groups.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Ports whose world-open ingress PLAT-SG-001/002/003 already report (one finding per hole). */
function reportedElsewhere(p: Parameters<typeof isAllPorts>[0]): boolean {
  return isAllPorts(p) || coversTcpPort(p, 22) || coversTcpPort(p, 3389);
}

/**
 * Nothing is open to the internet except a public load balancer's HTTP and HTTPS: a database, cache,
 * kubelet or admin port reachable from 0.0.0.0/0 is one scan away from an incident.
 */
const rule: Rule = {
  id: "PLAT-SG-005",
  trivy: "AVD-AWS-0107",
  severity: "CRITICAL",
  resourceTypes: INGRESS_TYPES,
  description: `No security group or Azure NSG rule admits any port from 0.0.0.0/0, ::/0 or Internet, except TCP 80/443 on a public load balancer's group (tag ${PUBLIC_LB_TAG.key} = "${PUBLIC_LB_TAG.value}", or attached to an internet-facing aws_lb); 22, 3389 and all ports are PLAT-SG-001..003.`,
  fix: "Admit the clients' security group or CIDRs instead of the world; put public HTTP(S) behind a load balancer whose group is tagged exposure = public-load-balancer.",
  check: (resource, _ctx, stack) => {
    const open = ingressOf(resource).filter((p) => worldCidrs(p).length > 0 && !reportedElsewhere(p));
    if (open.length === 0) return [];
    const group = groupOf(resource, stack);
    const publicLb = group !== undefined && isPublicLbGroup(group, stack);
    return open
      .filter((p) => !(publicLb && isPublicLbPort(p)))
      .map(
        (p) =>
          `${p.label ? `${p.label} ` : ""}cidr admits ${worldCidrs(p).join(", ")} to ${describePorts(p)}; expected no world-open ingress${publicLb ? " but TCP 80/443" : ` (TCP 80/443 only on a public load balancer's group)`}`,
      );
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_security_group: {
      alb: {
        description: "public ALB",
        tags: { Name: "prod-alb", [PUBLIC_LB_TAG.key]: PUBLIC_LB_TAG.value },
      },
      nlb: { description: "public NLB" },
      db: { description: "db" },
    },
    aws_lb: { nlb: { load_balancer_type: "network", security_groups: [ref("aws_security_group.nlb.id")] } },
    aws_vpc_security_group_ingress_rule: {
      alb_https: {
        security_group_id: ref("aws_security_group.alb.id"),
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        cidr_ipv4: "0.0.0.0/0",
      },
      nlb_http: {
        security_group_id: ref("aws_security_group.nlb.id"),
        ip_protocol: "tcp",
        from_port: 80,
        to_port: 80,
        cidr_ipv6: "::/0",
      },
      db_vpc: {
        security_group_id: ref("aws_security_group.db.id"),
        ip_protocol: "tcp",
        from_port: 5432,
        to_port: 5432,
        cidr_ipv4: "10.0.0.0/16",
      },
    },
    azurerm_network_security_rule: {
      https: {
        network_security_group_name: ref("azurerm_network_security_group.gw.name"),
        direction: "Inbound",
        access: "Allow",
        protocol: "Tcp",
        destination_port_range: "443",
        source_address_prefix: "Internet",
      },
    },
    azurerm_network_security_group: { gw: { tags: { [PUBLIC_LB_TAG.key]: PUBLIC_LB_TAG.value } } },
  }),
  fail: stackOf({
    aws_security_group: {
      db: {
        description: "db",
        ingress: [{ protocol: "tcp", from_port: 5432, to_port: 5432, cidr_blocks: ["0.0.0.0/0"] }],
      },
    },
    aws_security_group_rule: {
      redis: {
        type: "ingress",
        protocol: "tcp",
        from_port: 6379,
        to_port: 6379,
        ipv6_cidr_blocks: ["::/0"],
        security_group_id: ref("aws_security_group.db.id"),
      },
    },
    aws_vpc_security_group_ingress_rule: {
      kubelet: {
        security_group_id: ref("aws_security_group.nodes.id"),
        ip_protocol: "tcp",
        from_port: 10250,
        to_port: 10250,
        cidr_ipv4: "0.0.0.0/0",
      },
    },
    azurerm_network_security_group: {
      app: {
        security_rule: [
          {
            name: "postgres",
            direction: "Inbound",
            access: "Allow",
            protocol: "Tcp",
            destination_port_range: "5432",
            source_address_prefix: "*",
          },
        ],
      },
    },
  }),
  attribute: "cidr",
};
