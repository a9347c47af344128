import { describe, expect, it } from "vitest";
import {
  collectSensitiveStrings,
  isSecretName,
  maskChild,
  REDACTED,
  redactText,
  SENSITIVE,
  scrubStrings,
} from "../../scripts/preview/redact";
import { fixturePlan } from "./fixtures";

describe("redactText", () => {
  it.each([
    [
      "private key block",
      "k=-----BEGIN RSA PRIVATE KEY-----\nMIIEsecret\n-----END RSA PRIVATE KEY-----",
      "MIIEsecret",
    ],
    ["unterminated private key", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk", "b3BlbnNzaC1rZXk"],
    ["AWS access key id", "id AKIAABCDEFGHIJKLMNOP here", "AKIAABCDEFGHIJKLMNOP"],
    [
      "AWS secret access key",
      "key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY!",
      "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ],
    ["password in a URL", "postgres://app:hunter2-abc@db:5432/app", "hunter2-abc"],
    [
      "JWT",
      "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N",
      "dozjgNryP4J3jVmNHl0w5N",
    ],
    ["password= assignment", "Host=db;Password=Tr0ub4dor;Port=5432", "Tr0ub4dor"],
    ["token: in YAML", "token: ghp_abcdefghijklmnop", "ghp_abcdefghijklmnop"],
  ])("hides a %s", (_name, text, secret) => {
    const out = redactText(text);
    expect(out).not.toContain(secret);
    expect(redactText(out)).toBe(out);
  });

  it("keeps ordinary values: hashes, ARNs, addresses, asset paths", () => {
    const text = [
      "861da81f2b0c4d5e6f708192a3b4c5d6e7f80912",
      "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      "aws_db_instance.Database_ReadReplica1_E1029ED1",
      "./assets/RawManifestsChart/26D291CD9977B0F78A973BB2E6BDC0AE",
      "https://github.com/acme/platform-apps.git",
    ].join("\n");
    expect(redactText(text)).toBe(text);
  });

  it("keeps the user of a URL and replaces only its password", () => {
    expect(redactText("redis://default:s3cr3t@cache:6379")).toBe(`redis://default:${REDACTED}@cache:6379`);
  });
});

describe("isSecretName", () => {
  it.each([
    "password",
    "master_password",
    "auth_token",
    "secret_string",
    "client_secret",
    "private_key_pem",
    "apiKey",
  ])("treats %s as secret", (name) => expect(isSecretName(name)).toBe(true));
  it.each([
    "http_tokens",
    "secret_arn",
    "kms_key_id",
    "secret_id",
    "auth_token_update_strategy",
    "secretName",
    "name",
  ])("treats %s as a reference, not a secret", (name) => expect(isSecretName(name)).toBe(false));
});

describe("sensitivity masks", () => {
  it("follows nested masks, and true covers the whole subtree", () => {
    const at = (mask: unknown, path: (string | number)[]) => path.reduce(maskChild, mask) === true;
    const mask = { password: true, tags: {}, blocks: [{ token: true }, false], data: true };
    expect(at(mask, ["password"])).toBe(true);
    expect(at(mask, ["tags", "Name"])).toBe(false);
    expect(at(mask, ["blocks", 0, "token"])).toBe(true);
    expect(at(mask, ["blocks", 1])).toBe(false);
    expect(at(mask, ["data", "deep", 3, "x"])).toBe(true);
    expect(at(true, ["anything"])).toBe(true);
    expect(at(undefined, ["x"])).toBe(false);
  });

  it("collects every string a plan marks sensitive, inside JSON strings too", () => {
    const secrets = collectSensitiveStrings([fixturePlan("prod-change")]);
    expect(secrets).toContain("fixture-db-password-7Q2x");
    expect(secrets).toContain("fixture-redis-auth-9Kp3RedisToken");
    expect(secrets).toContain("fixture-rotated-password-Ld9w");
    expect(secrets).toContain("fixture-set-sensitive-Qw3r");
    expect(secrets).toContain("fixture-pagerduty-key-Mn5b");
    // Common words are hidden where marked but not hunted everywhere (secret_string holds "postgres").
    expect(secrets).not.toContain("postgres");
    expect(secrets).not.toContain("platform");
  });

  it("scrubs collected strings wherever they appear", () => {
    const out = scrubStrings("a fixture-db-password-7Q2x b", new Set(["fixture-db-password-7Q2x"]));
    expect(out).toBe(`a ${SENSITIVE} b`);
  });
});
