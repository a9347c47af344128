import { ref, stackOf } from "../../lib/fixture.js";
import { hasWildcardPrincipal, policyJson, policyStatements } from "../../lib/iam.js";
import { isEdgeReadStatement } from "../../lib/s3.js";
import type { Rule, RuleFixtures } from "../../types.js";

/**
 * A bucket policy speaks to everyone only to refuse: `Principal "*"` belongs in Deny statements (such
 * as TLS-only), and an Allow to everyone makes the bucket public. One exception, an edge origin's
 * read grant: `s3:GetObject` alone, only from fixed source ranges (`aws:SourceIp`), which S3 Block
 * Public Access itself counts as non-public.
 */
const rule: Rule = {
  id: "PLAT-S3-013",
  checkov: "CKV_AWS_70",
  severity: "HIGH",
  resourceTypes: ["aws_s3_bucket_policy", "aws_s3_bucket"],
  description:
    'Bucket policies use Principal "*" (or { AWS: "*" }) only in Deny statements, or in an s3:GetObject-only Allow limited to fixed aws:SourceIp ranges (an edge origin).',
  fix: 'Name the principals the Allow is for (accounts, roles, service principals with aws:SourceArn), and keep Principal "*" for Deny statements.',
  check: ({ values }, _ctx, stack) =>
    (policyStatements(values.policy, stack) ?? []).flatMap((s, i) =>
      hasWildcardPrincipal(s) && s.effect !== "Deny" && !isEdgeReadStatement(s)
        ? [`policy Statement[${i}] is ${s.effect} for Principal "*"; expected Principal "*" only in a Deny`]
        : [],
    ),
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf(
    {
      aws_s3_bucket_policy: {
        tls: { bucket: ref("aws_s3_bucket.b.id"), policy: ref("data.aws_iam_policy_document.tls.json") },
      },
    },
    {
      aws_iam_policy_document: {
        tls: {
          statement: [
            {
              effect: "Deny",
              actions: ["s3:*"],
              principals: [{ type: "AWS", identifiers: ["*"] }],
              condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
            },
          ],
        },
      },
    },
  ),
  fail: stackOf({
    aws_s3_bucket_policy: {
      open: {
        bucket: ref("aws_s3_bucket.b.id"),
        policy: policyJson([
          {
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: "arn:aws:s3:::acme/*",
            Condition: { StringEquals: { "aws:SourceVpce": "vpce-1" } },
          },
        ]),
      },
    },
  }),
  attribute: "Principal",
};
