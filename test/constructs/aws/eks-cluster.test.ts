import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksCluster as EksClusterResource } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { describe, expect, it } from "vitest";
import { EksCluster, type EksVersion } from "../../../constructs/aws/eks-cluster";
import { TerraformOutput, TerraformStack, Testing } from "../../../constructs/core";
import { errorOf, resourcesOf } from "../../helpers";
import { dev, devNetwork, type EksOverrides, eksProps, oneOf, prod, synthEks } from "./eks-fixtures";

const ADMIN = "arn:aws:iam::123456789012:role/platform-admin";
const BREAKGLASS = "arn:aws:iam::123456789012:role/breakglass";
// biome-ignore lint/suspicious/noTemplateCurlyInString: the Terraform expression the construct writes
const EACH_VALUE = "${each.value}";

describe("EksCluster", () => {
  const prodOut = synthEks(prod, { adminRoleArns: [ADMIN, BREAKGLASS], preventDestroy: true });
  const devOut = synthEks(dev);
  const groups = (out: string) => Object.values(resourcesOf(out, "aws_eks_node_group"));

  it("pins the version and encrypts secrets with a rotating customer-managed key", () => {
    expect(prodOut).toHaveResourceWithProperties(EksClusterResource, {
      name: "prod",
      version: "1.35",
      encryption_config: {
        resources: ["secrets"],
        provider: { key_arn: expect.stringMatching(/^\$\{aws_kms_key\.Eks_SecretsKey_\w+\.arn\}$/) },
      },
      bootstrap_self_managed_addons: false,
    });
    expect(oneOf(prodOut, "resource", "aws_kms_key", "SecretsKey")).toMatchObject({
      enable_key_rotation: true,
      deletion_window_in_days: 30,
    });
    const encryption = oneOf(prodOut, "data", "aws_iam_policy_document", "EncryptionPolicyDocument");
    expect(encryption.statement).toEqual([
      expect.objectContaining({
        actions: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
        resources: [expect.stringContaining("aws_kms_key.Eks_SecretsKey")],
      }),
    ]);
  });

  it("keeps the API endpoint private and admits the deployer's private ranges on 443", () => {
    const out = synthEks(dev, {
      publicEndpointCidrs: [],
      privateEndpointCidrs: ["10.100.0.0/24", "10.0.30.0/24"],
    });
    const cluster = oneOf(out, "resource", "aws_eks_cluster", "Eks_Cluster");
    expect(cluster.vpc_config).toEqual({
      endpoint_private_access: true,
      endpoint_public_access: false,
      security_group_ids: [expect.stringContaining("ClusterSecurityGroup")],
      subnet_ids: [expect.stringContaining("Network_PrivateA"), expect.stringContaining("Network_PrivateB")],
    });
    const deployers = oneOf(out, "resource", "aws_vpc_security_group_ingress_rule", "DeployerToClusterHttps");
    expect(deployers).toMatchObject({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the Terraform expression the construct writes
      for_each: '${toset(["10.100.0.0/24", "10.0.30.0/24"])}',
      cidr_ipv4: EACH_VALUE,
      security_group_id: expect.stringContaining("ClusterSecurityGroup"),
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
    });
    // In-cluster installs wait for the deployer's path as well as for its access entry.
    Testing.synthScope((scope) => {
      const c = new EksCluster(
        scope,
        "Eks",
        eksProps(dev, devNetwork(scope), { privateEndpointCidrs: ["10.100.0.0/24"] }),
      );
      expect(c.ready.map((r) => r.node.id)).toContain("DeployerToClusterHttps");
    });
  });

  it("puts pods in the pod subnets: CNI custom networking and one ENIConfig per zone before any node", () => {
    const out = Testing.synthScope((scope) => {
      const network = devNetwork(scope, {
        podCidr: "100.64.0.0/16",
        podSubnetCidrs: ["100.64.0.0/17", "100.64.128.0/17"],
      });
      const c = new EksCluster(scope, "Eks", {
        ...eksProps(dev, network),
        additionalNodeSecurityGroupIds: ["sg-data-clients"],
      });
      expect(c.customNetworking).toBe(true);
      expect(c.beforeNodes).toHaveLength(1);
    });
    const cni = oneOf(out, "resource", "aws_eks_addon", "VpcCniAddon");
    expect(JSON.parse(String(cni.configuration_values))).toEqual({
      enableNetworkPolicy: "true",
      env: {
        AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true",
        ENI_CONFIG_LABEL_DEF: "topology.kubernetes.io/zone",
        ENABLE_PREFIX_DELEGATION: "true",
        WARM_PREFIX_TARGET: "1",
      },
    });
    const release = Object.entries(resourcesOf(out, "helm_release")).find(
      ([, r]) => r.name === "pod-networks",
    )!;
    const manifests = (
      JSON.parse((release[1].values as string[])[0]!) as { manifests: Record<string, unknown>[] }
    ).manifests;
    expect(manifests.map((m) => (m.metadata as { name: string }).name)).toEqual(["eu-west-1a", "eu-west-1b"]);
    expect(manifests[1]).toMatchObject({
      apiVersion: "crd.k8s.amazonaws.com/v1alpha1",
      kind: "ENIConfig",
      spec: {
        subnet: expect.stringContaining("aws_subnet.Network_PodsB"),
        securityGroups: [expect.stringContaining("NodeSecurityGroup"), "sg-data-clients"],
      },
    });
    expect(release[1].depends_on).toEqual(
      expect.arrayContaining([expect.stringContaining("aws_eks_addon.Eks_VpcCniAddon")]),
    );
    for (const group of Object.values(resourcesOf(out, "aws_eks_node_group"))) {
      expect(group.depends_on).toContain(`helm_release.${release[0]}`);
    }
  });

  it("keeps pods on the node subnets without pod subnets", () => {
    const cni = oneOf(devOut, "resource", "aws_eks_addon", "VpcCniAddon");
    expect(JSON.parse(String(cni.configuration_values))).toEqual({ enableNetworkPolicy: "true" });
    expect(resourcesOf(devOut, "helm_release")).toEqual({});
  });

  it("adds no deployer rule when the path is the public endpoint", () => {
    expect(JSON.stringify(devOut)).not.toContain("DeployerToClusterHttps");
  });

  it("opens the public endpoint to the listed CIDRs only", () => {
    const out = synthEks(dev, { publicEndpointCidrs: ["203.0.113.0/24", "198.51.100.7/32"] });
    expect(out).toHaveResourceWithProperties(EksClusterResource, {
      vpc_config: expect.objectContaining({
        endpoint_private_access: true,
        endpoint_public_access: true,
        public_access_cidrs: ["203.0.113.0/24", "198.51.100.7/32"],
      }),
    });
  });

  it("sends all five control-plane log types to a KMS-encrypted log group created first", () => {
    const cluster = oneOf(prodOut, "resource", "aws_eks_cluster", "Eks_Cluster");
    expect(cluster.enabled_cluster_log_types).toEqual([
      "api",
      "audit",
      "authenticator",
      "controllerManager",
      "scheduler",
    ]);
    expect(prodOut).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "/aws/eks/prod/cluster",
      retention_in_days: 365,
      kms_key_id: expect.stringContaining("aws_kms_key.Eks_ControlPlaneLogs_Key"),
    });
    expect(cluster.depends_on).toEqual(
      expect.arrayContaining([
        expect.stringContaining("aws_cloudwatch_log_group.Eks_ControlPlaneLogs_LogGroup"),
      ]),
    );
    const logsKeyPolicy = oneOf(prodOut, "data", "aws_iam_policy_document", "ControlPlaneLogs_Key_Policy");
    expect(JSON.stringify(logsKeyPolicy)).toContain("log-group:/aws/eks/prod/cluster");
  });

  it("uses API authentication without creator admin, and one access entry per admin role", () => {
    expect(prodOut).toHaveResourceWithProperties(EksClusterResource, {
      access_config: { authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: false },
    });
    const arns = `\${toset(["${ADMIN}", "${BREAKGLASS}"])}`;
    expect(prodOut).toHaveResourceWithProperties(EksAccessEntry, {
      for_each: arns,
      principal_arn: EACH_VALUE,
      type: "STANDARD",
    });
    expect(prodOut).toHaveResourceWithProperties(EksAccessPolicyAssociation, {
      for_each: arns,
      principal_arn: EACH_VALUE,
      policy_arn: expect.stringMatching(/:eks::aws:cluster-access-policy\/AmazonEKSClusterAdminPolicy$/),
      access_scope: { type: "cluster" },
    });
    expect(resourcesOf(devOut, "aws_eks_access_entry")).toEqual({});
  });

  it("warns when no admin role can reach the Kubernetes API", () => {
    const stack = new TerraformStack(Testing.app(), "Warn");
    const eks = new EksCluster(stack, "Eks", eksProps(dev, devNetwork(stack)));
    const warnings = eks.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringContaining("adminRoleArns is empty")]);
  });

  it("creates an OIDC provider for the cluster issuer", () => {
    const provider = oneOf(prodOut, "resource", "aws_iam_openid_connect_provider", "OidcProvider");
    expect(provider).toMatchObject({
      url: expect.stringMatching(
        /^\$\{aws_eks_cluster\.Eks_Cluster_\w+\.identity\[0\]\.oidc\[0\]\.issuer\}$/,
      ),
      client_id_list: ["sts.amazonaws.com"],
    });
    expect(provider).not.toHaveProperty("thumbprint_list");
    expect(prodOut).toHaveResource(IamOpenidConnectProvider);
  });

  it("installs the four core add-ons, overwriting conflicts, with IRSA where they call AWS", () => {
    const addons = Object.values(resourcesOf(prodOut, "aws_eks_addon"));
    expect(addons.map((a) => a.addon_name).sort()).toEqual([
      "aws-ebs-csi-driver",
      "coredns",
      "kube-proxy",
      "vpc-cni",
    ]);
    for (const a of addons) {
      expect(a).toMatchObject({
        resolve_conflicts_on_create: "OVERWRITE",
        resolve_conflicts_on_update: "OVERWRITE",
      });
      expect(a.addon_version).toMatch(/^\$\{data\.aws_eks_addon_version\.\w+\.version\}$/);
    }
    expect(prodOut).toHaveResourceWithProperties(EksAddon, {
      addon_name: "vpc-cni",
      service_account_role_arn: expect.stringContaining("ServiceAccountRoles_VpcCni_Role"),
      configuration_values: JSON.stringify({ enableNetworkPolicy: "true" }),
    });
    expect(prodOut).toHaveResourceWithProperties(EksAddon, {
      addon_name: "aws-ebs-csi-driver",
      service_account_role_arn: expect.stringContaining("ServiceAccountRoles_EbsCsiDriver_Role"),
    });
    const system = [expect.stringContaining("aws_eks_node_group.Eks_NodeGroups_SystemNodeGroup")];
    expect(prodOut).toHaveResourceWithProperties(EksAddon, { addon_name: "coredns", depends_on: system });
    expect(prodOut).toHaveResourceWithProperties(EksAddon, {
      addon_name: "aws-ebs-csi-driver",
      depends_on: system,
    });
    for (const g of groups(prodOut)) {
      expect(g.depends_on).toEqual(
        expect.arrayContaining([
          expect.stringContaining("aws_eks_addon.Eks_VpcCniAddon"),
          expect.stringContaining("aws_eks_addon.Eks_KubeProxyAddon"),
        ]),
      );
    }
  });

  it("pins add-on builds when given", () => {
    const out = synthEks(dev, { addonVersions: { coreDns: "v1.12.1-eksbuild.2" } });
    expect(out).toHaveResourceWithProperties(EksAddon, {
      addon_name: "coredns",
      addon_version: "v1.12.1-eksbuild.2",
    });
    expect(Object.keys(JSON.parse(out).data.aws_eks_addon_version)).toHaveLength(3);
  });

  it("runs a tainted, labelled, on-demand system node group", () => {
    expect(prodOut).toHaveResourceWithProperties(EksNodeGroup, {
      node_group_name_prefix: "prod-system-",
      capacity_type: "ON_DEMAND",
      instance_types: ["m6i.large"],
      scaling_config: { min_size: 3, desired_size: 3, max_size: 5 },
      taint: [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }],
      labels: { "node-role": "system" },
      ami_type: "AL2023_x86_64_STANDARD",
    });
  });

  const appGroups = (out: string) =>
    groups(out)
      .filter((g) => (g.labels as Record<string, string>)["node-role"] === "application")
      .map((g) => ({
        capacity: g.capacity_type,
        types: g.instance_types,
        labels: g.labels,
        counts: g.scaling_config,
        taint: g.taint,
      }))
      .sort((a, b) => String(a.capacity).localeCompare(String(b.capacity)));
  const onDemand = (min: number, desired: number, max: number) => ({
    capacity: "ON_DEMAND",
    types: ["t3.large"],
    labels: { "node-role": "application", capacity: "on-demand" },
    counts: { min_size: min, desired_size: desired, max_size: max },
    taint: undefined,
  });
  const spot = (min: number, desired: number, max: number) => ({
    capacity: "SPOT",
    types: ["t3.large", "t3a.large", "m5.large"],
    labels: { "node-role": "application", capacity: "spot" },
    counts: { min_size: min, desired_size: desired, max_size: max },
    taint: undefined,
  });

  it.each([
    [0, () => devOut, [onDemand(3, 3, 20)]],
    [70, () => prodOut, [onDemand(1, 1, 6), spot(2, 2, 14)]],
    [
      100,
      () =>
        synthEks(prod, {
          applicationNodeGroup: { ...prod.aws!.kubernetes.applicationNodeGroup, spotPercent: 100 },
        }),
      [spot(3, 3, 20)],
    ],
  ])("splits 3/3/20 application nodes at %i percent spot into untainted weighted groups", (_pct, out, expected) => {
    expect(appGroups(out())).toEqual(expected);
  });

  it("lets the autoscaler own desired size and discover every group", () => {
    for (const g of groups(prodOut)) {
      expect(g.lifecycle).toEqual({
        create_before_destroy: true,
        ignore_changes: ["scaling_config[0].desired_size"],
      });
      expect(g.tags).toMatchObject({
        "k8s.io/cluster-autoscaler/enabled": "true",
        "k8s.io/cluster-autoscaler/prod": "owned",
      });
    }
    expect(groups(prodOut)).toHaveLength(3);
  });

  it("launches nodes with IMDSv2 only (hop limit 1), an encrypted gp3 root and no public IP", () => {
    const templates = Object.values(resourcesOf(prodOut, "aws_launch_template"));
    expect(templates).toHaveLength(2);
    for (const t of templates) {
      expect(t.metadata_options).toEqual({
        http_endpoint: "enabled",
        http_tokens: "required",
        http_put_response_hop_limit: 1,
        instance_metadata_tags: "disabled",
      });
      expect(t.block_device_mappings).toEqual([
        {
          device_name: "/dev/xvda",
          ebs: {
            volume_size: 50,
            volume_type: "gp3",
            encrypted: "true",
            kms_key_id: expect.stringContaining("aws_kms_key.Eks_NodeGroups_VolumeKey"),
            delete_on_termination: "true",
          },
        },
      ]);
      expect(t.network_interfaces).toEqual([
        expect.objectContaining({
          associate_public_ip_address: "false",
          security_groups: [expect.stringContaining("NodeSecurityGroup")],
        }),
      ]);
    }
    expect(prodOut).toHaveResource(LaunchTemplate);
  });

  it("trusts exactly one service account per IRSA role, on sub and aud", () => {
    const issuer =
      /^\$\{replace\(aws_eks_cluster\.Eks_Cluster_\w+\.identity\[0\]\.oidc\[0\]\.issuer, "https:\/\/", ""\)\}/;
    for (const [role, sa] of [
      ["ClusterAutoscaler", "cluster-autoscaler"],
      ["LoadBalancerController", "aws-load-balancer-controller"],
      ["EbsCsiDriver", "ebs-csi-controller-sa"],
      ["VpcCni", "aws-node"],
    ]) {
      const trust = oneOf(prodOut, "data", "aws_iam_policy_document", `ServiceAccountRoles_${role}_Trust`);
      expect(trust.statement).toEqual([
        expect.objectContaining({
          actions: ["sts:AssumeRoleWithWebIdentity"],
          principals: [
            { type: "Federated", identifiers: [expect.stringContaining("aws_iam_openid_connect_provider")] },
          ],
          condition: [
            {
              test: "StringEquals",
              variable: expect.stringMatching(new RegExp(`${issuer.source}:sub$`)),
              values: [`system:serviceaccount:kube-system:${sa}`],
            },
            {
              test: "StringEquals",
              variable: expect.stringMatching(new RegExp(`${issuer.source}:aud$`)),
              values: ["sts.amazonaws.com"],
            },
          ],
        }),
      ]);
    }
  });

  it("opens no security group to 0.0.0.0/0 ingress and describes every group and rule", () => {
    const ingress = Object.values(resourcesOf(prodOut, "aws_vpc_security_group_ingress_rule"));
    expect(ingress).toHaveLength(4);
    for (const rule of ingress) {
      expect(rule.cidr_ipv4).toBeUndefined();
      expect(rule.cidr_ipv6).toBeUndefined();
      expect(rule.referenced_security_group_id).toMatch(/aws_security_group\.Eks_SecurityGroups_/);
    }
    for (const sg of Object.values(resourcesOf(prodOut, "aws_security_group"))) {
      expect(JSON.stringify(sg.ingress ?? [])).not.toContain("0.0.0.0/0");
    }
    const described = [
      ...Object.values(resourcesOf(prodOut, "aws_security_group")),
      ...ingress,
      ...Object.values(resourcesOf(prodOut, "aws_vpc_security_group_egress_rule")),
    ];
    for (const item of described) expect(String(item.description ?? "")).not.toEqual("");
  });

  it("stays in standard support: a pinned version and an explicit STANDARD upgrade policy", () => {
    expect(prodOut).toHaveResourceWithProperties(EksClusterResource, {
      version: "1.35",
      upgrade_policy: { support_type: "STANDARD" },
    });
  });

  it("protects keys and the cluster when preventDestroy is set", () => {
    const keys = Object.values(resourcesOf(prodOut, "aws_kms_key")).filter((k) =>
      JSON.stringify(k).match(/EKS prod/),
    );
    expect(keys).toHaveLength(3);
    for (const k of keys) expect(k.lifecycle).toEqual({ prevent_destroy: true });
    expect(prodOut).toHaveResourceWithProperties(EksClusterResource, { deletion_protection: true });
    for (const k of Object.values(resourcesOf(devOut, "aws_kms_key"))) expect(k.lifecycle).toBeUndefined();
  });

  it("exposes outputs that reference the created resources", () => {
    const refs = {
      clusterName: /aws_eks_cluster\.Eks_Cluster_\w+\.name/,
      endpoint: /aws_eks_cluster\.Eks_Cluster_\w+\.endpoint/,
      certificateAuthorityData: /aws_eks_cluster\.Eks_Cluster_\w+\.certificate_authority\[0\]\.data/,
      nodeSecurityGroupId: /aws_security_group\.Eks_SecurityGroups_NodeSecurityGroup_\w+\.id/,
      clusterSecurityGroupId: /aws_security_group\.Eks_SecurityGroups_ClusterSecurityGroup_\w+\.id/,
      oidcProviderArn: /aws_iam_openid_connect_provider\.Eks_OidcProvider_\w+\.arn/,
      oidcIssuerUrl: /aws_eks_cluster\.Eks_Cluster_\w+\.identity\[0\]\.oidc\[0\]\.issuer/,
      clusterAutoscalerRoleArn: /aws_iam_role\.Eks_ServiceAccountRoles_ClusterAutoscaler_Role_\w+\.arn/,
      loadBalancerControllerRoleArn:
        /aws_iam_role\.Eks_ServiceAccountRoles_LoadBalancerController_Role_\w+\.arn/,
      secretsKeyArn: /aws_kms_key\.Eks_SecretsKey_\w+\.arn/,
    } as const;
    let split: unknown;
    const out = Testing.synthScope((scope) => {
      const eks = new EksCluster(scope, "Eks", eksProps(prod, devNetwork(scope)));
      for (const key of Object.keys(refs) as (keyof typeof refs)[]) {
        new TerraformOutput(scope, key, { value: eks[key] });
      }
      split = eks.applicationSplit;
    });
    const outputs = JSON.parse(out).output as Record<string, { value: string }>;
    for (const [key, ref] of Object.entries(refs)) expect(outputs[key]?.value, key).toMatch(ref);
    expect(split).toEqual({
      onDemand: { minSize: 1, desiredSize: 1, maxSize: 6 },
      spot: { minSize: 2, desiredSize: 2, maxSize: 14 },
    });
  });
});

