/**
 * The edge-origin exception of PLAT-S3-013 (Principal "*" only in Deny) and PLAT-S3-002 (KMS): a bucket
 * may let everyone GET its objects only from fixed, narrow source ranges, and only then use SSE-S3.
 * Anything wider, or any other action, is still a public bucket.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../policy/engine.js";
import { ref } from "../../policy/lib/fixture.js";
import { loadRules } from "../../policy/registry.js";
import type { StackDoc } from "../../policy/types.js";
import { testContext } from "./helpers.js";

const rules = await loadRules();
const findings = (id: string, doc: StackDoc) =>
  evaluate(
    "prod",
    doc,
    testContext({}),
    rules.filter((r) => r.id === id),
    { waivers: [] },
  ).map((f) => f.message);

const EDGE_RANGES = ["173.245.48.0/20", "2400:cb00::/32"];

function bucketDoc(read: { actions?: string[]; test?: string; values?: string[] }): StackDoc {
  return {
    resource: {
      aws_s3_bucket: { site: { bucket: "acme-static" } },
      aws_s3_bucket_server_side_encryption_configuration: {
        site: {
          bucket: ref("aws_s3_bucket.site.id"),
          rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }],
        },
      },
      aws_s3_bucket_policy: {
        site: { bucket: ref("aws_s3_bucket.site.id"), policy: ref("data.aws_iam_policy_document.site.json") },
      },
    },
    data: {
      aws_iam_policy_document: {
        site: {
          statement: [
            {
              effect: "Allow",
              principals: [{ type: "AWS", identifiers: ["*"] }],
              actions: read.actions ?? ["s3:GetObject"],
              resources: [`${ref("aws_s3_bucket.site.arn")}/*`],
              condition: read.values
                ? [{ test: read.test ?? "IpAddress", variable: "aws:SourceIp", values: read.values }]
                : [],
            },
          ],
        },
      },
    },
  };
}

describe("an edge origin bucket", () => {
  it("passes both rules with GET only from the edge's ranges", () => {
    const doc = bucketDoc({ values: EDGE_RANGES });
    expect(findings("PLAT-S3-013", doc)).toEqual([]);
    expect(findings("PLAT-S3-002", doc)).toEqual([]);
  });

  it.each([
    ["every address", { values: ["0.0.0.0/0"] }],
    ["an IPv4 range wider than /8", { values: ["64.0.0.0/2"] }],
    ["an IPv6 range wider than /32", { values: ["2a06:98c0::/29"] }],
    ["no source condition", {}],
    ["a NotIpAddress condition", { test: "NotIpAddress", values: EDGE_RANGES }],
    ["more than GetObject", { actions: ["s3:GetObject", "s3:PutObject"], values: EDGE_RANGES }],
    ["a wildcard action", { actions: ["s3:*"], values: EDGE_RANGES }],
  ])("is public, and must use KMS, with %s", (_what, read) => {
    const doc = bucketDoc(read);
    expect(findings("PLAT-S3-013", doc)).toHaveLength(1);
    expect(findings("PLAT-S3-002", doc)).toEqual(['sse_algorithm is ["AES256"]; expected "aws:kms"']);
  });
});
