import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { Construct, type TerraformResource } from "../core";
import type {
  AccessGrant,
  ClusterConnection,
  DnsPublication,
  IKubernetesCluster,
  PlatformAddOns,
} from "../interfaces";
import type { SystemPods } from "../k8s/system-pods";
import { waitForCluster } from "../k8s/wait-for-cluster";
import { Validator } from "../validation";
import type { CapacitySplit, SystemPoolConfig } from "./aks-capacity";
import {
  type AksClusterProps,
  maintenanceWindowBlock,
  type ResolvedAks,
  resolveAksProps,
} from "./aks-cluster-props";
import { validateAksCluster } from "./aks-cluster-validation";
import { AksIdentities, adminAccess } from "./aks-identities";
import type { AksVersion } from "./aks-limits";
import {
  AKS_GATEWAY_SERVICE_ANNOTATIONS,
  AZURE_DNS_LABEL_ANNOTATION,
  azureGatewayHostname,
} from "./aks-load-balancer";
import { AksLogAnalytics, containerInsightsRule } from "./aks-monitoring";
import { AksNodePools, SPOT_TOLERATION, systemPool } from "./aks-node-pools";
import { aksConnection, type KubeloginLogin } from "./aks-providers";
import { AzureDiskStorageClass } from "./aks-storage-class";
import { AKS_MANAGED_ADD_ONS, checkAksSystemCapacity } from "./aks-system-capacity";
import {
  AksWorkloadIdentity,
  azureRoleAssignments,
  WORKLOAD_IDENTITY_POD_LABELS,
  type WorkloadIdentityGrant,
} from "./aks-workload-identity";
import type { SharedIdentities } from "./shared-identities";

export type { AksClusterProps, MaintenanceWindow } from "./aks-cluster-props";

/**
 * An AKS cluster (`azurerm_kubernetes_cluster`, Standard tier) with Entra ID and Azure RBAC only (no
 * local accounts, no run command), user-assigned control-plane and kubelet identities, Azure CNI
 * Overlay with the Cilium data plane and network policy, Azure Linux nodes in zones 1-3, a tainted
 * system pool plus regular and spot user pools, patch and node-image auto-upgrades in maintenance
 * windows, Container Insights, Defender, Azure Policy, the Key Vault secrets provider, Image Cleaner,
 * workload identity and a Premium ZRS storage class. See README.md, "AKS".
 */
export class AksCluster extends Construct implements IKubernetesCluster {
  public readonly clusterName: string;
  public readonly clusterId: string;
  /** API server URL (`kube_config[0].host`). */
  public readonly endpoint: string;
  /** Base64 PEM of the cluster CA. */
  public readonly certificateAuthorityData: string;
  /** The kubernetes and helm providers' connection: `kube_config[0]` and kubelogin with the Azure CLI. */
  public readonly connection: ClusterConnection;
  /** The node subnet: Azure network rules name the nodes by their subnet, not a security group. */
  public readonly nodeSubnetId: string;
  public readonly oidcIssuerUrl: string;
  public readonly kubeletPrincipalId: string;
  public readonly controlPlanePrincipalId: string;
  public readonly logAnalyticsWorkspaceId: string;
  public readonly kubernetesVersion: AksVersion;
  public readonly production: boolean;
  public readonly privateCluster: boolean;
  public readonly preventDestroy: boolean;
  /** Every prop with its default applied (zones, address ranges, API access, tier, retention, windows). */
  public readonly settings: ResolvedAks;
  public readonly automaticUpgradeChannel = "patch";
  public readonly nodeOsUpgradeChannel = "NodeImage";
  /** Application node counts per priority, as created. */
  public readonly applicationSplit: CapacitySplit;
  /** What in-cluster installs wait for: the user pools, the admin role assignments, the storage class. */
  public readonly ready: TerraformResource[] = [];
  /** The Premium ZRS class the platform's volumes ask for. */
  public readonly storageClassName: string;
  /** Toleration a pod needs to run on the spot pool. */
  public readonly spotToleration = SPOT_TOLERATION;
  /** Application pods tolerate the spot pool's taint, so the scheduler may place them there. */
  public readonly workloadTolerations = [SPOT_TOLERATION];
  /** Labels a pod that uses {@link workloadIdentity} needs. */
  public readonly workloadIdentityPodLabels = WORKLOAD_IDENTITY_POD_LABELS;
  /** Service annotations for the Istio ingress gateway (see aks-load-balancer.ts). */
  public readonly gatewayServiceAnnotations: Readonly<Record<string, string>>;
  /**
   * The gateway's public name, from its load balancer IP's DNS label (`<cluster>.<location>.
   * cloudapp.azure.com`): what the edge's pool for this cluster points at. The label must be unique
   * in the region.
   */
  public readonly gatewayHostname: string;
  /** What AKS itself runs for this cluster, so the platform installs none of it (no autoscaler chart). */
  public readonly managedAddOns = AKS_MANAGED_ADD_ONS;
  /** Ports in-cluster installs asked the control plane to reach (see {@link allowControlPlaneTo}). */
  public readonly controlPlanePorts: { readonly port: number; readonly what: string }[] = [];
  private readonly systemPoolConfig: SystemPoolConfig;
  private readonly name: string;
  private readonly resourceGroupName: string;
  private readonly location: string;
  private readonly tags?: Record<string, string>;
  private readonly sharedIdentities?: SharedIdentities;

