import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import {
  ApexRedirect,
  type ApexRedirectProps,
  CACHING_DISABLED_POLICY_ID,
  redirectFunctionCode,
} from "../../../constructs/aws/apex-redirect";
import { Testing } from "../../../constructs/core";
import { type Attrs, errorOf, problem, resourceById, resourcesOf } from "../../helpers";

const props: ApexRedirectProps = {
  zoneId: "Z0123456789ABCDEFGHIJ",
  zoneName: "platform.acme.example",
  targetHostname: "app.platform.acme.example",
  functionName: "prod-apex-redirect",
};

function synth(overrides: Partial<ApexRedirectProps> = {}): string {
  return Testing.synthScope((scope) => {
    new ApexRedirect(scope, "Apex", { ...props, ...overrides });
  });
}

/** Runs the function's handler on a CloudFront viewer-request event (cloudfront-js-2.0 shape). */
function handle(code: string, uri: string, querystring: Attrs = {}) {
  const handler = runInNewContext(`${code}; handler`) as (event: unknown) => {
    statusCode: number;
    headers: Record<string, { value: string }>;
  };
  return handler({ request: { method: "GET", uri, querystring, headers: {} } });
}

describe("ApexRedirect", () => {
  const out = synth();

  it("answers every request at the viewer with a 301 to the target, keeping the path and query, with HSTS", () => {
    const code = redirectFunctionCode("app.platform.acme.example", 31_536_000);
    const plain = handle(code, "/");
    expect(plain.statusCode).toBe(301);
    expect(plain.headers.location!.value).toBe("https://app.platform.acme.example/");
    expect(plain.headers["strict-transport-security"]!.value).toBe("max-age=31536000; includeSubDomains");
    const query = handle(code, "/orders/7", {
      page: { value: "2" },
      tag: { value: "a", multiValue: [{ value: "a" }, { value: "b" }] },
      debug: { value: "" },
    });
    expect(query.headers.location!.value).toBe(
      "https://app.platform.acme.example/orders/7?page=2&tag=a&tag=b&debug",
    );
  });

  it("ships that code, published, on cloudfront-js-2.0, on the distribution's viewer requests", () => {
    const fn = resourceById(out, "aws_cloudfront_function", "Apex_Function");
    expect(fn).toMatchObject({ runtime: "cloudfront-js-2.0", publish: true, name: "prod-apex-redirect" });
    expect(fn.code).toBe(redirectFunctionCode("app.platform.acme.example", 31_536_000));
    const dist = resourceById(out, "aws_cloudfront_distribution", "Apex_Distribution");
    expect(dist).toMatchObject({
      aliases: ["platform.acme.example"],
      default_cache_behavior: {
        viewer_protocol_policy: "redirect-to-https",
        cache_policy_id: CACHING_DISABLED_POLICY_ID,
        function_association: [{ event_type: "viewer-request" }],
      },
      viewer_certificate: { ssl_support_method: "sni-only", minimum_protocol_version: "TLSv1.2_2021" },
    });
    expect(String((dist.viewer_certificate as Attrs).acm_certificate_arn)).toContain(
      "aws_acm_certificate_validation.",
    );
  });

  it("uses an ACM certificate from us-east-1, DNS-validated in the zone", () => {
    const cert = resourceById(out, "aws_acm_certificate", "Apex_Certificate");
    expect(cert).toMatchObject({
      region: "us-east-1",
      domain_name: "platform.acme.example",
      validation_method: "DNS",
    });
    expect(resourceById(out, "aws_acm_certificate_validation", "Apex_CertificateValidation").region).toBe(
      "us-east-1",
    );
    const record = resourceById(out, "aws_route53_record", "Apex_ValidationRecord");
    expect(record.zone_id).toBe(props.zoneId);
    expect(String(record.name)).toMatch(/^\$\{tolist\(aws_acm_certificate\..+\.domain_validation_options\)/);
  });

  it("aliases the apex (A and AAAA) to the distribution", () => {
    const aliases = Object.values(resourcesOf(out, "aws_route53_record")).filter((r) => r.alias);
    expect(aliases.map((r) => [r.name, r.type]).sort()).toEqual([
      ["platform.acme.example", "A"],
      ["platform.acme.example", "AAAA"],
    ]);
  });

  describe("validation", () => {
    it.each([
      [
        "a target outside the zone",
        { targetHostname: "app.other.example" },
        problem("targetHostname", "app.other.example", "a host name under platform.acme.example"),
      ],
      [
        "a zone with a trailing dot",
        { zoneName: "platform.acme.example." },
        problem("zoneName", "platform.acme.example.", "a lower-case DNS zone name without the trailing dot"),
      ],
      [
        "an HSTS max-age beyond two years",
        { hstsMaxAgeSeconds: 63_072_001 },
        problem("hstsMaxAgeSeconds", 63_072_001, "an integer from 0 to 63072000 (two years)"),
      ],
      [
        "a function name with a dot",
        { functionName: "prod.apex" },
        problem("functionName", "prod.apex", "1 to 64 letters, digits, - and _"),
      ],
    ] as const)("rejects %s", (_case, overrides, message) => {
      expect(errorOf(() => synth(overrides))).toContain(message);
    });
  });
});
