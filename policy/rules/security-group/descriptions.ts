import { ref, stackOf } from "../../lib/fixture.js";
import { blocks, isSet } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Every security group and rule says why it exists. */
const rule: Rule = {
  id: "PLAT-SG-004",
  checkov: "CKV_AWS_23",
  trivy: "AVD-AWS-0099",
  severity: "LOW",
  resourceTypes: [
    "aws_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
  ],
  description: "Security groups and each of their rules (inline or standalone) have a non-empty description.",
  fix: "Set description on the security group and on every ingress/egress rule.",
  check: ({ type, values }) => {
    const messages: string[] = [];
    if (!isSet(values.description)) messages.push("description is unset; expected a non-empty description");
    if (type === "aws_security_group") {
      for (const direction of ["ingress", "egress"] as const) {
        blocks(values[direction]).forEach((r, i) => {
          if (!isSet(r.description)) {
            messages.push(`${direction}[${i}].description is unset; expected a non-empty description`);
          }
        });
      }
    }
    return messages;
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_security_group: {
      app: {
        description: "App pods",
        egress: [
          { description: "all out", protocol: "-1", from_port: 0, to_port: 0, cidr_blocks: ["0.0.0.0/0"] },
        ],
      },
    },
    aws_vpc_security_group_ingress_rule: {
      app_https: {
        description: "HTTPS from the ALB",
        security_group_id: ref("aws_security_group.app.id"),
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        referenced_security_group_id: ref("aws_security_group.alb.id"),
      },
    },
  }),
  fail: stackOf({
    aws_security_group: {
      app: {
        description: "App pods",
        ingress: [{ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: [] }],
      },
    },
  }),
  attribute: "description",
};
