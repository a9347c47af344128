import { stackOf } from "../../lib/fixture.js";
import { blocks, isTrue } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Instances launched from the template get no public IP address. */
const rule: Rule = {
  id: "PLAT-LT-003",
  checkov: "CKV_AWS_88",
  severity: "HIGH",
  resourceTypes: ["aws_launch_template"],
  description: "Launch templates do not set network_interfaces.associate_public_ip_address = true.",
  fix: "Remove associate_public_ip_address (or set it to false); reach instances through SSM or a load balancer.",
  check: ({ values }) =>
    blocks(values.network_interfaces)
      .map((ni, i) => ({ ni, i }))
      .filter(({ ni }) => isTrue(ni.associate_public_ip_address))
      .map(
        ({ i }) => `network_interfaces[${i}].associate_public_ip_address is true; expected false (or unset)`,
      ),
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_launch_template: { nodes: { network_interfaces: [{ associate_public_ip_address: false }] } },
  }),
  fail: stackOf({
    aws_launch_template: { nodes: { network_interfaces: [{ associate_public_ip_address: true }] } },
  }),
  attribute: "associate_public_ip_address",
};
