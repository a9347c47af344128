import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { KubernetesClusterNodePool } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { SubnetNatGatewayAssociation } from "@cdktf/provider-azurerm/lib/subnet-nat-gateway-association";
import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { describe, expect, it } from "vitest";
import { AksCluster } from "../../../constructs/azure/aks-cluster";
import { AKS_SERVER_APP_ID } from "../../../constructs/azure/aks-limits";
import { TerraformStack, Testing } from "../../../constructs/core";
import type { AccessGrant, IKubernetesCluster } from "../../../constructs/interfaces";
import { errorOf, problem, resourcesOf } from "../../helpers";
import {
  ADMIN_GROUP,
  all,
  BREAKGLASS_GROUP,
  devProps,
  NETWORK,
  one,
  policyFindings,
  prodProps,
  synthAks,
} from "./aks-fixtures";

const CLUSTER = "azurerm_kubernetes_cluster";
const POOL = "azurerm_kubernetes_cluster_node_pool";
const ROLE = "azurerm_role_assignment";
const IDENTITY = "azurerm_user_assigned_identity";
const VAULT = "/subscriptions/0/resourceGroups/acme-prod/providers/Microsoft.KeyVault/vaults/acme";
const VAULT_GRANT: AccessGrant = {
  cloud: "azure",
  roleAssignments: [{ scope: VAULT, roleDefinitionName: "Key Vault Secrets User" }],
};
// biome-ignore lint/suspicious/noTemplateCurlyInString: the Terraform expression the construct writes
const EACH_VALUE = "${each.value}";

