/**
 * The props of {@link AksCluster}, and their defaults resolved once: the cluster keeps the results as
 * public fields, and the validation checks them with the props.
 */
import type { TerraformResource } from "../core";
import type { INetwork } from "../interfaces";
import {
  type ApplicationPoolConfig,
  DEFAULT_MAX_SURGE,
  DEFAULT_OS_DISK_GIB,
  type SystemPoolConfig,
} from "./aks-capacity";
import {
  AKS_ZONES,
  type AksOutboundType,
  type AksSkuTier,
  type AksVersion,
  type WeekDay,
} from "./aks-limits";
import type { SharedIdentities } from "./shared-identities";

/** A weekly maintenance window. */
export interface MaintenanceWindow {
  readonly dayOfWeek: WeekDay;
  /** Start, `HH:mm` in `utcOffset`. */
  readonly startTime: string;
  /** @default "+00:00" */
  readonly utcOffset?: string;
  /** @default 4 */
  readonly durationHours?: number;
}

export interface AksClusterProps {
  /** Cluster name, e.g. `prod-blue`: 2 to 54 lower-case letters, digits and single dashes. */
  readonly name: string;
  readonly resourceGroupName: string;
  /** Azure region, e.g. `westeurope`. */
  readonly location: string;
  /**
   * DNS label of the gateway's public IP (`<label>.<location>.cloudapp.azure.com`), unique in the
   * region across Azure; see `gatewayDnsLabel`.
   * @default - the cluster's name
   */
  readonly gatewayDnsLabel?: string;
  /** Kubernetes minor from `AKS_VERSIONS`; AKS applies patches itself (`automatic_upgrade_channel = "patch"`). */
  readonly kubernetesVersion: AksVersion;
  /** The VNet (`cidr` is its address space); the nodes join its first private subnet. */
  readonly network: INetwork;
  /** @default network.privateSubnetIds[0] */
  readonly nodeSubnetId?: string;
  /** Ranges reached from the VNet (peerings, VPN, ExpressRoute): pod and service ranges avoid them. @default [] */
  readonly connectedCidrs?: readonly string[];
  /** Overlay pod range; each node takes a /24. @default "192.168.0.0/16" */
  readonly podCidr?: string;
  /** Kubernetes service range. @default "172.16.0.0/16" */
  readonly serviceCidr?: string;
  /** CoreDNS's service address, inside `serviceCidr`. @default "172.16.0.10" */
  readonly dnsServiceIp?: string;
  /**
   * Public ranges allowed to reach a public API server (`api_server_access_profile`). With
   * `privateDeployerCidrs`, the deployer's path: exactly one of the two must be non-empty.
   * @default []
   */
  readonly authorizedIpRanges?: readonly string[];
  /**
   * Private ranges the deployer runs in (inside the VNet or a connected range). Non-empty makes the
   * cluster private: the API server gets a private endpoint in the node subnet and no public address.
   * @default []
   */
  readonly privateDeployerCidrs?: readonly string[];
  /**
   * Entra groups given cluster admin, both as AKS admin groups and through the `Azure Kubernetes
   * Service RBAC Cluster Admin` role. Known at plan time: they key a `for_each`.
   * @default [] (nobody can reach the Kubernetes API until a role is assigned)
   */
  readonly adminGroupObjectIds?: readonly string[];
  /** @default - the subscription's tenant */
  readonly tenantId?: string;
  /** The system pool (the default pool): critical add-ons only. */
  readonly systemPool: SystemPoolConfig;
  /** Application capacity, split into a regular and a spot pool by `spotPercent`. */
  readonly applicationPool: ApplicationPoolConfig;
  /** Zones of every pool. @default ["1", "2", "3"] */
  readonly zones?: readonly string[];
  /** Ephemeral OS disk of every node. @default 64 */
  readonly osDiskSizeGiB?: number;
  /** Upgrade surge of the regular pools. @default "33%" */
  readonly maxSurge?: string;
  /** Egress: the cluster's load balancer, or a NAT gateway already on the node subnet. @default "loadBalancer" */
  readonly outboundType?: AksOutboundType;
  /** @default "Standard" */
  readonly skuTier?: AksSkuTier;
  /** Production: zones 1-3 and a system node per zone, no Free tier, longer log retention, Retain volumes. @default false */
  readonly production?: boolean;
  /** Send Container Insights and Defender data here. @default - a workspace is created */
  readonly logAnalyticsWorkspaceId?: string;
  /** Retention of the created workspace. @default 90 in production, 30 otherwise */
  readonly logRetentionDays?: number;
  /** @default 168 (weekly) */
  readonly imageCleanerIntervalHours?: number;
  /** Kubernetes patch upgrades. @default Sunday 00:00 UTC, 4 hours */
  readonly upgradeWindow?: MaintenanceWindow;
  /** Node image upgrades. @default Saturday 00:00 UTC, 4 hours */
  readonly nodeOsUpgradeWindow?: MaintenanceWindow;
  /** Reclaim policy of the Premium ZRS class. @default "Retain" in production, "Delete" otherwise */
  readonly storageReclaimPolicy?: "Retain" | "Delete";
  /** `lifecycle.prevent_destroy` on the cluster and a created workspace; false for blue/green colors. @default false */
  readonly preventDestroy?: boolean;
  /** What the cluster waits for, e.g. the node subnet's NAT gateway association. @default [] */
  readonly dependsOn?: readonly TerraformResource[];
  /** @default {} */
  readonly tags?: Record<string, string>;
  /**
   * Identities owned by the environment's foundation: a service account listed there federates into
   * its shared identity instead of getting one of this cluster's (see `AzureSharedIdentities`).
   * @default - every service account gets an identity of this cluster
   */
  readonly sharedIdentities?: SharedIdentities;
}

