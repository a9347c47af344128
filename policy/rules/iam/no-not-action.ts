import { ref, stackOf } from "../../lib/fixture.js";
import { documentsOf, POLICY_ATTRIBUTES, POLICY_DOCUMENT_DATA, policyJson } from "../../lib/iam.js";
import type { Rule, RuleFixtures } from "../../types.js";

/**
 * An Allow names what it grants. `NotAction` allows every action but the listed ones (including
 * services added later), and `NotResource` every resource but the listed ones. In a Deny they are a
 * fine way to fence; in an Allow they grant more than anyone reviewed.
 */
const rule: Rule = {
  id: "PLAT-IAM-006",
  severity: "HIGH",
  resourceTypes: [POLICY_DOCUMENT_DATA, ...Object.keys(POLICY_ATTRIBUTES)],
  description:
    "No Allow statement uses NotAction or NotResource (IAM, trust, bucket, key and other resource policies; data.aws_iam_policy_document and JSON).",
  fix: "Replace NotAction/NotResource in the Allow with the specific Action/Resource lists, or move the exclusion into a Deny.",
  check: (view) =>
    documentsOf(view).flatMap(({ attribute, statements }) =>
      statements.flatMap((s, i) => {
        if (s.effect !== "Allow") return [];
        const where = `${attribute}[${i}]`;
        return [
          ...(s.notActions.length > 0
            ? [`${where} allows NotAction ${JSON.stringify(s.notActions)}; expected an explicit Action list`]
            : []),
          ...(s.notResources.length > 0
            ? [
                `${where} allows NotResource ${JSON.stringify(s.notResources)}; expected an explicit Resource list`,
              ]
            : []),
        ];
      }),
    ),
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf(
    {
      aws_iam_policy: {
        fence: {
          policy: policyJson([
            { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme/*" },
            { Effect: "Deny", NotAction: ["iam:*"], NotResource: "arn:aws:s3:::acme/*" },
          ]),
        },
        doc: { policy: ref("data.aws_iam_policy_document.read.json") },
      },
    },
    {
      aws_iam_policy_document: {
        read: { statement: [{ actions: ["sqs:ReceiveMessage"], resources: ["*"] }] },
      },
    },
  ),
  fail: stackOf(
    {
      aws_s3_bucket_policy: {
        b: {
          policy: policyJson([
            {
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::1:root" },
              Action: "s3:GetObject",
              NotResource: "arn:aws:s3:::acme/private/*",
            },
          ]),
        },
      },
    },
    { aws_iam_policy_document: { almost: { statement: [{ not_actions: ["iam:*"], resources: ["*"] }] } } },
  ),
  attribute: "Not",
};
