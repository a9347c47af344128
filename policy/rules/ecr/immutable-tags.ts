import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isReference } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/** A pushed tag always names the same image: nobody can overwrite a deployed tag with other content. */
const rule: Rule = {
  id: "PLAT-ECR-001",
  checkov: "CKV_AWS_51",
  trivy: "AVD-AWS-0031",
  severity: "HIGH",
  resourceTypes: ["aws_ecr_repository"],
  description: 'ECR repositories set image_tag_mutability = "IMMUTABLE" (the default is MUTABLE).',
  fix: 'Set image_tag_mutability = "IMMUTABLE" and push every build under a new tag (e.g. the commit SHA).',
  check: ({ values }) =>
    values.image_tag_mutability === "IMMUTABLE" || isReference(values.image_tag_mutability)
      ? []
      : [expected("image_tag_mutability", values.image_tag_mutability, '"IMMUTABLE"')],
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({ aws_ecr_repository: { api: { name: "acme/api", image_tag_mutability: "IMMUTABLE" } } }),
  fail: stackOf({
    aws_ecr_repository: {
      unset: { name: "acme/web" },
      mutable: { name: "acme/api", image_tag_mutability: "MUTABLE" },
    },
  }),
  attribute: "image_tag_mutability",
};
