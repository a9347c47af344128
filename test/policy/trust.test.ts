import { describe, expect, it } from "vitest";
import { evaluate } from "../../policy/engine.js";
import { ref } from "../../policy/lib/fixture.js";
import { policyJson } from "../../policy/lib/iam.js";
import { loadRules } from "../../policy/registry.js";
import { principalsOf } from "../../policy/rules/eks/cluster-admin-access.js";
import type { PolicyContext, StackDoc } from "../../policy/types.js";
import { testContext } from "./helpers.js";

const rules = await loadRules();
const findings = (id: string, doc: StackDoc, ctx: Partial<PolicyContext> = {}) =>
  evaluate(
    "prod",
    doc,
    testContext(ctx),
    rules.filter((r) => r.id === id),
    { waivers: [] },
  ).map((f) => `${f.address}: ${f.message}`);

const ISSUER = ref('replace(aws_eks_cluster.c.identity[0].oidc[0].issuer, "https://", "")');
const condition = (test: string, claim: "sub" | "aud", values: string[]) => ({
  test,
  variable: `${ISSUER}:${claim}`,
  values,
});
const trustDoc = (conditions: object[], extra: Record<string, unknown> = {}): StackDoc => ({
  resource: {
    aws_iam_role: { irsa: { assume_role_policy: ref("data.aws_iam_policy_document.trust.json") } },
  },
  data: {
    aws_iam_policy_document: {
      trust: {
        statement: [
          {
            actions: ["sts:AssumeRoleWithWebIdentity"],
            principals: [
              { type: "Federated", identifiers: [ref("aws_iam_openid_connect_provider.eks.arn")] },
            ],
            condition: conditions,
            ...extra,
          },
        ],
      },
    },
  },
});
const SUB = condition("StringEquals", "sub", ["system:serviceaccount:shop:api"]);
const AUD = condition("StringEquals", "aud", ["sts.amazonaws.com"]);

