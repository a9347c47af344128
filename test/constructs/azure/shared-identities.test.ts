import { describe, expect, it } from "vitest";
import { AzureSharedIdentities } from "../../../constructs/azure/shared-identities";
import { resourcesOf } from "../../helpers";
import { errorOf, synthWith } from "./azure-fixtures";

const props = {
  name: "prod-azure",
  resourceGroupName: "rg-prod",
  location: "westeurope",
  accounts: [
    { namespace: "database-roles", serviceAccount: "database-roles" },
    { namespace: "user-service", serviceAccount: "user-service" },
  ],
};

describe("AzureSharedIdentities", () => {
  it("creates one identity per service account and finds it by namespace and name", () => {
    let found: unknown;
    let missing: unknown;
    const out = synthWith((scope) => {
      const ids = new AzureSharedIdentities(scope, "Ids", props);
      found = ids.find({ namespace: "user-service", serviceAccount: "user-service" });
      missing = ids.find({ namespace: "user-service", serviceAccount: "other" });
      return undefined;
    });
    const names = Object.values(resourcesOf(out, "azurerm_user_assigned_identity")).map((i) => i.name);
    expect(names.sort()).toEqual([
      "id-prod-azure-database-roles-database-roles",
      "id-prod-azure-user-service-user-service",
    ]);
    expect(found).toMatchObject({ name: "id-prod-azure-user-service-user-service" });
    expect(missing).toBeUndefined();
  });

  it("refuses a service account twice and a name too long for a PostgreSQL role", () => {
    const twice = { ...props, accounts: [props.accounts[0]!, props.accounts[0]!] };
    expect(errorOf(() => synthWith((s) => void new AzureSharedIdentities(s, "Ids", twice)))).toMatch(
      /accounts: got "database-roles\/database-roles"; allowed: each service account once/,
    );
    const long = { ...props, accounts: [{ namespace: "n".repeat(30), serviceAccount: "s".repeat(30) }] };
    expect(errorOf(() => synthWith((s) => void new AzureSharedIdentities(s, "Ids", long)))).toMatch(
      /at most 63 characters/,
    );
  });
});