describe("EksCluster validation", () => {
  const attempt = (overrides: EksOverrides) => () => synthEks(prod, overrides);
  const app = prod.aws!.kubernetes.applicationNodeGroup;
  const system = prod.aws!.kubernetes.systemNodeGroup;

  it.each<[string, EksOverrides, RegExp]>([
    ["name", { name: "Prod_Cluster" }, /name: got "Prod_Cluster"; allowed: 2\.\.23 lower-case letters/],
    [
      "name length",
      { name: "a-very-long-cluster-name-x" },
      /name: got "a-very-long-cluster-name-x"; allowed: 2\.\.23/,
    ],
    ["version", { version: "1.29" as EksVersion }, /version: got "1\.29"; allowed: one of 1\.35, 1\.36/],
    ["region", { region: "europe" }, /region: got "europe"; allowed: an AWS region/],
    [
      "public 0.0.0.0/0",
      { publicEndpointCidrs: ["203.0.113.0/24", "0.0.0.0/0"] },
      /publicEndpointCidrs\[1\]: got "0\.0\.0\.0\/0"; allowed: an IPv4 CIDR block of \/8 or narrower, never 0\.0\.0\.0\/0/,
    ],
    [
      "private range that is public",
      { privateEndpointCidrs: ["203.0.113.0/24"] },
      /privateEndpointCidrs\[0\]: got "203\.0\.113\.0\/24"; allowed: a private IPv4 CIDR block/,
    ],
    [
      "no path to the API",
      { publicEndpointCidrs: [], privateEndpointCidrs: [] },
      /publicEndpointCidrs\/privateEndpointCidrs: got \[\]; allowed: at least one range the deployer connects from/,
    ],
    [
      "public not a CIDR",
      { publicEndpointCidrs: ["10.0.0.5/24"] },
      /publicEndpointCidrs\[0\]: got "10\.0\.0\.5\/24"/,
    ],
    [
      "admin ARN",
      { adminRoleArns: ["arn:aws:iam::123456789012:user/alice"] },
      /adminRoleArns\[0\]: got "arn:aws:iam::123456789012:user\/alice"; allowed: an IAM role ARN/,
    ],
    [
      "log retention",
      { logRetentionDays: 45 },
      /logRetentionDays: got 45; allowed: one of 1, 3, 5, 7, 14, 30, 60, 90/,
    ],
    [
      "add-on build",
      { addonVersions: { vpcCni: "1.19" } },
      /addonVersions\.vpcCni: got "1\.19"; allowed: an EKS add-on build such as v1\.19\.2-eksbuild\.1/,
    ],
    [
      "root volume",
      { nodeRootVolumeSizeGiB: 8 },
      /nodeRootVolumeSizeGiB: got 8; allowed: an integer 20\.\.16384/,
    ],
    [
      "system minSize",
      { systemNodeGroup: { ...system, minSize: 0, desiredSize: 0 } },
      /systemNodeGroup\.minSize: got 0; allowed: at least 1/,
    ],
    [
      "system desired",
      { systemNodeGroup: { ...system, desiredSize: 6 } },
      /systemNodeGroup\.desiredSize: got 6; allowed: between minSize and maxSize \(3\.\.5\)/,
    ],
    [
      "application min > max",
      { applicationNodeGroup: { ...app, minSize: 21 } },
      /applicationNodeGroup\.minSize: got 21; allowed: at most maxSize \(20\)/,
    ],
    [
      "application maxSize",
      { applicationNodeGroup: { ...app, minSize: 0, desiredSize: 0, maxSize: 0 } },
      /applicationNodeGroup\.maxSize: got 0; allowed: an integer of at least 1/,
    ],
    [
      "spotPercent",
      { applicationNodeGroup: { ...app, spotPercent: 120 } },
      /applicationNodeGroup\.spotPercent: got 120; allowed: a number 0\.\.100/,
    ],
    [
      "spot types",
      { applicationNodeGroup: { ...app, spotInstanceTypes: [] } },
      /applicationNodeGroup\.spotInstanceTypes: got \[\]; allowed: at least one instance type when spotPercent > 0/,
    ],
    [
      "Graviton type",
      { applicationNodeGroup: { ...app, spotInstanceTypes: ["t3.large", "m7g.large"] } },
      /applicationNodeGroup\.spotInstanceTypes\[1\]: got "m7g\.large"; allowed: an x86_64 EC2 instance type/,
    ],
    [
      "instance type",
      { systemNodeGroup: { ...system, instanceType: "medium" } },
      /systemNodeGroup\.instanceType: got "medium"; allowed: an x86_64 EC2 instance type/,
    ],
  ])("rejects a bad %s, naming field, value and what is allowed", (_rule, overrides, message) => {
    expect(attempt(overrides)).toThrowError(message);
  });

  it("reports every problem at once", () => {
    expect(
      attempt({ version: "1.20" as EksVersion, publicEndpointCidrs: ["0.0.0.0/0"], logRetentionDays: 2 }),
    ).toThrowError(
      /EksCluster stack\/Eks: 3 invalid prop\(s\)\n {2}- version[\s\S]*\n {2}- publicEndpointCidrs\[0\][\s\S]*\n {2}- logRetentionDays/,
    );
  });
});

describe("EksCluster system capacity", () => {
  it("throws when the platform's system pods outgrow the system node group, naming the field", () => {
    let cluster: EksCluster | undefined;
    Testing.synthScope((scope) => {
      cluster = new EksCluster(scope, "Eks", eksProps(prod, devNetwork(scope)));
    });
    const pods = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ what: `p${i}`, pods: 1, requests: {} }));
    expect(() => cluster!.fitSystemPods({ pinned: pods(10), perNode: [] })).not.toThrow();
    expect(errorOf(() => cluster!.fitSystemPods({ pinned: pods(80), perNode: [] }))).toMatch(
      /^EksCluster .*Eks: 1 invalid prop\(s\)\n {2}- systemNodeGroup: got \{"instanceType":"m6i.large","desiredSize":3\}/,
    );
  });
});
