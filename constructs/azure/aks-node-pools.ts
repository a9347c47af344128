import type { KubernetesClusterDefaultNodePool } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import {
  KubernetesClusterNodePool,
  type KubernetesClusterNodePoolConfig,
} from "@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool";
import { Construct } from "../core";
import {
  type ApplicationPoolConfig,
  type CapacitySplit,
  DEFAULT_MAX_PODS,
  type NodeCount,
  type SystemPoolConfig,
  splitCapacity,
} from "./aks-capacity";

/**
 * Azure Linux on every pool. On the Kubernetes minors in `AKS_VERSIONS` this is Azure Linux 3.0; the
 * versioned `AzureLinux3` SKU (azurerm 4.48+) would block the upgrade to 1.37, so it is not used.
 */
export const NODE_OS_SKU = "AzureLinux";
/** The label and taint AKS puts on spot nodes; set here too, so Terraform sees no drift. */
export const SPOT_LABEL = { "kubernetes.azure.com/scalesetpriority": "spot" } as const;
export const SPOT_TAINT = "kubernetes.azure.com/scalesetpriority=spot:NoSchedule";
/** What a pod needs to run on the spot pool. */
export const SPOT_TOLERATION = {
  key: "kubernetes.azure.com/scalesetpriority",
  operator: "Equal",
  value: "spot",
  effect: "NoSchedule",
} as const;

/** What every pool shares. */
export interface PoolCommon {
  readonly kubernetesVersion: string;
  readonly nodeSubnetId: string;
  readonly zones: readonly string[];
  readonly osDiskSizeGiB: number;
  readonly maxSurge: string;
  readonly tags?: Record<string, string>;
}

/** Node settings of every pool: Azure Linux, ephemeral OS disk, host encryption, no public IPs. */
function nodeSettings(c: PoolCommon, vmSize: string, maxPods: number | undefined, counts: NodeCount) {
  return {
    vmSize,
    orchestratorVersion: c.kubernetesVersion,
    vnetSubnetId: c.nodeSubnetId,
    zones: [...c.zones],
    osSku: NODE_OS_SKU,
    osDiskType: "Ephemeral",
    osDiskSizeGb: c.osDiskSizeGiB,
    // Encrypts the temp disk, the ephemeral OS disk and caches at the host; the subscription needs the
    // Microsoft.Compute/EncryptionAtHost feature registered.
    hostEncryptionEnabled: true,
    nodePublicIpEnabled: false,
    maxPods: maxPods ?? DEFAULT_MAX_PODS,
    autoScalingEnabled: true,
    minCount: counts.minSize,
    maxCount: counts.maxSize,
    nodeCount: counts.desiredSize,
    tags: c.tags,
  };
}

const upgrade = (c: PoolCommon) => ({
  maxSurge: c.maxSurge,
  drainTimeoutInMinutes: 30,
  nodeSoakDurationInMinutes: 0,
});

/**
 * The system pool as the cluster's `default_node_pool`: `only_critical_addons_enabled` taints it
 * `CriticalAddonsOnly=true:NoSchedule`, so only critical add-ons (and pods that tolerate the taint) run
 * there. `temporary_name_for_rotation` lets a VM size or OS disk change cycle the pool in place of
 * replacing the cluster.
 */
export function systemPool(c: PoolCommon, pool: SystemPoolConfig): KubernetesClusterDefaultNodePool {
  return {
    name: "system",
    temporaryNameForRotation: "systemtmp",
    type: "VirtualMachineScaleSets",
    onlyCriticalAddonsEnabled: true,
    ...nodeSettings(c, pool.vmSize, pool.maxPods, pool),
    nodeLabels: { "node-role": "system" },
    upgradeSettings: upgrade(c),
  };
}

export interface AksNodePoolsProps extends PoolCommon {
  /** The cluster's id (a reference, so Terraform creates the pools after it). */
  readonly clusterId: string;
  readonly application: ApplicationPoolConfig;
}

/**
 * The application capacity as two autoscaled user pools, split by `spotPercent` as on EKS
 * ({@link splitCapacity}): `app` (regular priority) and `spot` (Spot priority, evicted VMs deleted,
 * paying at most the on-demand price, `spot_max_price = -1`). A pool whose maximum is 0 is left out.
 * The autoscaler owns `node_count` after creation.
 */
export class AksNodePools extends Construct {
  public readonly applicationSplit: CapacitySplit;
  public readonly applicationPool?: KubernetesClusterNodePool;
  public readonly spotPool?: KubernetesClusterNodePool;

  constructor(scope: Construct, id: string, props: AksNodePoolsProps) {
    super(scope, id);
    const app = props.application;
    this.applicationSplit = splitCapacity(app, app.spotPercent);
    const pool = (poolId: string, config: KubernetesClusterNodePoolConfig) =>
      new KubernetesClusterNodePool(this, poolId, {
        ...config,
        lifecycle: { ignoreChanges: ["node_count"] },
      });
    const { onDemand, spot } = this.applicationSplit;
    if (onDemand) {
      this.applicationPool = pool("ApplicationPool", {
        name: "app",
        temporaryNameForRotation: "apptmp",
        kubernetesClusterId: props.clusterId,
        mode: "User",
        osType: "Linux",
        ...nodeSettings(props, app.vmSize, app.maxPods, onDemand),
        nodeLabels: { "node-role": "application", capacity: "on-demand" },
        upgradeSettings: upgrade(props),
      });
    }
    if (spot) {
      // No upgrade_settings: AKS gives spot pools no surge nodes (AKS "Spot node pool", upgrade).
      this.spotPool = pool("SpotPool", {
        name: "spot",
        temporaryNameForRotation: "spottmp",
        kubernetesClusterId: props.clusterId,
        mode: "User",
        osType: "Linux",
        priority: "Spot",
        evictionPolicy: "Delete",
        spotMaxPrice: -1,
        ...nodeSettings(props, app.spotVmSize ?? app.vmSize, app.maxPods, spot),
        nodeLabels: { "node-role": "application", capacity: "spot", ...SPOT_LABEL },
        nodeTaints: [SPOT_TAINT],
      });
    }
  }
}
