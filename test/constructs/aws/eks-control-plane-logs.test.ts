import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { describe, expect, it } from "vitest";
import { EksControlPlaneLogs } from "../../../constructs/aws/eks-control-plane-logs";
import { Testing } from "../../../constructs/core";
import { oneOf } from "./eks-fixtures";

describe("EksControlPlaneLogs", () => {
  const out = Testing.synthScope(
    (scope) =>
      new EksControlPlaneLogs(scope, "Logs", {
        name: "prod",
        region: "eu-west-1",
        retentionDays: 90,
        preventDestroy: true,
      }),
  );

  it("creates the log group EKS writes to, encrypted with its own protected key", () => {
    expect(out).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "/aws/eks/prod/cluster",
      retention_in_days: 90,
      kms_key_id: expect.stringContaining("aws_kms_key.Logs_Key"),
    });
    expect(out).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
      lifecycle: { prevent_destroy: true },
    });
  });

  it("lets CloudWatch Logs use the key for this log group only", () => {
    const policy = oneOf(out, "data", "aws_iam_policy_document", "Logs_Key_Policy");
    expect(policy.statement).toContainEqual(
      expect.objectContaining({
        principals: [{ type: "Service", identifiers: ["logs.eu-west-1.amazonaws.com"] }],
        condition: [
          {
            test: "ArnEquals",
            variable: "kms:EncryptionContext:aws:logs:arn",
            values: [expect.stringMatching(/:logs:eu-west-1:.*:log-group:\/aws\/eks\/prod\/cluster$/)],
          },
        ],
      }),
    );
  });
});
