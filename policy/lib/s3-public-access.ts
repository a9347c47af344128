/**
 * Factory for the four public-access-block flag rules (PLAT-S3-004..007), which differ only in the
 * flag they check. A missing block is PLAT-S3-003's finding, not theirs.
 */
import type { Rule, RuleFixtures, Severity } from "../types.js";
import { ref, stackOf } from "./fixture.js";
import { expected } from "./messages.js";
import { companionsOf } from "./s3.js";
import { isTrueOrUnknown } from "./values.js";

/** The four flags of `aws_s3_bucket_public_access_block`. */
export type PublicAccessFlag =
  | "block_public_acls"
  | "block_public_policy"
  | "ignore_public_acls"
  | "restrict_public_buckets";

/** Identity of one flag rule. */
export interface PublicAccessFlagRule {
  id: string;
  checkov: string;
  trivy: string;
  severity: Severity;
  flag: PublicAccessFlag;
  /** Why the flag matters, one sentence. */
  why: string;
}

/** Builds the rule checking one public-access-block flag. */
export function publicAccessFlagRule(spec: PublicAccessFlagRule): Rule {
  return {
    id: spec.id,
    checkov: spec.checkov,
    trivy: spec.trivy,
    severity: spec.severity,
    resourceTypes: ["aws_s3_bucket"],
    description: `The bucket's aws_s3_bucket_public_access_block sets ${spec.flag} = true: ${spec.why}`,
    fix: `Set ${spec.flag} = true on the bucket's aws_s3_bucket_public_access_block.`,
    check: (bucket, _ctx, stack) =>
      companionsOf(stack, "aws_s3_bucket_public_access_block", bucket)
        .filter((block) => !isTrueOrUnknown(block.values[spec.flag]))
        .map((block) => `${expected(spec.flag, block.values[spec.flag], "true")} (${block.address})`),
  };
}

/** Fixtures for one flag rule: all four flags true, then the checked flag false. */
export function publicAccessFlagFixtures(flag: PublicAccessFlag): RuleFixtures {
  const allTrue = {
    bucket: ref("aws_s3_bucket.data.id"),
    block_public_acls: true,
    block_public_policy: true,
    ignore_public_acls: true,
    restrict_public_buckets: true,
  };
  return {
    pass: stackOf({ aws_s3_bucket: { data: {} }, aws_s3_bucket_public_access_block: { data: allTrue } }),
    fail: stackOf({
      aws_s3_bucket: { data: {} },
      aws_s3_bucket_public_access_block: { data: { ...allTrue, [flag]: false } },
    }),
    attribute: flag,
  };
}
