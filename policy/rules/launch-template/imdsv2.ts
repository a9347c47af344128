import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { block } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Instances only answer IMDSv2 (session-token) metadata requests, which blocks SSRF credential theft. */
const rule: Rule = {
  id: "PLAT-LT-001",
  checkov: "CKV_AWS_79",
  trivy: "AVD-AWS-0028",
  severity: "HIGH",
  resourceTypes: ["aws_launch_template"],
  description: 'Launch templates require IMDSv2: metadata_options.http_tokens = "required".',
  fix: 'Set metadata_options { http_endpoint = "enabled", http_tokens = "required" }.',
  check: ({ values }) => {
    const tokens = block(values.metadata_options)?.http_tokens;
    return tokens === "required" ? [] : [expected("metadata_options.http_tokens", tokens, '"required"')];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ aws_launch_template: { nodes: { metadata_options: { http_tokens: "required" } } } }),
  fail: stackOf({ aws_launch_template: { nodes: { metadata_options: { http_tokens: "optional" } } } }),
  attribute: "http_tokens",
};
