import { Release } from "@cdktf/provider-helm/lib/release";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ExternalDns, type ExternalDnsProps } from "../../../constructs/aws/external-dns";
import { Testing } from "../../../constructs/core";
import { type Attrs, resourcesOf } from "../../helpers";

const props: ExternalDnsProps = {
  clusterName: "prod-blue",
  region: "eu-west-1",
  zoneName: "platform.acme.example",
  zoneId: "Z0123456789ABCDEFGHIJ",
  oidcProviderArn: "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC",
  oidcIssuerUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC",
};
const synth = (overrides: Partial<ExternalDnsProps> = {}) =>
  Testing.synthScope((scope) => new ExternalDns(scope, "Dns", { ...props, ...overrides }));

describe("ExternalDns", () => {
  const out = synth();
  const values = parse((Object.values(resourcesOf(out, "helm_release"))[0]!.values as string[])[0]!);

  it("pins the kubernetes-sigs chart", () => {
    expect(out).toHaveResourceWithProperties(Release, {
      name: "external-dns",
      namespace: "external-dns",
      chart: "external-dns",
      repository: "https://kubernetes-sigs.github.io/external-dns/",
      version: "1.20.0",
    });
  });

  it("publishes only into the one zone, owns its records per cluster and never deletes others'", () => {
    expect(values).toMatchObject({
      provider: { name: "aws" },
      sources: ["service"],
      domainFilters: ["platform.acme.example"],
      policy: "upsert-only",
      registry: "txt",
      txtOwnerId: "prod-blue",
      extraArgs: ["--aws-zone-type=public", "--zone-id-filter=Z0123456789ABCDEFGHIJ"],
      nodeSelector: { "node-role": "system" },
    });
    expect(values.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).toMatch(
      /^\$\{aws_iam_role\.Dns_Role_/,
    );
  });

  it("lets its IRSA role change records in that zone only", () => {
    const doc = Object.values((JSON.parse(out).data as Attrs).aws_iam_policy_document as Attrs)[0] as Attrs;
    const statements = doc.statement as Attrs[];
    expect(statements[0]).toMatchObject({
      actions: ["route53:ChangeResourceRecordSets"],
      resources: [expect.stringMatching(/:route53:::hostedzone\/Z0123456789ABCDEFGHIJ$/)],
    });
    expect(JSON.stringify(statements)).not.toContain('"*:*"');
  });

  it("rejects a bad zone, zone id and region", () => {
    expect(() => synth({ zoneName: "not a zone", zoneId: "12345", region: "europe" })).toThrowError(
      /zoneName: got "not a zone"[\s\S]*zoneId: got "12345"; allowed: a Route 53 hosted zone id[\s\S]*region: got "europe"/,
    );
  });

  it("rejects malformed resource quantities", () => {
    const resources = { requests: { cpu: "50 m", memory: "64Mi" }, limits: { cpu: "1", memory: "128Mi" } };
    expect(() => synth({ resources })).toThrowError(
      /resources: got .*; allowed: CPU and memory quantities such as 250m and 512Mi/,
    );
  });
});
