import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { asNumber, block, isReference } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Containers on the node cannot reach the node's instance-metadata credentials. */
const rule: Rule = {
  id: "PLAT-LT-002",
  checkov: "CKV_AWS_341",
  severity: "MEDIUM",
  resourceTypes: ["aws_launch_template"],
  description: "Launch templates set metadata_options.http_put_response_hop_limit = 1.",
  fix: "Set metadata_options.http_put_response_hop_limit = 1 (pods use EKS Pod Identity/IRSA, not node credentials).",
  check: ({ values }) => {
    const limit = block(values.metadata_options)?.http_put_response_hop_limit;
    if (isReference(limit)) return [];
    return asNumber(limit) === 1
      ? []
      : [expected("metadata_options.http_put_response_hop_limit", limit, "1")];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ aws_launch_template: { nodes: { metadata_options: { http_put_response_hop_limit: 1 } } } }),
  fail: stackOf({ aws_launch_template: { nodes: { metadata_options: { http_put_response_hop_limit: 2 } } } }),
  attribute: "http_put_response_hop_limit",
};