describe("PLAT-IAM-005: web-identity trust names one service account", () => {
  it("accepts sub and aud conditions, and reports each data source once however many roles use it", () => {
    expect(findings("PLAT-IAM-005", trustDoc([SUB, AUD]))).toEqual([]);
    const missing = trustDoc([SUB]);
    missing.resource!.aws_iam_role!.other = {
      assume_role_policy: ref("data.aws_iam_policy_document.trust.json"),
    };
    expect(findings("PLAT-IAM-005", missing)).toEqual([
      'data.aws_iam_policy_document.trust: statement[0] has no <issuer>:aud condition; expected StringEquals on :aud = "sts.amazonaws.com"',
    ]);
  });

  it("reports a missing sub and a StringLike wildcard service account", () => {
    expect(findings("PLAT-IAM-005", trustDoc([AUD]))).toEqual([
      "data.aws_iam_policy_document.trust: statement[0] has no <issuer>:sub condition; expected StringEquals on :sub naming the service account (system:serviceaccount:<namespace>:<name>)",
    ]);
    expect(
      findings("PLAT-IAM-005", trustDoc([condition("StringLike", "sub", ["system:serviceaccount:*"]), AUD])),
    ).toEqual([
      'data.aws_iam_policy_document.trust: statement[0] matches :sub with StringLike "system:serviceaccount:*" (a wildcard service account); expected StringEquals on one service account',
    ]);
    expect(
      findings(
        "PLAT-IAM-005",
        trustDoc([condition("StringLike", "sub", ["system:serviceaccount:shop:api"]), AUD]),
      ),
    ).toEqual([]);
  });

  it("reads JSON assume_role_policy, including sts:* for a federated principal, and ignores other trust", () => {
    const role = (statement: object) => ({
      resource: { aws_iam_role: { r: { assume_role_policy: policyJson([statement as never]) } } },
    });
    expect(
      findings(
        "PLAT-IAM-005",
        role({
          Effect: "Allow",
          Action: "sts:*",
          Principal: { Federated: "arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com" },
        }),
      ),
    ).toHaveLength(2);
    expect(
      findings(
        "PLAT-IAM-005",
        role({
          Effect: "Allow",
          Action: "sts:AssumeRoleWithWebIdentity",
          Principal: { Federated: "arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com" },
          Condition: {
            StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
            StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/*" },
          },
        }),
      ),
    ).toEqual([
      'aws_iam_role.r: assume_role_policy Statement[0] matches :sub with StringLike "repo:acme/*" (a wildcard service account); expected StringEquals on one service account',
    ]);
    expect(
      findings(
        "PLAT-IAM-005",
        role({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ec2.amazonaws.com" } }),
      ),
    ).toEqual([]);
    const identityPolicy: StackDoc = {
      resource: {},
      data: {
        aws_iam_policy_document: {
          ci: {
            statement: [
              { actions: ["sts:AssumeRoleWithWebIdentity"], resources: ["arn:aws:iam::1:role/deploy"] },
            ],
          },
        },
      },
    };
    expect(findings("PLAT-IAM-005", identityPolicy)).toEqual([]);
    expect(
      findings(
        "PLAT-IAM-005",
        role({
          Effect: "Allow",
          Action: "sts:AssumeRoleWithWebIdentity",
          Principal: { Federated: "cognito-identity.amazonaws.com" },
        }),
      ),
    ).toEqual([]);
  });

  it("checks Azure federated identity credentials", () => {
    expect(
      findings("PLAT-IAM-005", {
        resource: {
          azurerm_federated_identity_credential: { f: { subject: "system:serviceaccount:shop:*" } },
        },
      }),
    ).toEqual([
      'azurerm_federated_identity_credential.f: subject is "system:serviceaccount:shop:*" (a wildcard); expected one service account',
      'azurerm_federated_identity_credential.f: audience is unset; expected ["api://AzureADTokenExchange"]',
    ]);
  });
});

describe("PLAT-IAM-006 and PLAT-IAM-002: NotAction, NotResource and whole services", () => {
  it("reports NotAction/NotResource in an Allow of any policy document, not in a Deny", () => {
    const doc: StackDoc = {
      resource: {
        aws_kms_key: {
          k: {
            policy: policyJson([
              {
                Effect: "Allow",
                NotAction: "kms:ScheduleKeyDeletion",
                Resource: "*",
                Principal: { AWS: "arn:aws:iam::1:root" },
              },
            ]),
          },
        },
        aws_iam_role: {
          r: {
            inline_policy: [
              {
                name: "i",
                policy: policyJson([
                  { Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::secret/*" },
                ]),
              },
            ],
          },
        },
        aws_iam_policy: {
          deny: { policy: policyJson([{ Effect: "Deny", NotAction: "iam:*", Resource: "*" }]) },
        },
      },
    };
    expect(findings("PLAT-IAM-006", doc)).toEqual([
      'aws_iam_role.r: inline_policy[0].policy[0] allows NotResource ["arn:aws:s3:::secret/*"]; expected an explicit Resource list',
      'aws_kms_key.k: policy[0] allows NotAction ["kms:ScheduleKeyDeletion"]; expected an explicit Action list',
    ]);
  });

  it("reports service:* whatever the resource, and not partial wildcards", () => {
    const doc: StackDoc = {
      resource: {
        aws_iam_policy: {
          p: {
            policy: policyJson([
              { Effect: "Allow", Action: ["S3:*", "s3:Get*"], Resource: "arn:aws:s3:::acme/*" },
              { Effect: "Allow", Action: "ec2:Describe*", Resource: "*" },
            ]),
          },
        },
      },
    };
    expect(findings("PLAT-IAM-002", doc)).toEqual([
      'aws_iam_policy.p: policy Statement[0] allows Action "S3:*" on Resource "arn:aws:s3:::acme/*"; expected specific actions, not a whole service',
    ]);
  });
});

describe("PLAT-S3-013: bucket policies speak to everyone only to deny", () => {
  it("reports an Allow to Principal * with or without conditions, and on the legacy bucket policy", () => {
    const open = policyJson([
      { Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::a/*" },
    ]);
    expect(
      findings("PLAT-S3-013", {
        resource: { aws_s3_bucket: { a: { policy: open } }, aws_s3_bucket_policy: { p: { policy: open } } },
      }),
    ).toEqual([
      'aws_s3_bucket_policy.p: policy Statement[0] is Allow for Principal "*"; expected Principal "*" only in a Deny',
      'aws_s3_bucket.a: policy Statement[0] is Allow for Principal "*"; expected Principal "*" only in a Deny',
    ]);
  });
});

describe("PLAT-EKS-005: cluster-admin for the configured admins only", () => {
  const ADMIN = "arn:aws:iam::111122223333:role/platform-deployer";
  const association = (values: Record<string, unknown>): StackDoc => ({
    resource: {
      aws_eks_access_policy_association: {
        a: {
          policy_arn: `arn:${ref("data.aws_partition.p.partition")}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
          ...values,
        },
      },
    },
  });

  it("reads principals from principal_arn and from a literal for_each", () => {
    expect(principalsOf({ principal_arn: ADMIN })).toEqual([ADMIN]);
    expect(
      principalsOf({ principal_arn: ref("each.value"), for_each: ref(`toset(["${ADMIN}", "arn:b"])`) }),
    ).toEqual([ADMIN, "arn:b"]);
    expect(principalsOf({ principal_arn: ref("each.key"), for_each: { [ADMIN]: "x" } })).toEqual([ADMIN]);
    expect(principalsOf({ principal_arn: ref("each.value"), for_each: [ADMIN] })).toEqual([ADMIN]);
    expect(principalsOf({ principal_arn: ref("aws_iam_role.r.arn") })).toBeUndefined();
    expect(principalsOf({ principal_arn: ref("each.value"), for_each: ref("var.admins") })).toBeUndefined();
  });

  it("reports principals outside aws.kubernetes.adminRoleArns, unknown principals, and creator admin", () => {
    const ctx = { adminRoleArns: [ADMIN] };
    expect(
      findings(
        "PLAT-EKS-005",
        association({ principal_arn: ref("each.value"), for_each: ref(`toset(["${ADMIN}"])`) }),
        ctx,
      ),
    ).toEqual([]);
    expect(
      findings("PLAT-EKS-005", association({ principal_arn: "arn:aws:iam::111122223333:role/dev" }), ctx),
    ).toEqual([
      `aws_eks_access_policy_association.a: principal_arn "arn:aws:iam::111122223333:role/dev" gets AmazonEKSClusterAdminPolicy; expected one of aws.kubernetes.adminRoleArns (${ADMIN})`,
    ]);
    expect(findings("PLAT-EKS-005", association({ principal_arn: ref("aws_iam_role.ci.arn") }), ctx)).toEqual(
      [
        `aws_eks_access_policy_association.a: principal_arn "${ref("aws_iam_role.ci.arn")}" gets AmazonEKSClusterAdminPolicy and cannot be checked at synth time; expected one of aws.kubernetes.adminRoleArns (${ADMIN})`,
      ],
    );
    expect(findings("PLAT-EKS-005", association({ principal_arn: ADMIN }))).toEqual([
      `aws_eks_access_policy_association.a: principal_arn "${ADMIN}" gets AmazonEKSClusterAdminPolicy; expected one of aws.kubernetes.adminRoleArns (none configured)`,
    ]);
    expect(
      findings(
        "PLAT-EKS-005",
        {
          resource: {
            aws_eks_cluster: { c: { access_config: { bootstrap_cluster_creator_admin_permissions: true } } },
          },
        },
        ctx,
      ),
    ).toHaveLength(1);
    expect(
      findings(
        "PLAT-EKS-005",
        {
          resource: {
            aws_eks_access_entry: {
              e: { principal_arn: "arn:aws:iam::1:role/x", kubernetes_groups: ["viewers"] },
            },
          },
        },
        ctx,
      ),
    ).toEqual([]);
  });
});
