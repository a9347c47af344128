import { describe, expect, it } from "vitest";
import {
  keyVaultNameFor,
  keyVaultNameProblems,
  resourceGroupNameProblems,
  storageAccountNameFor,
  storageAccountNameProblems,
} from "../../../constructs/azure/azure-names";

const allowed = (problems: { allowed: string }[]) => problems.map((p) => p.allowed);

describe("storage account names", () => {
  it("derives the letters and digits of prefix and purpose, lower-cased", () => {
    expect(storageAccountNameFor("acme-prod", "blob")).toBe("acmeprodblob");
    expect(storageAccountNameFor("Acme.Prod", "Logs")).toBe("acmeprodlogs");
  });

  it("cuts a long name to 24 characters with a deterministic hash that tells purposes apart", () => {
    const a = storageAccountNameFor("acme-platform-production", "blob");
    const b = storageAccountNameFor("acme-platform-production", "blob2");
    expect(a).toHaveLength(24);
    expect(a).toMatch(/^acmeplatformproducti[0-9a-f]{4}$/);
    expect(a).toBe(storageAccountNameFor("acme-platform-production", "blob"));
    expect(a).not.toBe(b);
    expect(storageAccountNameProblems(a)).toEqual([]);
  });

  it.each([
    ["ab", ["3 to 24 characters"]],
    ["a".repeat(25), ["3 to 24 characters"]],
    ["acme-prod", ["lower-case letters and digits only"]],
    ["AcmeProd", ["lower-case letters and digits only"]],
  ])("rejects %s", (name, expected) => {
    expect(allowed(storageAccountNameProblems(name))).toEqual(expected);
  });
});

describe("key vault names", () => {
  it("joins prefix and purpose with a dash, lower-cased, single dashes only", () => {
    expect(keyVaultNameFor("acme-prod", "kv")).toBe("acme-prod-kv");
    expect(keyVaultNameFor("Acme__Prod-", "kv")).toBe("acme-prod-kv");
  });

  it("cuts a long name to 24 characters with a dash and a deterministic hash", () => {
    const name = keyVaultNameFor("acme-platform-production", "kv");
    expect(name).toMatch(/^acme-platform-produ-[0-9a-f]{4}$/);
    expect(name).toBe(keyVaultNameFor("acme-platform-production", "kv"));
    expect(keyVaultNameProblems(name)).toEqual([]);
  });

  it.each([
    ["kv", ["3 to 24 characters"]],
    ["acme_prod", ["letters, digits and dashes only"]],
    ["1acme", ["a name that starts with a letter"]],
    ["acme-", ["a name that ends with a letter or digit"]],
    ["acme--prod", ["no two consecutive dashes"]],
  ])("rejects %s", (name, expected) => {
    expect(allowed(keyVaultNameProblems(name))).toEqual(expected);
  });
});

describe("resource group names", () => {
  it("accepts word characters, dashes, dots and parentheses", () => {
    expect(resourceGroupNameProblems("acme-prod_(eu).1")).toEqual([]);
  });

  it.each([
    ["", ["1 to 90 characters"]],
    ["a".repeat(91), ["1 to 90 characters"]],
    ["acme prod", ["letters, digits, underscores, dashes, dots and parentheses only"]],
    ["acme.", ["a name that does not end with a dot"]],
  ])("rejects %j", (name, expected) => {
    expect(allowed(resourceGroupNameProblems(name))).toEqual(expected);
  });
});
