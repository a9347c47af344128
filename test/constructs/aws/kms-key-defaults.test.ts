/**
 * KmsKey built with its required props only, so each documented `@default` (and the rotation that no
 * prop can turn off) is pinned on the synthesized key, alias and policy.
 */
import { describe, expect, it } from "vitest";
import { KmsKey } from "../../../constructs/aws/kms-key";
import { Testing } from "../../../constructs/core";
import { resourceById, statementsOf } from "../../helpers";

let construct: KmsKey | undefined;
const out = Testing.synthScope((scope) => {
  construct = new KmsKey(scope, "Key", { description: "test data", alias: "alias/acme/test" });
});
const key = resourceById(out, "aws_kms_key", "Key");
const alias = resourceById(out, "aws_kms_alias", "Key_Alias");

describe("KmsKey defaults (required props only)", () => {
  it("rotates the key", () => {
    expect(key.enable_key_rotation).toBe(true);
  });

  it("waits 30 days before a scheduled deletion completes", () => {
    expect(key.deletion_window_in_days).toBe(30);
    expect(construct?.deletionWindowDays).toBe(30);
  });

  it("adds no prevent_destroy", () => {
    expect(key).not.toHaveProperty("lifecycle");
  });

  it("lives in the provider's region", () => {
    expect(key).not.toHaveProperty("region");
    expect(alias).not.toHaveProperty("region");
    expect(alias).toMatchObject({ name: "alias/acme/test" });
  });

  it("grants no AWS service: the key policy only lets the account administer the key", () => {
    const statements = statementsOf(out, key.policy);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({
      sid: "AccountAdministers",
      effect: "Allow",
      principals: [{ type: "AWS", identifiers: [expect.stringMatching(/:root$/)] }],
      actions: ["kms:*"],
    });
  });
});
