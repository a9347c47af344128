/**
 * EksCluster built with its required props only, so each documented `@default` is pinned. The one
 * prop beyond the required ones is `privateEndpointCidrs`: the cluster needs at least one path to
 * its API (public or private), and the private one keeps the `publicEndpointCidrs` default in force.
 */
import { describe, expect, it } from "vitest";
import { EksCluster } from "../../../constructs/aws/eks-cluster";
import { Testing } from "../../../constructs/core";
import { type Attrs, resourcesOf } from "../../helpers";
import { dataOf, devNetwork } from "./eks-fixtures";

let eks: EksCluster | undefined;
const out = Testing.synthScope((scope) => {
  eks = new EksCluster(scope, "Eks", {
    name: "acme",
    region: "eu-west-1",
    version: "1.35",
    network: devNetwork(scope),
    privateEndpointCidrs: ["10.100.0.0/24"],
    systemNodeGroup: { instanceType: "m6i.large", minSize: 2, desiredSize: 2, maxSize: 3 },
    applicationNodeGroup: {
      instanceType: "m6i.large",
      minSize: 2,
      desiredSize: 2,
      maxSize: 4,
      spotPercent: 0,
      spotInstanceTypes: ["m6i.large"],
    },
  });
});
const only = (type: string, prefix: string): Attrs[] =>
  Object.entries(resourcesOf(out, type))
    .filter(([k]) => k.startsWith(prefix))
    .map(([, v]) => v);
const cluster = only("aws_eks_cluster", "Eks_Cluster")[0]!;

describe("EksCluster defaults (required props only)", () => {
  it("keeps the API endpoint private", () => {
    expect(cluster.vpc_config).toMatchObject({
      endpoint_private_access: true,
      endpoint_public_access: false,
    });
    expect(cluster.vpc_config).not.toHaveProperty("public_access_cidrs");
    expect(eks?.publicEndpointCidrs).toEqual([]);
  });

  it("encrypts secrets with a rotating key and uses API-only access with no creator admin", () => {
    expect(cluster.encryption_config).toMatchObject({ resources: ["secrets"] });
    expect(cluster.access_config).toEqual({
      authentication_mode: "API",
      bootstrap_cluster_creator_admin_permissions: false,
    });
    const keys = only("aws_kms_key", "Eks_");
    expect(keys.length).toBeGreaterThanOrEqual(3);
    for (const key of keys)
      expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
  });

  it("grants no admin role: no access entries", () => {
    expect(resourcesOf(out, "aws_eks_access_entry")).toEqual({});
    expect(resourcesOf(out, "aws_eks_access_policy_association")).toEqual({});
  });

  it("keeps every control-plane log type 365 days in a KMS-encrypted group", () => {
    expect(cluster.enabled_cluster_log_types).toEqual([
      "api",
      "audit",
      "authenticator",
      "controllerManager",
      "scheduler",
    ]);
    const [group] = only("aws_cloudwatch_log_group", "Eks_ControlPlaneLogs");
    expect(group).toMatchObject({
      name: "/aws/eks/acme/cluster",
      retention_in_days: 365,
      kms_key_id: expect.stringContaining("aws_kms_key.Eks_ControlPlaneLogs_Key_"),
    });
  });

  it("gives every node an encrypted 50 GiB gp3 root volume and IMDSv2 only", () => {
    const templates = only("aws_launch_template", "Eks_");
    expect(templates.length).toBeGreaterThanOrEqual(2);
    for (const t of templates) {
      expect(t.block_device_mappings).toEqual([
        expect.objectContaining({
          ebs: expect.objectContaining({ volume_size: 50, volume_type: "gp3", encrypted: "true" }),
        }),
      ]);
      expect(t.metadata_options).toMatchObject({ http_tokens: "required" });
    }
  });

  it("adds no extra node security groups", () => {
    for (const t of only("aws_launch_template", "Eks_")) {
      const [nic] = t.network_interfaces as Attrs[];
      expect(nic!.security_groups).toEqual([expect.stringContaining("NodeSecurityGroup")]);
    }
  });

  it("is not protected from deletion: no EKS deletion protection, no prevent_destroy on keys", () => {
    expect(cluster.deletion_protection).toBe(false);
    for (const key of only("aws_kms_key", "Eks_")) expect(key).not.toHaveProperty("lifecycle");
  });

  it("uses the AWS default build of each add-on for the cluster version", () => {
    const addons = only("aws_eks_addon", "Eks_");
    expect(addons.map((a) => a.addon_name).sort()).toEqual([
      "aws-ebs-csi-driver",
      "coredns",
      "kube-proxy",
      "vpc-cni",
    ]);
    for (const addon of addons) {
      expect(addon.addon_version).toEqual(expect.stringContaining("data.aws_eks_addon_version."));
    }
    for (const lookup of Object.values(dataOf(out, "aws_eks_addon_version"))) {
      expect(lookup).toMatchObject({ kubernetes_version: "1.35", most_recent: false });
    }
  });
});