/** The props with every default applied. */
export interface ResolvedAks {
  readonly production: boolean;
  readonly nodeSubnetId: string | undefined;
  readonly connectedCidrs: readonly string[];
  readonly podCidr: string;
  readonly serviceCidr: string;
  readonly dnsServiceIp: string;
  readonly authorizedIpRanges: readonly string[];
  readonly privateDeployerCidrs: readonly string[];
  readonly adminGroupObjectIds: readonly string[];
  readonly zones: readonly string[];
  readonly osDiskSizeGiB: number;
  readonly maxSurge: string;
  readonly outboundType: AksOutboundType;
  readonly skuTier: AksSkuTier;
  readonly logRetentionDays: number;
  readonly imageCleanerIntervalHours: number;
  readonly upgradeWindow: MaintenanceWindow;
  readonly nodeOsUpgradeWindow: MaintenanceWindow;
  readonly storageReclaimPolicy: "Retain" | "Delete";
  readonly preventDestroy: boolean;
}

/** Applies the documented defaults; production changes retention and the reclaim policy. */
export function resolveAksProps(props: AksClusterProps): ResolvedAks {
  const production = props.production ?? false;
  return {
    production,
    nodeSubnetId: props.nodeSubnetId ?? props.network.privateSubnetIds[0],
    connectedCidrs: props.connectedCidrs ?? [],
    podCidr: props.podCidr ?? "192.168.0.0/16",
    serviceCidr: props.serviceCidr ?? "172.16.0.0/16",
    dnsServiceIp: props.dnsServiceIp ?? "172.16.0.10",
    authorizedIpRanges: props.authorizedIpRanges ?? [],
    privateDeployerCidrs: props.privateDeployerCidrs ?? [],
    adminGroupObjectIds: props.adminGroupObjectIds ?? [],
    zones: props.zones ?? [...AKS_ZONES],
    osDiskSizeGiB: props.osDiskSizeGiB ?? DEFAULT_OS_DISK_GIB,
    maxSurge: props.maxSurge ?? DEFAULT_MAX_SURGE,
    outboundType: props.outboundType ?? "loadBalancer",
    skuTier: props.skuTier ?? "Standard",
    logRetentionDays: props.logRetentionDays ?? (production ? 90 : 30),
    imageCleanerIntervalHours: props.imageCleanerIntervalHours ?? 168,
    upgradeWindow: props.upgradeWindow ?? { dayOfWeek: "Sunday", startTime: "00:00" },
    nodeOsUpgradeWindow: props.nodeOsUpgradeWindow ?? { dayOfWeek: "Saturday", startTime: "00:00" },
    storageReclaimPolicy: props.storageReclaimPolicy ?? (production ? "Retain" : "Delete"),
    preventDestroy: props.preventDestroy ?? false,
  };
}

/** The azurerm block of a weekly maintenance window. */
export function maintenanceWindowBlock(w: MaintenanceWindow) {
  return {
    frequency: "Weekly",
    interval: 1,
    dayOfWeek: w.dayOfWeek,
    startTime: w.startTime,
    utcOffset: w.utcOffset ?? "+00:00",
    duration: w.durationHours ?? 4,
  };
}
