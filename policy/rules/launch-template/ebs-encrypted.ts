import { stackOf } from "../../lib/fixture.js";
import { block, blocks, isTrueOrUnknown, show } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Node volumes are encrypted at rest. */
const rule: Rule = {
  id: "PLAT-LT-004",
  severity: "HIGH",
  resourceTypes: ["aws_launch_template"],
  description: "Every EBS block device mapping of a launch template sets ebs.encrypted = true.",
  fix: "Set block_device_mappings[].ebs.encrypted = true (and kms_key_id to the stack's KMS key).",
  check: ({ values }) =>
    blocks(values.block_device_mappings).flatMap((mapping, i) => {
      const ebs = block(mapping.ebs);
      if (ebs === undefined || isTrueOrUnknown(ebs.encrypted)) return [];
      return [`block_device_mappings[${i}].ebs.encrypted is ${show(ebs.encrypted)}; expected true`];
    }),
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_launch_template: {
      nodes: {
        block_device_mappings: [{ device_name: "/dev/xvda", ebs: { encrypted: "true", volume_size: 50 } }],
      },
    },
  }),
  fail: stackOf({
    aws_launch_template: {
      nodes: { block_device_mappings: [{ device_name: "/dev/xvda", ebs: { volume_size: 50 } }] },
    },
  }),
  attribute: "encrypted",
};
