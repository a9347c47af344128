import { ref, stackOf } from "../../lib/fixture.js";
import {
  dataDocumentStatements,
  jsonPolicyStatements,
  POLICY_DOCUMENT_DATA,
  policyJson,
} from "../../lib/iam.js";
import { isWebIdentityTrust, trustProblems } from "../../lib/trust.js";
import { isSet } from "../../lib/values.js";
import type { ResourceView, Rule, RuleFixtures } from "../../types.js";

const ISSUER = ref('replace(aws_eks_cluster.c.identity[0].oidc[0].issuer, "https://", "")');

function azureProblems({ values }: ResourceView): string[] {
  const problems: string[] = [];
  const subject = values.subject;
  if (!isSet(subject)) problems.push("subject is unset; expected system:serviceaccount:<namespace>:<name>");
  else if (typeof subject === "string" && subject.includes("*")) {
    problems.push(`subject is ${JSON.stringify(subject)} (a wildcard); expected one service account`);
  }
  if (!isSet(values.audience)) problems.push('audience is unset; expected ["api://AzureADTokenExchange"]');
  return problems;
}

/**
 * A workload identity names exactly one service account. Trust policies are read where they are
 * written: `data.aws_iam_policy_document` sources (each once, however many roles use it) and JSON
 * `assume_role_policy` strings; plus Azure `azurerm_federated_identity_credential`.
 */
const rule: Rule = {
  id: "PLAT-IAM-005",
  severity: "HIGH",
  resourceTypes: [POLICY_DOCUMENT_DATA, "aws_iam_role", "azurerm_federated_identity_credential"],
  description:
    "Web-identity trust (IRSA, OIDC; aws_iam_policy_document and JSON assume_role_policy) conditions on both <issuer>:sub and <issuer>:aud, never a StringLike wildcard service account; Azure federated credentials set subject (no *) and audience.",
  fix: 'Add StringEquals conditions on "<issuer>:sub" = "system:serviceaccount:<namespace>:<name>" and "<issuer>:aud" = "sts.amazonaws.com".',
  check: (view) => {
    if (view.type === "azurerm_federated_identity_credential") return azureProblems(view);
    const [statements, label] =
      view.type === POLICY_DOCUMENT_DATA
        ? [dataDocumentStatements(view), "statement"]
        : [jsonPolicyStatements(view.values.assume_role_policy) ?? [], "assume_role_policy Statement"];
    return statements.flatMap((s, i) => (isWebIdentityTrust(s) ? trustProblems(s, `${label}[${i}]`) : []));
  },
};
export default rule;

const federated = [{ type: "Federated", identifiers: [ref("aws_iam_openid_connect_provider.eks.arn")] }];

export const fixtures: RuleFixtures = {
  pass: stackOf(
    {
      aws_iam_role: {
        node: {
          assume_role_policy: policyJson([
            { Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ec2.amazonaws.com" } },
          ]),
        },
      },
      azurerm_federated_identity_credential: {
        app: { subject: "system:serviceaccount:shop:api", audience: ["api://AzureADTokenExchange"] },
      },
    },
    {
      aws_iam_policy_document: {
        irsa: {
          statement: [
            {
              actions: ["sts:AssumeRoleWithWebIdentity"],
              principals: federated,
              condition: [
                {
                  test: "StringEquals",
                  variable: `${ISSUER}:sub`,
                  values: ["system:serviceaccount:shop:api"],
                },
                { test: "StringEquals", variable: `${ISSUER}:aud`, values: ["sts.amazonaws.com"] },
              ],
            },
          ],
        },
      },
    },
  ),
  fail: stackOf(
    {
      aws_iam_role: {
        json: {
          assume_role_policy: policyJson([
            {
              Effect: "Allow",
              Action: "sts:AssumeRoleWithWebIdentity",
              Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/oidc.eks.example/id/X" },
              Condition: { StringEquals: { "oidc.eks.example/id/X:aud": "sts.amazonaws.com" } },
            },
          ]),
        },
      },
    },
    {
      aws_iam_policy_document: {
        wild: {
          statement: [
            {
              actions: ["sts:AssumeRoleWithWebIdentity"],
              principals: federated,
              condition: [
                { test: "StringLike", variable: `${ISSUER}:sub`, values: ["system:serviceaccount:shop:*"] },
                { test: "StringEquals", variable: `${ISSUER}:aud`, values: ["sts.amazonaws.com"] },
              ],
            },
          ],
        },
      },
    },
  ),
  attribute: ":sub",
};
