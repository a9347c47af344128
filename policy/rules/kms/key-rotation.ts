import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isTrueOrUnknown } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** Symmetric keys rotate their key material yearly. */
const rule: Rule = {
  id: "PLAT-KMS-001",
  checkov: "CKV_AWS_7",
  trivy: "AVD-AWS-0065",
  severity: "MEDIUM",
  resourceTypes: ["aws_kms_key"],
  description: "Symmetric KMS keys have enable_key_rotation = true (asymmetric and HMAC keys cannot rotate).",
  fix: "Set enable_key_rotation = true.",
  check: ({ values }) => {
    const spec = values.customer_master_key_spec;
    if (typeof spec === "string" && spec !== "SYMMETRIC_DEFAULT") return [];
    return isTrueOrUnknown(values.enable_key_rotation)
      ? []
      : [expected("enable_key_rotation", values.enable_key_rotation, "true")];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_kms_key: { data: { enable_key_rotation: true }, signing: { customer_master_key_spec: "RSA_2048" } },
  }),
  fail: stackOf({ aws_kms_key: { data: {} } }),
  attribute: "enable_key_rotation",
};
