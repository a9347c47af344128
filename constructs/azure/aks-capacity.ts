/**
 * Node-pool sizing for {@link AksCluster}: the config shapes and the checks the cluster runs. The
 * on-demand/spot split of the application capacity is the shared one (`constructs/capacity.ts`), so a
 * `spotPercent` means the same node counts on both clouds.
 */
import { type CapacitySplit, checkNodeCountOrder, type NodeCount, splitCapacity } from "../capacity";
import type { Validator } from "../validation";
import { AKS_MAX_PODS, AKS_POOL_MAX_NODES } from "./aks-limits";
import { AKS_VM_SIZES } from "./aks-vm-sizes";

export type { CapacitySplit, NodeCount };
export { splitCapacity };

/** The system pool (the cluster's default pool): critical add-ons only, on demand. */
export interface SystemPoolConfig extends NodeCount {
  /** VM size from `AKS_VM_SIZES`, e.g. `Standard_D4ds_v5`. */
  readonly vmSize: string;
  /**
   * Pods per node (Azure CNI Overlay gives every node a /24 whatever this is).
   * @default 110
   */
  readonly maxPods?: number;
}

/** Application capacity, split into a regular and a spot user pool by `spotPercent`. */
export interface ApplicationPoolConfig extends NodeCount {
  /** VM size of the regular pool, from `AKS_VM_SIZES`. */
  readonly vmSize: string;
  /** Share of min, desired and max nodes on spot, 0 to 100. */
  readonly spotPercent: number;
  /**
   * VM size of the spot pool (an AKS pool has one size).
   * @default vmSize
   */
  readonly spotVmSize?: string;
  /**
   * Pods per node in both application pools.
   * @default 110
   */
  readonly maxPods?: number;
}

export const DEFAULT_MAX_PODS = 110;
/** Ephemeral OS disk size of every node: fits the temp disk of the smallest size in the table (75 GiB). */
export const DEFAULT_OS_DISK_GIB = 64;
/** Surge during upgrades, as in the AKS baseline (`maxSurge: 33%`). */
export const DEFAULT_MAX_SURGE = "33%";
/** Pods every pool must hold at its minimum when maxPods is below it. */
export const POOL_MIN_PODS = 30;
/** AKS needs a Linux OS disk of at least 30 GiB. */
export const MIN_OS_DISK_GIB = 30;

function checkVmSize(v: Validator, field: string, value: string): void {
  v.check(
    AKS_VM_SIZES[value] !== undefined,
    field,
    value,
    `one of ${Object.keys(AKS_VM_SIZES).join(", ")}`,
    "add the size to AKS_VM_SIZES in constructs/azure/aks-vm-sizes.ts (vCPUs, memory, temp disk) first",
  );
}

function checkCounts(v: Validator, pool: string, g: NodeCount): void {
  const ints = [g.minSize, g.desiredSize, g.maxSize].every((n) => Number.isInteger(n) && n >= 0);
  v.check(
    ints && g.maxSize >= 1 && g.maxSize <= AKS_POOL_MAX_NODES,
    `${pool}.maxSize`,
    g.maxSize,
    `an integer 1..${AKS_POOL_MAX_NODES} (with non-negative integer min and desired)`,
    "an autoscaled pool needs room for one node",
  );
  checkNodeCountOrder(v, pool, g, "pool");
}

function checkMaxPods(v: Validator, pool: string, value: number, minNodes: number): void {
  const field = `${pool}.maxPods`;
  const inRange = Number.isInteger(value) && value >= AKS_MAX_PODS.min && value <= AKS_MAX_PODS.max;
  v.check(
    inRange,
    field,
    value,
    `an integer ${AKS_MAX_PODS.min}..${AKS_MAX_PODS.max}`,
    "Azure CNI Overlay runs 10 to 250 pods per node; 110 suits most pools",
  );
  // AKS "IP address planning": below 30 pods a node, each pool must still hold 30 pods.
  if (inRange && value < POOL_MIN_PODS) {
    v.check(
      value * minNodes >= POOL_MIN_PODS,
      field,
      value,
      `at least ${POOL_MIN_PODS} pods over the pool's ${minNodes} minimum nodes`,
      "raise maxPods or minSize; AKS keeps room for 30 pods in every pool",
    );
  }
}

