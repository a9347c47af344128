import { describe, expect, it } from "vitest";
import {
  AksWorkloadIdentity,
  type AksWorkloadIdentityProps,
} from "../../../constructs/azure/aks-workload-identity";
import { Testing } from "../../../constructs/core";
import { errorOf, problem } from "../../helpers";
import { one, policyFindings } from "./aks-fixtures";

const ISSUER = "https://westeurope.oic.prod-aks.azure.com/tenant/uuid/";
const props = (overrides: Partial<AksWorkloadIdentityProps> = {}): AksWorkloadIdentityProps => ({
  clusterName: "prod-blue",
  resourceGroupName: "acme-prod",
  location: "westeurope",
  oidcIssuerUrl: ISSUER,
  namespace: "shop",
  serviceAccount: "api",
  ...overrides,
});
const synth = (p: AksWorkloadIdentityProps) =>
  Testing.synthScope((scope) => {
    new AksWorkloadIdentity(scope, "Wi", p);
  });

describe("AksWorkloadIdentity", () => {
  const out = synth(props());

  it("trusts exactly one service account of the cluster's issuer, for the Entra token exchange", () => {
    expect(one(out, "azurerm_user_assigned_identity", "Wi_Identity")).toMatchObject({
      name: "id-prod-blue-shop-api",
      resource_group_name: "acme-prod",
      location: "westeurope",
    });
    expect(one(out, "azurerm_federated_identity_credential", "Wi_FederatedCredential")).toEqual({
      name: "prod-blue-shop-api",
      resource_group_name: "acme-prod",
      parent_id: expect.stringMatching(/^\$\{azurerm_user_assigned_identity\.Wi_Identity_\w+\.id\}$/),
      issuer: ISSUER,
      subject: "system:serviceaccount:shop:api",
      audience: ["api://AzureADTokenExchange"],
    });
  });

  it("returns the service-account annotation, the pod label and the principal to grant roles to", () => {
    Testing.synthScope((scope) => {
      const wi = new AksWorkloadIdentity(scope, "Wi", props());
      expect(wi.subject).toBe("system:serviceaccount:shop:api");
      expect(wi.serviceAccountAnnotations).toEqual({ "azure.workload.identity/client-id": wi.clientId });
      expect(wi.podLabels).toEqual({ "azure.workload.identity/use": "true" });
      expect(wi.principalId).not.toBe(wi.clientId);
    });
  });

  it("assigns each granted role, named after the role so reordering grants keeps their addresses", () => {
    const vault = (n: string) =>
      `/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/${n}`;
    const granted = synth(
      props({
        roleAssignments: [
          { scope: vault("a"), roleDefinitionName: "Key Vault Secrets User" },
          { scope: vault("b"), roleDefinitionName: "Key Vault Secrets User" },
          { scope: vault("a"), roleDefinitionName: "Reader" },
        ],
      }),
    );
    expect(one(granted, "azurerm_role_assignment", "Wi_RoleKeyVaultSecretsUser")).toMatchObject({
      scope: vault("a"),
    });
    expect(one(granted, "azurerm_role_assignment", "Wi_RoleKeyVaultSecretsUser2")).toMatchObject({
      scope: vault("b"),
    });
    expect(one(granted, "azurerm_role_assignment", "Wi_RoleReader")).toMatchObject({
      role_definition_name: "Reader",
      principal_id: expect.stringMatching(/azurerm_user_assigned_identity\.Wi_Identity_\w+\.principal_id\}$/),
      principal_type: "ServicePrincipal",
      skip_service_principal_aad_check: true,
    });
    expect(Object.keys(JSON.parse(out).resource)).not.toContain("azurerm_role_assignment");
  });

  it("names a service account with dots by dashes, which Azure resource names allow", () => {
    const dotted = synth(props({ serviceAccount: "api.v2" }));
    expect(one(dotted, "azurerm_federated_identity_credential", "Wi_FederatedCredential")).toMatchObject({
      name: "prod-blue-shop-api-v2",
      subject: "system:serviceaccount:shop:api.v2",
    });
  });

  it("passes PLAT-IAM-005, which fails the same credential widened to a wildcard", async () => {
    expect((await policyFindings(out, "production")).filter((f) => f.startsWith("PLAT-IAM-005"))).toEqual([]);
    const doc = JSON.parse(out) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    for (const credential of Object.values(doc.resource.azurerm_federated_identity_credential!)) {
      credential.subject = "system:serviceaccount:shop:*";
    }
    expect(await policyFindings(JSON.stringify(doc), "production")).toEqual([
      expect.stringMatching(/^PLAT-IAM-005 .*a wildcard/),
    ]);
  });

  it("refuses names Kubernetes would not accept, and a name too long for the credential", () => {
    const message = errorOf(() =>
      synth(props({ namespace: "Shop", serviceAccount: "api_v2", clusterName: "c".repeat(120) })),
    );
    expect(message).toContain(
      problem("namespace", "Shop", "a DNS-1123 label (lower-case letters, digits, dashes; at most 63)"),
    );
    expect(message).toContain(
      problem("serviceAccount", "api_v2", "a DNS-1123 subdomain (lower-case letters, digits, dashes, dots)"),
    );
    expect(message).toContain(
      problem(
        "clusterName/namespace/serviceAccount",
        `${"c".repeat(120)}-Shop-api_v2`,
        "together at most 120 characters (<cluster>-<namespace>-<serviceAccount>)",
      ),
    );
  });
});