describe("AksCluster", () => {
  const prodOut = synthAks(prodProps());
  const devOut = synthAks(devProps());
  const prodCluster = one(prodOut, CLUSTER, "Aks_Cluster");
  const devCluster = one(devOut, CLUSTER, "Aks_Cluster");

  it("is a Standard-tier cluster with patch and node-image upgrades in weekly windows", () => {
    expect(prodOut).toHaveResourceWithProperties(KubernetesCluster, {
      name: "prod-blue",
      dns_prefix: "prod-blue",
      kubernetes_version: "1.35",
      sku_tier: "Standard",
      automatic_upgrade_channel: "patch",
      node_os_upgrade_channel: "NodeImage",
      maintenance_window_auto_upgrade: {
        frequency: "Weekly",
        interval: 1,
        day_of_week: "Sunday",
        start_time: "00:00",
        utc_offset: "+00:00",
        duration: 4,
      },
      maintenance_window_node_os: expect.objectContaining({ frequency: "Weekly", day_of_week: "Saturday" }),
    });
  });

  it("authenticates only through Entra ID with Azure RBAC: no local accounts, no run command", () => {
    expect(prodCluster).toMatchObject({
      role_based_access_control_enabled: true,
      local_account_disabled: true,
      run_command_enabled: false,
      azure_active_directory_role_based_access_control: {
        azure_rbac_enabled: true,
        admin_group_object_ids: [ADMIN_GROUP, BREAKGLASS_GROUP],
      },
      oidc_issuer_enabled: true,
      workload_identity_enabled: true,
    });
    // One cluster-admin role assignment per group, keyed by group id.
    expect(one(prodOut, ROLE, "Aks_AdminAccess")).toMatchObject({
      for_each: `\${toset(["${ADMIN_GROUP}", "${BREAKGLASS_GROUP}"])}`,
      principal_id: EACH_VALUE,
      principal_type: "Group",
      role_definition_name: "Azure Kubernetes Service RBAC Cluster Admin",
      scope: expect.stringContaining("azurerm_kubernetes_cluster.Aks_Cluster"),
    });
  });

  it("runs on user-assigned identities that get their grants before the cluster", () => {
    expect(prodCluster.identity).toEqual({
      type: "UserAssigned",
      identity_ids: [expect.stringContaining("azurerm_user_assigned_identity.Aks_Identities_ControlPlane")],
    });
    expect(prodCluster.kubelet_identity).toEqual({
      client_id: expect.stringMatching(/Aks_Identities_Kubelet_\w+\.client_id\}$/),
      object_id: expect.stringMatching(/Aks_Identities_Kubelet_\w+\.principal_id\}$/),
      user_assigned_identity_id: expect.stringMatching(/Aks_Identities_Kubelet_\w+\.id\}$/),
    });
    expect(Object.values(all(prodOut, IDENTITY)).map((i) => i.name)).toEqual([
      "id-prod-blue-aks",
      "id-prod-blue-kubelet",
    ]);
    const controlPlane = expect.stringMatching(/Aks_Identities_ControlPlane_\w+\.principal_id\}$/);
    expect(one(prodOut, ROLE, "Aks_Identities_NodeSubnetNetworkContributor")).toMatchObject({
      scope: NETWORK.privateSubnetIds[0],
      role_definition_name: "Network Contributor",
      principal_id: controlPlane,
      principal_type: "ServicePrincipal",
      skip_service_principal_aad_check: true,
    });
    expect(one(prodOut, ROLE, "Aks_Identities_KubeletIdentityOperator")).toMatchObject({
      scope: expect.stringMatching(/Aks_Identities_Kubelet_\w+\.id\}$/),
      role_definition_name: "Managed Identity Operator",
      principal_id: controlPlane,
    });
    expect(prodCluster.depends_on).toEqual([
      expect.stringContaining("azurerm_role_assignment.Aks_Identities_NodeSubnetNetworkContributor"),
      expect.stringContaining("azurerm_role_assignment.Aks_Identities_KubeletIdentityOperator"),
    ]);
  });

  it("uses Azure CNI Overlay with the Cilium data plane and network policy", () => {
    expect(prodCluster.network_profile).toEqual({
      network_plugin: "azure",
      network_plugin_mode: "overlay",
      network_data_plane: "cilium",
      network_policy: "cilium",
      pod_cidr: "192.168.0.0/16",
      service_cidr: "172.16.0.0/16",
      dns_service_ip: "172.16.0.10",
      outbound_type: "loadBalancer",
      load_balancer_sku: "standard",
    });
    // With a NAT gateway, the cluster waits for the node subnet's association (the network's resource).
    const out = Testing.synthScope((scope) => {
      const association = new SubnetNatGatewayAssociation(scope, "NodesNat", {
        subnetId: NETWORK.privateSubnetIds[0]!,
        natGatewayId: `${NETWORK.networkId}/../natGateways/nodes`,
      });
      new AksCluster(
        scope,
        "Aks",
        prodProps({ outboundType: "userAssignedNATGateway", dependsOn: [association] }),
      );
    });
    const nat = one(out, CLUSTER, "Aks_Cluster");
    expect(nat.network_profile).toMatchObject({ outbound_type: "userAssignedNATGateway" });
    expect(nat.depends_on).toContainEqual(
      expect.stringContaining("azurerm_subnet_nat_gateway_association.NodesNat"),
    );
  });

  it("puts the system pool in the default pool: tainted, zonal, autoscaled, Azure Linux, encrypted at host", () => {
    expect(prodCluster.default_node_pool).toEqual({
      name: "system",
      temporary_name_for_rotation: "systemtmp",
      type: "VirtualMachineScaleSets",
      only_critical_addons_enabled: true,
      vm_size: "Standard_D4ds_v5",
      orchestrator_version: "1.35",
      vnet_subnet_id: NETWORK.privateSubnetIds[0],
      zones: ["1", "2", "3"],
      os_sku: "AzureLinux",
      os_disk_type: "Ephemeral",
      os_disk_size_gb: 64,
      host_encryption_enabled: true,
      node_public_ip_enabled: false,
      max_pods: 110,
      auto_scaling_enabled: true,
      min_count: 3,
      max_count: 5,
      node_count: 3,
      node_labels: { "node-role": "system" },
      upgrade_settings: { max_surge: "33%", drain_timeout_in_minutes: 30, node_soak_duration_in_minutes: 0 },
      tags: { environment: "prod" },
    });
    expect(prodCluster.lifecycle).toEqual({
      prevent_destroy: false,
      ignore_changes: ["default_node_pool[0].node_count"],
    });
  });

  it("splits 70% of production's application nodes onto spot as EKS does: 3/3/20 is 1/1/6 regular, 2/2/14 spot", () => {
    expect(prodOut).toHaveResourceWithProperties(KubernetesClusterNodePool, {
      name: "app",
      mode: "User",
      os_sku: "AzureLinux",
      min_count: 1,
      node_count: 1,
      max_count: 6,
      node_labels: { "node-role": "application", capacity: "on-demand" },
      upgrade_settings: { max_surge: "33%", drain_timeout_in_minutes: 30, node_soak_duration_in_minutes: 0 },
      lifecycle: { ignore_changes: ["node_count"] },
    });
    expect(one(prodOut, POOL, "Aks_NodePools_ApplicationPool")).not.toHaveProperty("priority");
    const spot = one(prodOut, POOL, "Aks_NodePools_SpotPool");
    expect(spot).toMatchObject({
      name: "spot",
      priority: "Spot",
      eviction_policy: "Delete",
      spot_max_price: -1,
      min_count: 2,
      node_count: 2,
      max_count: 14,
      zones: ["1", "2", "3"],
      host_encryption_enabled: true,
      node_taints: ["kubernetes.azure.com/scalesetpriority=spot:NoSchedule"],
      node_labels: {
        "node-role": "application",
        capacity: "spot",
        "kubernetes.azure.com/scalesetpriority": "spot",
      },
      kubernetes_cluster_id: expect.stringContaining("azurerm_kubernetes_cluster.Aks_Cluster"),
    });
    expect(spot).not.toHaveProperty("upgrade_settings");
    // Development's 0% creates no spot pool.
    expect(Object.values(all(devOut, POOL)).map((p) => p.name)).toEqual(["app"]);
  });

  it("exposes the API server to the authorized public ranges, or makes a private cluster", () => {
    expect(prodCluster).toMatchObject({
      private_cluster_enabled: false,
      api_server_access_profile: { authorized_ip_ranges: ["203.0.113.0/28"] },
    });
    expect(devCluster).toMatchObject({
      private_cluster_enabled: true,
      private_dns_zone_id: "System",
      private_cluster_public_fqdn_enabled: false,
    });
    expect(devCluster).not.toHaveProperty("api_server_access_profile");
  });

  it("monitors into its own workspace, or the one passed in, with Defender, Policy, secrets rotation and Image Cleaner", () => {
    expect(prodOut).toHaveResourceWithProperties(LogAnalyticsWorkspace, {
      name: "log-prod-blue",
      sku: "PerGB2018",
      retention_in_days: 90,
    });
    expect(one(devOut, "azurerm_log_analytics_workspace", "Aks_Logs_Workspace").retention_in_days).toBe(30);
    const workspace = expect.stringMatching(/azurerm_log_analytics_workspace\.Aks_Logs_Workspace_\w+\.id\}$/);
    expect(prodCluster).toMatchObject({
      oms_agent: { log_analytics_workspace_id: workspace, msi_auth_for_monitoring_enabled: true },
      microsoft_defender: { log_analytics_workspace_id: workspace },
      azure_policy_enabled: true,
      key_vault_secrets_provider: { secret_rotation_enabled: true, secret_rotation_interval: "2m" },
      image_cleaner_enabled: true,
      image_cleaner_interval_hours: 168,
      storage_profile: {
        disk_driver_enabled: true,
        file_driver_enabled: false,
        blob_driver_enabled: false,
        snapshot_controller_enabled: true,
      },
    });
    const shared =
      "/subscriptions/0/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/ops";
    const out = synthAks(prodProps({ logAnalyticsWorkspaceId: shared }));
    expect(all(out, "azurerm_log_analytics_workspace")).toEqual({});
    expect(one(out, CLUSTER, "Aks_Cluster")).toMatchObject({
      oms_agent: { log_analytics_workspace_id: shared },
      microsoft_defender: { log_analytics_workspace_id: shared },
    });
  });

  it("creates the Premium ZRS class after the pools, Retain in production and Delete in development", () => {
    expect(prodOut).toHaveResourceWithProperties(StorageClassV1, {
      metadata: {
        name: "premium-zrs",
        annotations: { "storageclass.kubernetes.io/is-default-class": "false" },
      },
      storage_provisioner: "disk.csi.azure.com",
      parameters: { skuName: "Premium_ZRS" },
      volume_binding_mode: "WaitForFirstConsumer",
      allow_volume_expansion: true,
      reclaim_policy: "Retain",
    });
    const devClass = one(devOut, "kubernetes_storage_class_v1", "Aks_PremiumZrsStorageClass");
    expect(devClass.reclaim_policy).toBe("Delete");
    expect(devClass.depends_on).toEqual([
      expect.stringContaining("azurerm_kubernetes_cluster.Aks_Cluster"),
      expect.stringContaining("azurerm_role_assignment.Aks_AdminAccess"),
      expect.stringContaining("azurerm_kubernetes_cluster_node_pool.Aks_NodePools_ApplicationPool"),
    ]);
  });

  it("makes in-cluster installs wait for the user pools, the admin access and the storage class", () => {
    synthAks(prodProps(), (c) => {
      expect(c.ready.map((r) => r.node.id)).toEqual([
        "AdminAccess",
        "ApplicationPool",
        "SpotPool",
        "StorageClass",
      ]);
      expect(c.storageClassName).toBe("premium-zrs");
      expect(c.managedAddOns).toContain("cluster-autoscaler");
      expect(c.applicationSplit).toEqual({
        onDemand: { minSize: 1, desiredSize: 1, maxSize: 6 },
        spot: { minSize: 2, desiredSize: 2, maxSize: 14 },
      });
    });
  });

  it("is protected from destroy only when asked, for long-lived clusters (colors are destroyed on purpose)", () => {
    const out = synthAks(prodProps({ preventDestroy: true }));
    expect(one(out, CLUSTER, "Aks_Cluster").lifecycle).toMatchObject({ prevent_destroy: true });
    expect(one(out, "azurerm_log_analytics_workspace", "Aks_Logs_Workspace").lifecycle).toEqual({
      prevent_destroy: true,
    });
  });

  it("offers the provider connection: kube_config host and CA, kubelogin for the AKS server app", () => {
    synthAks(prodProps(), (c) => {
      const connection = c.connection;
      expect(connection.exec).toEqual({
        apiVersion: "client.authentication.k8s.io/v1beta1",
        command: "kubelogin",
        args: ["get-token", "--login", "azurecli", "--server-id", AKS_SERVER_APP_ID],
      });
      expect(AKS_SERVER_APP_ID).toBe("6dae42f8-4368-4678-94ff-3960e28e3630");
      expect(c.connectionFor("workloadidentity").exec.args).toContain("workloadidentity");
      // Tokens until synth; the JSON test in aks-providers.test.ts reads the resolved expressions.
      expect(typeof connection.host).toBe("string");
    });
  });

  it("hands out workload identities and the data pods need for them", () => {
    const out = synthAks(prodProps(), (c, scope) => {
      const grant = c.workloadIdentity(scope, "ShopApi", {
        namespace: "shop",
        serviceAccount: "api",
        grants: [VAULT_GRANT],
      });
      expect(grant.serviceAccountAnnotations).toEqual({
        "azure.workload.identity/client-id": grant.clientId,
      });
      expect(c.workloadIdentityPodLabels).toEqual({ "azure.workload.identity/use": "true" });
      expect(c.spotToleration).toEqual({
        key: "kubernetes.azure.com/scalesetpriority",
        operator: "Equal",
        value: "spot",
        effect: "NoSchedule",
      });
      expect(c.gatewayServiceAnnotations).toMatchObject({
        "service.beta.kubernetes.io/port_443_health-probe_port": "15021",
      });
    });
    expect(one(out, ROLE, "ShopApi_RoleKeyVaultSecretsUser")).toMatchObject({
      scope: VAULT,
      role_definition_name: "Key Vault Secrets User",
      principal_id: expect.stringMatching(
        /azurerm_user_assigned_identity\.ShopApi_Identity_\w+\.principal_id\}$/,
      ),
      principal_type: "ServicePrincipal",
    });
    expect(one(out, "azurerm_federated_identity_credential", "ShopApi_FederatedCredential")).toMatchObject({
      name: "prod-blue-shop-api",
      issuer: expect.stringMatching(/azurerm_kubernetes_cluster\.Aks_Cluster_\w+\.oidc_issuer_url\}$/),
      subject: "system:serviceaccount:shop:api",
    });
  });

  it("refuses another cloud's grants and a workload without any", () => {
    synthAks(prodProps(), (c, scope) => {
      const aws: AccessGrant = {
        cloud: "aws",
        statements: [{ sid: "Read", actions: ["s3:GetObject"], resources: ["*"] }],
      };
      expect(
        errorOf(() =>
          c.workloadIdentity(scope, "Bad", { namespace: "shop", serviceAccount: "api", grants: [aws] }),
        ),
      ).toBe("AksCluster stack/Aks: Bad was granted access in aws; an AKS workload takes Azure grants only");
      expect(
        errorOf(() =>
          c.workloadIdentity(scope, "None", { namespace: "shop", serviceAccount: "api", grants: [] }),
        ),
      ).toBe("AksCluster stack/Aks: None has no grants; a workload without any needs no identity");
    });
  });

  it("installs no add-on: the gateway needs only its probe annotations, AKS runs metrics-server", () => {
    synthAks(prodProps(), (c, scope) => {
      const before = scope.node.findAll().length;
      const addOns = c.installAddOns(scope, { highAvailability: true });
      expect(addOns).toEqual({
        gatewayDependsOn: [],
        gatewayServiceAnnotations: c.gatewayServiceAnnotations,
      });
      expect(addOns.metricsServer).toBeUndefined();
      expect(scope.node.findAll()).toHaveLength(before);
      expect((c as IKubernetesCluster).publishDns).toBeUndefined();
    });
  });

  it("settles every in-cluster resource of the platform on ready, and nothing else", () => {
    const out = synthAks(prodProps(), (c, scope) => {
      new StorageClassV1(scope, "PlatformClass", {
        metadata: { name: "x" },
        storageProvisioner: "disk.csi.azure.com",
      });
      c.settle(scope);
    });
    const waits = (id: string, type = "kubernetes_storage_class_v1") =>
      one(out, type, id).depends_on as string[];
    expect(waits("PlatformClass")).toEqual(["terraform_data.ClusterReady"]);
    expect(resourcesOf(out, "terraform_data").ClusterReady?.depends_on).toEqual([
      expect.stringContaining("azurerm_role_assignment.Aks_AdminAccess"),
      expect.stringContaining("azurerm_kubernetes_cluster_node_pool.Aks_NodePools_ApplicationPool"),
      expect.stringContaining("azurerm_kubernetes_cluster_node_pool.Aks_NodePools_SpotPool"),
      expect.stringContaining("kubernetes_storage_class_v1.Aks_PremiumZrsStorageClass"),
    ]);
    expect(one(out, CLUSTER, "Aks_Cluster").depends_on).toHaveLength(2);
  });

  it("needs nothing opened for the control plane to reach a webhook, and refuses a bad port", () => {
    synthAks(prodProps(), (c) => {
      const before = c.ready.length;
      c.allowControlPlaneTo(15017, "istiod webhook");
      c.allowControlPlaneTo(15017, "istiod webhook");
      expect(c.controlPlanePorts).toEqual([{ port: 15017, what: "istiod webhook" }]);
      expect(c.ready).toHaveLength(before);
      expect(errorOf(() => c.allowControlPlaneTo(70000, "bad"))).toContain(
        problem("allowControlPlaneTo.port", 70000, "1..65535"),
      );
    });
  });

  it("warns when no admin group can reach the API", () => {
    const stack = new TerraformStack(Testing.app(), "Warn");
    const c = new AksCluster(stack, "Aks", prodProps({ adminGroupObjectIds: [] }));
    const warnings = c.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringContaining("adminGroupObjectIds is empty")]);
    expect(c.ready.map((r) => r.node.id)).not.toContain("AdminAccess");
  });

  it("is what the AKS policy rules read: they fail it with local accounts and network policy off", async () => {
    const doc = JSON.parse(prodOut) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    for (const c of Object.values(doc.resource[CLUSTER]!)) {
      c.local_account_disabled = false;
      delete (c.network_profile as Record<string, unknown>).network_policy;
    }
    expect((await policyFindings(JSON.stringify(doc), "production")).sort()).toEqual([
      expect.stringMatching(
        /^PLAT-AKS-002 azurerm_kubernetes_cluster\.Aks_Cluster_\w+: network_profile\.network_policy/,
      ),
      expect.stringMatching(
        /^PLAT-AKS-003 azurerm_kubernetes_cluster\.Aks_Cluster_\w+: local_account_disabled/,
      ),
    ]);
  });

  it.each([
    ["production", prodProps(), "production"],
    ["development", devProps(), "development"],
  ] as const)("passes the repo's policy rules in %s", async (_, props, tier) => {
    expect(await policyFindings(synthAks(props), tier)).toEqual([]);
  });
});
