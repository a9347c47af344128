/**
 * KmsKey with every prop set: service grants with their conditions, a DR-region key, prevent_destroy
 * and the deletion window, plus the validation of alias, window and description. The defaults
 * (required props only) are pinned in kms-key-defaults.test.ts.
 */
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey as KmsKeyResource } from "@cdktf/provider-aws/lib/kms-key";
import { describe, expect, it } from "vitest";
import { KmsKey, type KmsKeyProps } from "../../../constructs/aws/kms-key";
import { TerraformOutput, Testing } from "../../../constructs/core";
import { errorOf, logicalIds, problem, resourceById, statementsOf } from "../../helpers";

const LOG_GROUP_CONTEXT = {
  test: "ArnLike",
  variable: "kms:EncryptionContext:aws:logs:arn",
  values: ["arn:aws:logs:eu-central-1:123456789012:log-group:/aws/eks/*"],
};
const props: KmsKeyProps = {
  description: "EKS control-plane logs of prod-blue",
  alias: "alias/prod-blue/logs",
  services: [
    { service: "logs.eu-central-1.amazonaws.com", conditions: [LOG_GROUP_CONTEXT] },
    { service: "s3.amazonaws.com" },
  ],
  deletionWindowDays: 14,
  preventDestroy: true,
  region: "eu-central-1",
};

function synth(overrides: Partial<KmsKeyProps> = {}): string {
  return Testing.synthScope((scope) => {
    const key = new KmsKey(scope, "Logs", { ...props, ...overrides });
    new TerraformOutput(scope, "KeyArn", { value: key.keyArn });
    new TerraformOutput(scope, "KeyId", { value: key.keyId });
  });
}

describe("KmsKey", () => {
  const out = synth();
  const key = resourceById(out, "aws_kms_key", "Logs_Key");
  const statements = statementsOf(out, key.policy);

  it("creates a rotating key and its alias in the given region, with prevent_destroy", () => {
    expect(logicalIds(out, "aws_kms_key")).toEqual(["Logs_Key"]);
    expect(out).toHaveResourceWithProperties(KmsKeyResource, {
      description: "EKS control-plane logs of prod-blue",
      enable_key_rotation: true,
      deletion_window_in_days: 14,
      region: "eu-central-1",
      lifecycle: { prevent_destroy: true },
    });
    expect(out).toHaveResourceWithProperties(KmsAlias, {
      name: "alias/prod-blue/logs",
      target_key_id: expect.stringMatching(/^\$\{aws_kms_key\.Logs_Key_[0-9A-F]{8}\.key_id\}$/),
      region: "eu-central-1",
    });
  });

  it("exposes the key's ARN and id", () => {
    const outputs = (JSON.parse(out) as { output: Record<string, { value: unknown }> }).output;
    expect(outputs.KeyArn!.value).toMatch(/^\$\{aws_kms_key\.Logs_Key_[0-9A-F]{8}\.arn\}$/);
    expect(outputs.KeyId!.value).toMatch(/^\$\{aws_kms_key\.Logs_Key_[0-9A-F]{8}\.key_id\}$/);
  });

  it("lets the account administer the key and each listed service use it, under its conditions", () => {
    expect(statements.map((s) => s.sid)).toEqual(["AccountAdministers", "ServiceUse0", "ServiceUse1"]);
    const use = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];
    expect(statements[1]).toMatchObject({
      effect: "Allow",
      principals: [{ type: "Service", identifiers: ["logs.eu-central-1.amazonaws.com"] }],
      actions: use,
      resources: ["*"],
      condition: [LOG_GROUP_CONTEXT],
    });
    expect(statements[2]).toMatchObject({
      principals: [{ type: "Service", identifiers: ["s3.amazonaws.com"] }],
      actions: use,
    });
    expect(statements[2]!.condition ?? []).toEqual([]);
  });

  it("never lets a service administer, delete or re-grant the key", () => {
    for (const s of statements.slice(1)) {
      const actions = s.actions as string[];
      expect(actions).not.toContain("kms:*");
      expect(actions.filter((a) => /Delete|Disable|Put|Create|Schedule|Grant/.test(a))).toEqual([]);
    }
  });

  it("leaves the key without prevent_destroy when asked", () => {
    const plain = synth({ preventDestroy: false });
    expect(resourceById(plain, "aws_kms_key", "Logs_Key")).not.toHaveProperty("lifecycle");
  });

  describe("validation", () => {
    it.each([
      [
        "an alias without the prefix",
        { alias: "prod/logs" },
        "alias",
        "prod/logs",
        "alias/<name>, not alias/aws/*",
      ],
      [
        "an AWS-managed alias",
        { alias: "alias/aws/s3" },
        "alias",
        "alias/aws/s3",
        "alias/<name>, not alias/aws/*",
      ],
      [
        "an alias with a space",
        { alias: "alias/prod logs" },
        "alias",
        "alias/prod logs",
        "alias/<name>, not alias/aws/*",
      ],
      ["a 6-day window", { deletionWindowDays: 6 }, "deletionWindowDays", 6, "an integer 7..30"],
      ["a 31-day window", { deletionWindowDays: 31 }, "deletionWindowDays", 31, "an integer 7..30"],
      ["a fractional window", { deletionWindowDays: 7.5 }, "deletionWindowDays", 7.5, "an integer 7..30"],
      ["a blank description", { description: "  " }, "description", "  ", "a non-empty text"],
    ] as const)("rejects %s", (_case, overrides, field, value, allowed) => {
      expect(errorOf(() => synth(overrides))).toContain(problem(field, value, allowed));
    });

    it.each([7, 30])("accepts a %i-day window", (deletionWindowDays) => {
      expect(
        resourceById(synth({ deletionWindowDays }), "aws_kms_key", "Logs_Key").deletion_window_in_days,
      ).toBe(deletionWindowDays);
    });

    it("reports every problem at once, naming the construct, with a hint for each", () => {
      const message = errorOf(() => synth({ alias: "logs", deletionWindowDays: 0, description: "" }));
      expect(message).toMatch(/^KmsKey .*Logs: 3 invalid prop\(s\)/);
      expect(message).toContain("hint: prefix the name with alias/");
      expect(message).toContain("hint: KMS accepts 7 to 30 days");
      expect(message).toContain("hint: say what the key protects");
    });
  });
});
