import { ref, stackOf } from "../../lib/fixture.js";
import { INGRESS_TYPES, ingressOf, isAllPorts, worldCidrs } from "../../lib/security-groups.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** No security group opens every port to the internet. */
const rule: Rule = {
  id: "PLAT-SG-003",
  checkov: "CKV_AWS_277",
  trivy: "AVD-AWS-0107",
  severity: "CRITICAL",
  resourceTypes: INGRESS_TYPES,
  description:
    "No security group or Azure NSG rule admits all protocols (-1, *) or ports 0-65535 from 0.0.0.0/0, ::/0 or Internet.",
  fix: "Open only the ports the service listens on, to the CIDRs or security groups that need them.",
  check: (resource) =>
    ingressOf(resource)
      .filter((p) => isAllPorts(p) && worldCidrs(p).length > 0)
      .map(
        (p) =>
          `${p.label ? `${p.label} ` : ""}protocol ${p.protocol} ports ${p.fromPort ?? "*"}-${p.toPort ?? "*"} admit ${worldCidrs(p).join(", ")}; expected specific ports, not all ports from the internet`,
      ),
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_security_group: {
      internal: {
        description: "internal",
        ingress: [
          { description: "vpc", protocol: "-1", from_port: 0, to_port: 0, cidr_blocks: ["10.0.0.0/16"] },
        ],
      },
    },
  }),
  fail: stackOf({
    aws_vpc_security_group_ingress_rule: {
      open: {
        security_group_id: ref("aws_security_group.internal.id"),
        ip_protocol: "-1",
        cidr_ipv6: "::/0",
      },
    },
  }),
  attribute: "protocol",
};
