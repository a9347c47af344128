import { DataAwsEksAddonVersion } from "@cdktf/provider-aws/lib/data-aws-eks-addon-version";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { describe, expect, it } from "vitest";
import { EksManagedAddon, type EksManagedAddonProps } from "../../../constructs/aws/eks-managed-addon";
import { Testing } from "../../../constructs/core";

const props: EksManagedAddonProps = { clusterName: "prod", kubernetesVersion: "1.35", addonName: "vpc-cni" };
const synth = (overrides: Partial<EksManagedAddonProps> = {}) =>
  Testing.synthScope((scope) => new EksManagedAddon(scope, "Addon", { ...props, ...overrides }));

describe("EksManagedAddon", () => {
  it("uses the AWS default build for the cluster version and overwrites conflicts", () => {
    const out = synth({
      serviceAccountRoleArn: "arn:aws:iam::123456789012:role/cni",
      configuration: { a: "b" },
    });
    expect(out).toHaveDataSourceWithProperties(DataAwsEksAddonVersion, {
      addon_name: "vpc-cni",
      kubernetes_version: "1.35",
      most_recent: false,
    });
    expect(out).toHaveResourceWithProperties(EksAddon, {
      cluster_name: "prod",
      addon_name: "vpc-cni",
      addon_version: expect.stringMatching(
        /^\$\{data\.aws_eks_addon_version\.Addon_DefaultVersion_\w+\.version\}$/,
      ),
      resolve_conflicts_on_create: "OVERWRITE",
      resolve_conflicts_on_update: "OVERWRITE",
      service_account_role_arn: "arn:aws:iam::123456789012:role/cni",
      configuration_values: '{"a":"b"}',
    });
  });

  it("uses a pinned build without a lookup", () => {
    const out = synth({ version: "v1.19.2-eksbuild.1" });
    expect(out).toHaveResourceWithProperties(EksAddon, { addon_version: "v1.19.2-eksbuild.1" });
    expect(JSON.parse(out).data).toBeUndefined();
  });

  it("rejects a build that is not an EKS add-on version", () => {
    expect(() => synth({ version: "latest" })).toThrowError(
      /version: got "latest"; allowed: an EKS add-on build such as v1\.19\.2-eksbuild\.1/,
    );
  });
});