/** The resolved pool settings the checks need beyond the configs. */
export interface PoolSettings {
  readonly production: boolean;
  readonly zones: readonly string[];
  readonly osDiskSizeGiB: number;
  readonly maxSurge: string;
}

/**
 * Records every problem with the pool settings, under `systemPool.*`, `applicationPool.*`,
 * `osDiskSizeGiB` and `maxSurge`.
 */
export function checkPools(
  v: Validator,
  system: SystemPoolConfig,
  app: ApplicationPoolConfig,
  s: PoolSettings,
): void {
  checkVmSize(v, "systemPool.vmSize", system.vmSize);
  checkCounts(v, "systemPool", system);
  const systemMin = s.production ? Math.max(1, s.zones.length) : 1;
  v.check(
    system.minSize >= systemMin,
    "systemPool.minSize",
    system.minSize,
    `at least ${systemMin}${s.production ? " in production (one system node per zone)" : ""}`,
    "CoreDNS, konnectivity and the other critical add-ons need system nodes; production keeps one per zone",
  );
  checkMaxPods(v, "systemPool", system.maxPods ?? DEFAULT_MAX_PODS, system.minSize);
  checkVmSize(v, "applicationPool.vmSize", app.vmSize);
  if (app.spotVmSize !== undefined) checkVmSize(v, "applicationPool.spotVmSize", app.spotVmSize);
  checkCounts(v, "applicationPool", app);
  checkMaxPods(v, "applicationPool", app.maxPods ?? DEFAULT_MAX_PODS, app.minSize);
  v.check(
    Number.isFinite(app.spotPercent) && app.spotPercent >= 0 && app.spotPercent <= 100,
    "applicationPool.spotPercent",
    app.spotPercent,
    "a number 0..100",
    "0 keeps all application nodes on demand; 100 puts them all on spot",
  );
  const sizes = [system.vmSize, app.vmSize, app.spotVmSize ?? app.vmSize];
  const smallest = Math.min(
    ...sizes.map((size) => AKS_VM_SIZES[size]?.tempDiskGiB ?? Number.POSITIVE_INFINITY),
  );
  v.check(
    Number.isInteger(s.osDiskSizeGiB) && s.osDiskSizeGiB >= MIN_OS_DISK_GIB && s.osDiskSizeGiB <= smallest,
    "osDiskSizeGiB",
    s.osDiskSizeGiB,
    `an integer ${MIN_OS_DISK_GIB}..${Number.isFinite(smallest) ? smallest : "the temp disk size"} (the smallest temp disk of the pools' sizes)`,
    "OS disks are ephemeral and live on the VM's temp disk; use a smaller disk or larger VM sizes",
  );
  const surge = /^([1-9]\d*)(%?)$/.exec(s.maxSurge);
  v.check(
    surge !== null && (surge[2] === "" || Number(surge[1]) <= 100),
    "maxSurge",
    s.maxSurge,
    "a node count such as 1, or a percentage 1%..100%",
    "AKS adds this many nodes during an upgrade; 33% is the AKS baseline's value",
  );
}

/** Nodes the pools can hold at once: every pool at its maximum, plus upgrade surge on the regular pools. */
export function peakNodes(system: SystemPoolConfig, app: ApplicationPoolConfig, maxSurge: string): number {
  const split: CapacitySplit = splitCapacity(app, app.spotPercent);
  const surgeOf = (n: number) => {
    const m = /^(\d+)(%?)$/.exec(maxSurge);
    if (!m) return 0;
    return m[2] === "%" ? Math.ceil((n * Number(m[1])) / 100) : Number(m[1]);
  };
  // Spot pools get no surge nodes (AKS "Spot node pool", upgrade).
  const regular = [system.maxSize, split.onDemand?.maxSize ?? 0];
  return regular.reduce((sum, n) => sum + n + (n > 0 ? surgeOf(n) : 0), 0) + (split.spot?.maxSize ?? 0);
}
