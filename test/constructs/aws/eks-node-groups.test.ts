import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KmsGrant } from "@cdktf/provider-aws/lib/kms-grant";
import { describe, expect, it } from "vitest";
import { EksNodeGroups, type EksNodeGroupsProps } from "../../../constructs/aws/eks-node-groups";
import { Testing } from "../../../constructs/core";
import { resourcesOf } from "../../helpers";
import { prod } from "./eks-fixtures";

const props: EksNodeGroupsProps = {
  name: "prod",
  clusterName: "prod",
  kubernetesVersion: "1.35",
  subnetIds: ["subnet-a", "subnet-b"],
  nodeSecurityGroupId: "sg-nodes",
  system: prod.aws!.kubernetes.systemNodeGroup,
  application: prod.aws!.kubernetes.applicationNodeGroup,
};
const synth = (overrides: Partial<EksNodeGroupsProps> = {}) =>
  Testing.synthScope((scope) => new EksNodeGroups(scope, "Nodes", { ...props, ...overrides }));

describe("EksNodeGroups", () => {
  const out = synth({ rootVolumeSizeGiB: 80, preventDestroy: true });

  it("gives nodes the worker, ECR read-only and SSM policies, but not the CNI policy", () => {
    const policies = Object.values(resourcesOf(out, "aws_iam_role_policy_attachment")).map((a) =>
      String(a.policy_arn).replace(/^.*:policy\//, ""),
    );
    expect(policies.sort()).toEqual([
      "AmazonEC2ContainerRegistryReadOnly",
      "AmazonEKSWorkerNodePolicy",
      "AmazonSSMManagedInstanceCore",
    ]);
    expect(out).toHaveResource(IamRolePolicyAttachment);
  });

  it("encrypts root volumes with a protected key the Auto Scaling service role may use", () => {
    expect(out).toHaveResourceWithProperties(KmsGrant, {
      key_id: expect.stringContaining("aws_kms_key.Nodes_VolumeKey"),
      grantee_principal: expect.stringMatching(
        /:role\/aws-service-role\/autoscaling\.amazonaws\.com\/AWSServiceRoleForAutoScaling$/,
      ),
      operations: expect.arrayContaining([
        "Encrypt",
        "Decrypt",
        "GenerateDataKeyWithoutPlaintext",
        "CreateGrant",
      ]),
    });
    const key = Object.values(resourcesOf(out, "aws_kms_key"))[0];
    expect(key).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
    for (const t of Object.values(resourcesOf(out, "aws_launch_template"))) {
      expect(t.block_device_mappings).toEqual([
        expect.objectContaining({ ebs: expect.objectContaining({ volume_size: 80, encrypted: "true" }) }),
      ]);
    }
  });

  it("makes every group wait for its IAM policies, the key grant and the given dependencies", () => {
    const plain = Testing.synthScope((scope) => {
      const groups = new EksNodeGroups(scope, "Nodes", props);
      expect(groups.applicationOnDemandNodeGroup).toBeDefined();
      expect(groups.applicationSpotNodeGroup).toBeDefined();
    });
    for (const g of Object.values(resourcesOf(plain, "aws_eks_node_group"))) {
      expect(g.depends_on).toEqual([
        expect.stringContaining("WorkerNodePolicy"),
        expect.stringContaining("RegistryReadOnlyPolicy"),
        expect.stringContaining("SsmManagedInstanceCorePolicy"),
        expect.stringContaining("aws_kms_grant.Nodes_VolumeKeyAutoscalingGrant"),
      ]);
    }
  });

  it("uses the launch template's latest version and follows the cluster version", () => {
    expect(out).toHaveResourceWithProperties(EksNodeGroup, {
      node_group_name_prefix: "prod-app-spot-",
      version: "1.35",
      launch_template: {
        id: expect.stringContaining("aws_launch_template.Nodes_ApplicationLaunchTemplate"),
        version: expect.stringContaining("latest_version"),
      },
      update_config: { max_unavailable: 1 },
      node_repair_config: { enabled: true },
      subnet_ids: ["subnet-a", "subnet-b"],
    });
  });

  it("attaches the node group and any additional groups (the data-clients group) to node ENIs", () => {
    const templates = Object.values(
      resourcesOf(synth({ additionalSecurityGroupIds: ["sg-data-clients"] }), "aws_launch_template"),
    );
    expect(templates.length).toBeGreaterThan(0);
    for (const t of templates) {
      expect(JSON.stringify(t.network_interfaces)).toContain(
        '"security_groups":["sg-nodes","sg-data-clients"]',
      );
    }
    for (const t of Object.values(resourcesOf(out, "aws_launch_template"))) {
      expect(JSON.stringify(t.network_interfaces)).toContain('"security_groups":["sg-nodes"]');
    }
  });

  it("validates its own sizing", () => {
    expect(() => synth({ rootVolumeSizeGiB: 10 })).toThrowError(
      /EksNodeGroups stack\/Nodes: 1 invalid prop\(s\)\n {2}- nodeRootVolumeSizeGiB: got 10; allowed: an integer 20\.\.16384/,
    );
  });
});

describe("EksNodeGroups maxPods", () => {
  it("leaves maxPods to EKS: managed nodes without a custom AMI ignore a launch template's value", () => {
    const templates = Object.values(resourcesOf(synth(), "aws_launch_template"));
    expect(templates).toHaveLength(2);
    for (const t of templates) expect(t.user_data).toBeUndefined();
  });
});
