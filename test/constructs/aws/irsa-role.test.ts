import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachmentsExclusive } from "@cdktf/provider-aws/lib/iam-role-policy-attachments-exclusive";
import { describe, expect, it } from "vitest";
import { IrsaRole, type IrsaRoleProps } from "../../../constructs/aws/irsa-role";
import { Fn, Testing } from "../../../constructs/core";
import { resourcesOf } from "../../helpers";

const ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
const props: IrsaRoleProps = {
  oidcProviderArn: `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`,
  oidcIssuerUrl: `https://${ISSUER}`,
  namespace: "monitoring",
  serviceAccount: "prometheus",
  namePrefix: "prod-prometheus-",
  description: "Prometheus remote write",
  managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonPrometheusRemoteWriteAccess"],
};

function synth(overrides: Partial<IrsaRoleProps> = {}): string {
  return Testing.synthScope((scope) => new IrsaRole(scope, "Role", { ...props, ...overrides }));
}

describe("IrsaRole", () => {
  const out = synth();

  it("trusts one service account through the OIDC provider, checking sub and aud", () => {
    expect(out).toHaveDataSourceWithProperties(DataAwsIamPolicyDocument, {
      statement: [
        {
          sid: "ServiceAccountWebIdentity",
          effect: "Allow",
          actions: ["sts:AssumeRoleWithWebIdentity"],
          principals: [{ type: "Federated", identifiers: [props.oidcProviderArn] }],
          condition: [
            {
              test: "StringEquals",
              variable: `${ISSUER}:sub`,
              values: ["system:serviceaccount:monitoring:prometheus"],
            },
            { test: "StringEquals", variable: `${ISSUER}:aud`, values: ["sts.amazonaws.com"] },
          ],
        },
      ],
    });
    expect(out).toHaveResourceWithProperties(IamRole, {
      name_prefix: "prod-prometheus-",
      description: "Prometheus remote write",
      max_session_duration: 3600,
    });
  });

  it("strips the scheme from an issuer token with replace()", () => {
    const tokenIssuer = `\${replace(lower("https://X.example"), "https://", "")}`;
    const tokenOut = Testing.synthScope(
      (scope) => new IrsaRole(scope, "Role", { ...props, oidcIssuerUrl: Fn.lower("https://X.example") }),
    );
    expect(tokenOut).toHaveDataSourceWithProperties(DataAwsIamPolicyDocument, {
      statement: [
        expect.objectContaining({
          condition: [
            expect.objectContaining({
              variable: `${tokenIssuer}:sub`,
            }),
            expect.objectContaining({
              variable: `${tokenIssuer}:aud`,
            }),
          ],
        }),
      ],
    });
  });

  it("attaches managed policies exclusively, and an inline policy only when given", () => {
    expect(out).toHaveResourceWithProperties(IamRolePolicyAttachmentsExclusive, {
      policy_arns: ["arn:aws:iam::aws:policy/AmazonPrometheusRemoteWriteAccess"],
    });
    expect(resourcesOf(out, "aws_iam_role_policy")).toEqual({});
    const inline = synth({
      managedPolicyArns: undefined,
      policyJson: '{"Version":"2012-10-17","Statement":[]}',
    });
    expect(inline).toHaveResourceWithProperties(IamRolePolicy, { name: "service-account" });
    expect(resourcesOf(inline, "aws_iam_role_policy_attachments_exclusive")).toEqual({});
  });

  it("exposes the subject it trusts", () => {
    Testing.synthScope((scope) => {
      const role = new IrsaRole(scope, "Role", props);
      expect(role.subject).toBe("system:serviceaccount:monitoring:prometheus");
      expect([role.namespace, role.serviceAccount]).toEqual(["monitoring", "prometheus"]);
    });
  });

  it.each<[string, Partial<IrsaRoleProps>, RegExp]>([
    ["namespace", { namespace: "Kube_System" }, /namespace: got "Kube_System"; allowed: a DNS-1123 label/],
    [
      "serviceAccount",
      { serviceAccount: "-bad-" },
      /serviceAccount: got "-bad-"; allowed: a DNS-1123 subdomain/,
    ],
    [
      "namePrefix",
      { namePrefix: "a-name-prefix-that-is-far-too-long-for-iam-" },
      /namePrefix: got "a-name-prefix-that-is-far-too-long-for-iam-"; allowed: 1\.\.38 characters/,
    ],
    [
      "no policy",
      { managedPolicyArns: [] },
      /managedPolicyArns: got \[\]; allowed: at least one managed policy, or a policyJson/,
    ],
  ])("rejects a bad %s with its field, value and what is allowed", (_field, overrides, message) => {
    expect(() => synth(overrides)).toThrowError(message);
  });
});
