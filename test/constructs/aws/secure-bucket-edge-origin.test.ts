/**
 * SecureBucket as an edge origin, and ObjectStorage's static bucket: SSE-S3, GET for everyone only
 * from the given ranges (TLS still required, Block Public Access still on), the health object, the
 * logs bucket accepting its access logs; and the validation of the ranges and of a KMS key.
 */
import { describe, expect, it } from "vitest";
import { ObjectStorage } from "../../../constructs/aws/object-storage";
import { EDGE_HEALTH_OBJECT_KEY } from "../../../constructs/aws/s3-bucket-name";
import { SecureBucket, type SecureBucketProps } from "../../../constructs/aws/secure-bucket";
import { Testing } from "../../../constructs/core";
import { dataSourcesOf, errorOf, problem, resourcesOf } from "../../helpers";

const RANGES = ["173.245.48.0/20", "2400:cb00::/32"];
const base: SecureBucketProps = {
  bucketName: "acme-platform-prod-static",
  accessLogBucket: "acme-platform-prod-logs",
  edgeOrigin: { sourceCidrs: RANGES },
};
const synth = (props: Partial<SecureBucketProps> = {}) =>
  Testing.synthScope((scope) => {
    new SecureBucket(scope, "Static", { ...base, ...props });
  });

describe("SecureBucket with edgeOrigin", () => {
  const out = synth();
  const statements = Object.values(dataSourcesOf(out, "aws_iam_policy_document"))[0]!.statement as {
    sid: string;
    effect: string;
    actions: string[];
    condition: { test: string; variable: string; values: string[] }[];
  }[];

  it("lets everyone GET objects only from the edge's ranges, and still refuses plain HTTP", () => {
    const read = statements.find((s) => s.sid === "AllowEdgeReads")!;
    expect(read).toMatchObject({ effect: "Allow", actions: ["s3:GetObject"] });
    expect(read.condition).toEqual([{ test: "IpAddress", variable: "aws:SourceIp", values: RANGES }]);
    expect(statements.map((s) => s.sid)).toContain("DenyInsecureTransport");
  });

  it("uses SSE-S3 and keeps every Block Public Access setting on", () => {
    const [encryption] = Object.values(
      resourcesOf(out, "aws_s3_bucket_server_side_encryption_configuration"),
    );
    expect(JSON.stringify(encryption!.rule)).toContain('"sse_algorithm":"AES256"');
    expect(JSON.stringify(encryption!.rule)).not.toContain("kms");
    expect(Object.values(resourcesOf(out, "aws_s3_bucket_public_access_block"))).toEqual([
      expect.objectContaining({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      }),
    ]);
  });

  it("refuses no ranges, the whole internet, a private range and a KMS key", () => {
    expect(errorOf(() => synth({ edgeOrigin: { sourceCidrs: [] } }))).toContain(
      "edgeOrigin.sourceCidrs: got []",
    );
    const message = errorOf(() =>
      synth({ edgeOrigin: { sourceCidrs: ["0.0.0.0/0", "10.0.0.0/8", "2a06:98c0::/29"] } }),
    );
    for (const [i, cidr] of ["0.0.0.0/0", "10.0.0.0/8", "2a06:98c0::/29"].entries()) {
      expect(message).toContain(
        problem(
          `edgeOrigin.sourceCidrs[${i}]`,
          cidr,
          "a public IPv4 range no wider than /8, or an IPv6 range no wider than /32 (S3 Block Public Access's limits)",
        ),
      );
    }
    expect(errorOf(() => synth({ kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/x" }))).toContain(
      problem("kmsKeyArn", "arn:aws:kms:eu-west-1:111122223333:key/x", "unset when edgeOrigin is set"),
    );
    // A dotted name is legal for S3 but fails strict TLS at the edge (the wildcard covers one label).
    expect(errorOf(() => synth({ bucketName: "static.acme.example" }))).toContain(
      problem("bucketName", "static.acme.example", "a name without dots for an edge origin"),
    );
    expect(() =>
      synth({
        bucketName: "static.acme.example",
        edgeOrigin: undefined,
        kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/x",
      }),
    ).not.toThrow();
  });
});

describe("ObjectStorage with edgeOrigin", () => {
  const out = Testing.synthScope((scope) => {
    new ObjectStorage(scope, "Storage", {
      name: "acme-platform-prod",
      region: "eu-west-1",
      drRegion: "eu-central-1",
      edgeOrigin: { sourceCidrs: RANGES },
    });
  });

  it("adds the static bucket with its health object, logging into the logs bucket", () => {
    const buckets = Object.values(resourcesOf(out, "aws_s3_bucket")).map((b) => b.bucket);
    expect(buckets).toContain("acme-platform-prod-static");
    expect(Object.values(resourcesOf(out, "aws_s3_object"))).toEqual([
      expect.objectContaining({ key: EDGE_HEALTH_OBJECT_KEY, content: "ok", cache_control: "no-store" }),
    ]);
    expect(out).toContain(':s3:::acme-platform-prod-static"');
    const logging = Object.values(resourcesOf(out, "aws_s3_bucket_logging")).map((l) => l.target_prefix);
    expect(logging).toContain("static/");
  });
});