  constructor(scope: Construct, id: string, props: AksClusterProps) {
    super(scope, id);
    const resolved = resolveAksProps(props);
    const { production, nodeSubnetId } = resolved;
    validateAksCluster(`AksCluster ${this.node.path}`, props, resolved);
    this.settings = resolved;
    this.production = production;
    this.kubernetesVersion = props.kubernetesVersion;
    this.privateCluster = resolved.privateDeployerCidrs.length > 0;
    this.preventDestroy = resolved.preventDestroy;
    this.systemPoolConfig = props.systemPool;
    this.name = props.name;
    this.resourceGroupName = props.resourceGroupName;
    this.location = props.location;
    this.sharedIdentities = props.sharedIdentities;
    const label = props.gatewayDnsLabel ?? props.name;
    if (!/^[a-z][a-z0-9-]{1,61}[a-z0-9]$/.test(label)) {
      throw new Error(
        `AksCluster ${this.node.path}: gatewayDnsLabel: got ${JSON.stringify(label)}; allowed: 3-63 lower-case letters, digits and dashes, starting with a letter; hint: it becomes <label>.${props.location}.cloudapp.azure.com`,
      );
    }
    this.gatewayHostname = azureGatewayHostname(label, props.location);
    this.gatewayServiceAnnotations = {
      ...AKS_GATEWAY_SERVICE_ANNOTATIONS,
      [AZURE_DNS_LABEL_ANNOTATION]: label,
    };
    this.tags = props.tags;
    const subnet = nodeSubnetId!;
    const base = { resourceGroupName: props.resourceGroupName, location: props.location, tags: props.tags };

    const identities = new AksIdentities(this, "Identities", {
      ...base,
      name: props.name,
      nodeSubnetId: subnet,
    });
    const logs = new AksLogAnalytics(this, "Logs", {
      ...base,
      name: props.name,
      workspaceId: props.logAnalyticsWorkspaceId,
      retentionDays: resolved.logRetentionDays,
      preventDestroy: this.preventDestroy,
    });
    const common = {
      kubernetesVersion: props.kubernetesVersion,
      nodeSubnetId: subnet,
      zones: resolved.zones,
      osDiskSizeGiB: resolved.osDiskSizeGiB,
      maxSurge: resolved.maxSurge,
      tags: props.tags,
    };
    const cluster = new KubernetesCluster(this, "Cluster", {
      ...base,
      name: props.name,
      dnsPrefix: props.name,
      kubernetesVersion: props.kubernetesVersion,
      skuTier: resolved.skuTier,
      automaticUpgradeChannel: this.automaticUpgradeChannel,
      nodeOsUpgradeChannel: this.nodeOsUpgradeChannel,
      maintenanceWindowAutoUpgrade: maintenanceWindowBlock(resolved.upgradeWindow),
      maintenanceWindowNodeOs: maintenanceWindowBlock(resolved.nodeOsUpgradeWindow),
      roleBasedAccessControlEnabled: true,
      localAccountDisabled: true,
      runCommandEnabled: false,
      azureActiveDirectoryRoleBasedAccessControl: {
        azureRbacEnabled: true,
        adminGroupObjectIds: [...resolved.adminGroupObjectIds],
        tenantId: props.tenantId,
      },
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,
      identity: { type: "UserAssigned", identityIds: [identities.controlPlane.id] },
      kubeletIdentity: {
        clientId: identities.kubelet.clientId,
        objectId: identities.kubelet.principalId,
        userAssignedIdentityId: identities.kubelet.id,
      },
      defaultNodePool: systemPool(common, props.systemPool),
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        networkDataPlane: "cilium",
        networkPolicy: "cilium",
        podCidr: resolved.podCidr,
        serviceCidr: resolved.serviceCidr,
        dnsServiceIp: resolved.dnsServiceIp,
        outboundType: resolved.outboundType,
        loadBalancerSku: "standard",
      },
      ...(this.privateCluster
        ? { privateClusterEnabled: true, privateDnsZoneId: "System", privateClusterPublicFqdnEnabled: false }
        : {
            privateClusterEnabled: false,
            apiServerAccessProfile: { authorizedIpRanges: [...resolved.authorizedIpRanges] },
          }),
      omsAgent: { logAnalyticsWorkspaceId: logs.workspaceId, msiAuthForMonitoringEnabled: true },
      microsoftDefender: { logAnalyticsWorkspaceId: logs.workspaceId },
      azurePolicyEnabled: true,
      keyVaultSecretsProvider: { secretRotationEnabled: true, secretRotationInterval: "2m" },
      imageCleanerEnabled: true,
      imageCleanerIntervalHours: resolved.imageCleanerIntervalHours,
      // Azure Disk only: no Azure Files or Blob node plugins on every node.
      storageProfile: {
        diskDriverEnabled: true,
        fileDriverEnabled: false,
        blobDriverEnabled: false,
        snapshotControllerEnabled: true,
      },
      lifecycle: { preventDestroy: this.preventDestroy, ignoreChanges: ["default_node_pool[0].node_count"] },
      dependsOn: [...identities.grants, ...(props.dependsOn ?? [])],
    });
    containerInsightsRule(this, {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      workspaceId: logs.workspaceId,
      clusterId: cluster.id,
      tags: props.tags,
    });
    const admins = adminAccess(this, cluster.id, props.name, resolved.adminGroupObjectIds);
    if (admins) this.ready.push(admins);
    const pools = new AksNodePools(this, "NodePools", {
      ...common,
      clusterId: cluster.id,
      application: props.applicationPool,
    });
    const nodes = [pools.applicationPool, pools.spotPool].filter(
      (p): p is NonNullable<typeof p> => p !== undefined,
    );
    this.ready.push(...nodes);
    const storage = new AzureDiskStorageClass(this, "PremiumZrsStorageClass", {
      reclaimPolicy: resolved.storageReclaimPolicy,
      dependsOn: [cluster, ...this.ready],
    });
    this.ready.push(storage.storageClass);
    this.storageClassName = storage.name;
    this.applicationSplit = pools.applicationSplit;
    this.clusterName = cluster.name;
    this.clusterId = cluster.id;
    this.endpoint = cluster.kubeConfig.get(0).host;
    this.certificateAuthorityData = cluster.kubeConfig.get(0).clusterCaCertificate;
    this.nodeSubnetId = subnet;
    this.oidcIssuerUrl = cluster.oidcIssuerUrl;
    this.kubeletPrincipalId = identities.kubelet.principalId;
    this.controlPlanePrincipalId = identities.controlPlane.principalId;
    this.logAnalyticsWorkspaceId = logs.workspaceId;
    this.connection = aksConnection(this.endpoint, this.certificateAuthorityData);
  }

  /** The connection with another non-interactive kubelogin login (a CI job's workload identity, a VM's). */
  public connectionFor(login: KubeloginLogin): ClusterConnection {
    return aksConnection(this.endpoint, this.certificateAuthorityData, login);
  }

  /**
   * A cloud identity for one service account: a user-assigned identity with a federated credential
   * for `system:serviceaccount:<namespace>:<serviceAccount>` on this cluster's issuer, given the Azure
   * roles of `grants`. Annotate the service account and label the pods with what it returns.
   */
  public workloadIdentity(
    scope: Construct,
    id: string,
    options: {
      readonly namespace: string;
      readonly serviceAccount: string;
      readonly grants: readonly AccessGrant[];
    },
  ): WorkloadIdentityGrant {
    const roleAssignments = azureRoleAssignments(`AksCluster ${this.node.path}`, id, options.grants);
    const existing = this.sharedIdentities?.find({
      namespace: options.namespace,
      serviceAccount: options.serviceAccount,
    });
    const identity = new AksWorkloadIdentity(scope, id, {
      existing,
      clusterName: this.name,
      resourceGroupName: this.resourceGroupName,
      location: this.location,
      oidcIssuerUrl: this.oidcIssuerUrl,
      namespace: options.namespace,
      serviceAccount: options.serviceAccount,
      roleAssignments,
      tags: this.tags,
    });
    return identity;
  }

  /**
   * What AKS adds to the platform: nothing to install. The Azure cloud provider in the control plane
   * creates the gateway's load balancer (no controller, no webhook to wait for), node-pool autoscaling
   * replaces the cluster-autoscaler chart, and AKS runs metrics-server itself. The gateway gets the
   * health-probe annotations. `dns` is not published here (no `publishDns`): the edge publishes it.
   */
  public installAddOns(
    _scope: Construct,
    _options: { readonly highAvailability: boolean; readonly dns?: DnsPublication },
  ): PlatformAddOns {
    return { gatewayDependsOn: [], gatewayServiceAnnotations: this.gatewayServiceAnnotations };
  }

  /** Every in-cluster resource under `scope` waits for `ready` (the pools, the admin access, the class). */
  public settle(scope: Construct): void {
    waitForCluster(scope, this.ready);
  }

  /**
   * Records that an in-cluster install needs the control plane to reach `port` (a webhook or an
   * aggregated API). Nothing to open on AKS: the API server reaches pods through the konnectivity
   * tunnel that the `konnectivity-agent` pods open from inside the cluster, and Azure CNI Overlay needs
   * node-to-pod traffic allowed on the node subnet anyway. A NetworkPolicy that isolates the webhook's
   * namespace must still admit it.
   */
  public allowControlPlaneTo(port: number, what: string): void {
    new Validator(`AksCluster ${this.node.path}`)
      .check(
        Number.isInteger(port) && port >= 1 && port <= 65535,
        "allowControlPlaneTo.port",
        port,
        "1..65535",
        `the port ${what} listens on`,
      )
      .throwIfAny();
    if (!this.controlPlanePorts.some((p) => p.port === port)) this.controlPlanePorts.push({ port, what });
  }

  /** Throws unless the system pool holds `pods` with AKS's own add-ons, at first apply and at maximum. */
  public fitSystemPods(pods: Required<SystemPods>): void {
    const v = new Validator(`AksCluster ${this.node.path}`);
    checkAksSystemCapacity(v, "systemPool", this.systemPoolConfig, pods);
    v.throwIfAny();
  }
}
