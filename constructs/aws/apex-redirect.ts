import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontFunction } from "@cdktf/provider-aws/lib/cloudfront-function";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Construct } from "../core";
import { Validator } from "../validation";

/** CloudFront serves only certificates from ACM in us-east-1 (ACM user guide, "Supported Regions"). */
export const CLOUDFRONT_CERTIFICATE_REGION = "us-east-1";
/**
 * CloudFront's managed cache policy "CachingDisabled" (its id is the same in every account; CloudFront
 * developer guide, "Use managed cache policies").
 */
export const CACHING_DISABLED_POLICY_ID = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";

export interface ApexRedirectProps {
  /** The Route 53 zone whose apex this redirects. */
  readonly zoneId: string;
  /** The zone's name, which is the apex, e.g. `platform.acme.example`. */
  readonly zoneName: string;
  /** Where the apex sends visitors: a host name in the zone, e.g. `app.platform.acme.example`. */
  readonly targetHostname: string;
  /**
   * HSTS `max-age` the redirect sends, in seconds, with `includeSubDomains` (as the edge's own HSTS
   * does), so every name under the zone must serve HTTPS with a valid certificate.
   * @default 31536000 (a year)
   */
  readonly hstsMaxAgeSeconds?: number;
  /** Name of the CloudFront function (unique in the account), e.g. `prod-apex-redirect`. */
  readonly functionName: string;
}

/**
 * The zone's apex, redirected to the user-facing hostname. A CloudFlare partial (CNAME) zone cannot
 * take the apex: Route 53 allows no CNAME there and flattens aliases only to AWS targets (CloudFlare,
 * "Partial setup": redirect the apex where the authoritative DNS cannot flatten). So the apex is an
 * alias (A and AAAA) to a CloudFront distribution whose viewer-request function answers every request
 * with a 301 to `https://<targetHostname><path>?<query>` and HSTS; the distribution's origin (the target)
 * is never contacted. Its certificate is ACM's, in us-east-1, DNS-validated in the zone.
 */
export class ApexRedirect extends Construct {
  public readonly distribution: CloudfrontDistribution;
  public readonly function: CloudfrontFunction;
  /** The function's JavaScript (cloudfront-js-2.0), for tests that run it. */
  public readonly code: string;

  constructor(scope: Construct, id: string, props: ApexRedirectProps) {
    super(scope, id);
    const hsts = props.hstsMaxAgeSeconds ?? 31_536_000;
    this.validate(props, hsts);
    this.code = redirectFunctionCode(props.targetHostname, hsts);

    const certificate = new AcmCertificate(this, "Certificate", {
      region: CLOUDFRONT_CERTIFICATE_REGION,
      domainName: props.zoneName,
      validationMethod: "DNS",
      keyAlgorithm: "EC_prime256v1",
      lifecycle: { createBeforeDestroy: true },
    });
    const option = certificate.domainValidationOptions.get(0);
    const validationRecord = new Route53Record(this, "ValidationRecord", {
      zoneId: props.zoneId,
      name: option.resourceRecordName,
      type: option.resourceRecordType,
      records: [option.resourceRecordValue],
      ttl: 300,
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, "CertificateValidation", {
      region: CLOUDFRONT_CERTIFICATE_REGION,
      certificateArn: certificate.arn,
      validationRecordFqdns: [validationRecord.fqdn],
    });
    this.function = new CloudfrontFunction(this, "Function", {
      name: props.functionName,
      runtime: "cloudfront-js-2.0",
      comment: `301 from ${props.zoneName} to ${props.targetHostname}`,
      code: this.code,
      publish: true,
    });
    const originId = "target";
    this.distribution = new CloudfrontDistribution(this, "Distribution", {
      enabled: true,
      comment: `${props.zoneName}: redirect to ${props.targetHostname}`,
      aliases: [props.zoneName],
      isIpv6Enabled: true,
      httpVersion: "http2and3",
      priceClass: "PriceClass_100",
      // Never reached: the function answers every request at the viewer.
      origin: [
        {
          originId,
          domainName: props.targetHostname,
          customOriginConfig: {
            httpPort: 80,
            httpsPort: 443,
            originProtocolPolicy: "https-only",
            originSslProtocols: ["TLSv1.2"],
          },
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: originId,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD"],
        cachedMethods: ["GET", "HEAD"],
        cachePolicyId: CACHING_DISABLED_POLICY_ID,
        compress: true,
        functionAssociation: [{ eventType: "viewer-request", functionArn: this.function.arn }],
      },
      viewerCertificate: {
        acmCertificateArn: validation.certificateArn,
        sslSupportMethod: "sni-only",
        minimumProtocolVersion: "TLSv1.2_2021",
      },
      restrictions: { geoRestriction: { restrictionType: "none" } },
    });
    for (const type of ["A", "AAAA"] as const) {
      new Route53Record(this, `Alias${type}`, {
        zoneId: props.zoneId,
        name: props.zoneName,
        type,
        alias: {
          name: this.distribution.domainName,
          zoneId: this.distribution.hostedZoneId,
          evaluateTargetHealth: false,
        },
      });
    }
  }

  private validate(props: ApexRedirectProps, hsts: number): void {
    const v = new Validator(`ApexRedirect ${this.node.path}`);
    const host = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/;
    v.check(
      host.test(props.zoneName),
      "zoneName",
      props.zoneName,
      "a lower-case DNS zone name without the trailing dot",
      "pass production.zoneName",
    )
      .check(
        host.test(props.targetHostname) && props.targetHostname.endsWith(`.${props.zoneName}`),
        "targetHostname",
        props.targetHostname,
        `a host name under ${props.zoneName}`,
        "redirect to the user-facing hostname, e.g. app.<zone>",
      )
      .check(
        Number.isInteger(hsts) && hsts >= 0 && hsts <= 63_072_000,
        "hstsMaxAgeSeconds",
        hsts,
        "an integer from 0 to 63072000 (two years)",
        "a year, 31536000, as the edge's own HSTS setting",
      )
      .check(
        /^[A-Za-z0-9_-]{1,64}$/.test(props.functionName),
        "functionName",
        props.functionName,
        "1 to 64 letters, digits, - and _",
        "e.g. prod-apex-redirect",
      );
    v.throwIfAny();
  }
}

/**
 * The viewer-request handler: a 301 to the target with the request's path and query string kept
 * (cloudfront-js-2.0 gives the query as an object of `{ value, multiValue }`, still percent-encoded,
 * so it is passed on as it came), and HSTS. The event cannot tell `?a=` from `?a`; both come out as
 * `?a`, and repeated keys come out grouped by key.
 */
export function redirectFunctionCode(targetHostname: string, hstsMaxAgeSeconds: number): string {
  return `function handler(event) {
  var request = event.request;
  var parts = [];
  var query = request.querystring || {};
  Object.keys(query).forEach(function (name) {
    var entry = query[name];
    var values = entry.multiValue ? entry.multiValue : [entry];
    values.forEach(function (v) {
      parts.push(v.value === "" ? name : name + "=" + v.value);
    });
  });
  var location = "https://${targetHostname}" + request.uri + (parts.length ? "?" + parts.join("&") : "");
  return {
    statusCode: 301,
    statusDescription: "Moved Permanently",
    headers: {
      location: { value: location },
      "strict-transport-security": { value: "max-age=${hstsMaxAgeSeconds}; includeSubDomains" },
      "cache-control": { value: "max-age=3600" },
    },
  };
}
`;
}
