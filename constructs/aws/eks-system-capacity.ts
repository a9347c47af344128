/**
 * Whether an EKS system node group holds the pods pinned to it: what the platform's releases declare
 * ({@link SystemPods}) plus EKS's own add-ons, against each node's allocatable CPU, memory and pod
 * slots. Checked twice: every workload at its first-apply count on `desiredSize` nodes (the first
 * apply waits for each release to become ready, before any scale-up), and every workload at its HPA
 * maximum on `maxSize` nodes. The sums are aggregate (no bin packing), so passing is necessary, not
 * sufficient; the per-node pod limit is usually what binds.
 */

import type { PodFootprint } from "../k8s/system-pods";
import { checkSystemPodsFit } from "../k8s/system-pods";
import type { Validator } from "../validation";
import type { SystemNodeGroupConfig } from "./eks-capacity";
import { ENI_LIMITS, maxPodsPerNode } from "./eni-limits";

/**
 * EKS managed add-ons' pods at their defaults (the add-ons' own manifests): DaemonSets on every node,
 * and CoreDNS and the EBS CSI controller, which tolerate the system taint and are meant to run there.
 */
export const EKS_ADD_ON_PODS: {
  readonly pinned: readonly PodFootprint[];
  readonly perNode: readonly PodFootprint[];
} = {
  pinned: [
    { what: "coredns", pods: 2, requests: { cpu: "100m", memory: "70Mi" } },
    // Six containers (driver, provisioner, attacher, snapshotter, resizer, liveness) of 10m/40Mi.
    { what: "ebs-csi-controller", pods: 2, requests: { cpu: "60m", memory: "240Mi" } },
  ],
  perNode: [
    { what: "aws-node", pods: 1, requests: { cpu: "25m" } },
    { what: "kube-proxy", pods: 1, requests: { cpu: "100m" } },
    { what: "ebs-csi-node", pods: 1, requests: { cpu: "30m", memory: "120Mi" } },
  ],
};

/** Share of an instance's memory the kernel sees (a t3.medium reports about 3.8 of its 4 GiB). */
const VISIBLE_MEMORY = 0.94;

/** CPU and memory one node offers to pods after EKS's kube-reserved and the eviction threshold. */
export function allocatable(instanceType: string, maxPods: number): { cpuMillis: number; memoryMiB: number } {
  const l = ENI_LIMITS[instanceType];
  if (!l) throw new Error(`unknown instance type ${instanceType}`);
  // The EKS AMI's kube-reserved: 6% of the first core, 1% of the second, 0.5% of the next two, 0.25% beyond.
  const reservedCpu =
    60 + (l.vcpus > 1 ? 10 : 0) + 5 * Math.min(Math.max(l.vcpus - 2, 0), 2) + 2.5 * Math.max(l.vcpus - 4, 0);
  const reservedMemory = 255 + 11 * maxPods + 100;
  return {
    cpuMillis: Math.floor(l.vcpus * 1000 - reservedCpu),
    memoryMiB: Math.floor(l.memoryGiB * 1024 * VISIBLE_MEMORY - reservedMemory),
  };
}

/**
 * Records a problem under `field` (the system node group's config path) when the pinned pods do
 * not fit, at first apply or at their maximum.
 */
export function checkSystemCapacity(
  v: Validator,
  field: string,
  group: SystemNodeGroupConfig,
  customNetworking: boolean,
  pods: { readonly pinned: readonly PodFootprint[]; readonly perNode: readonly PodFootprint[] },
): void {
  const maxPods = maxPodsPerNode(group.instanceType, customNetworking);
  if (maxPods === undefined) return; // the instance-type check reports unknown types
  checkSystemPodsFit(
    v,
    field,
    {
      sizeKey: "instanceType",
      size: group.instanceType,
      nodeLabel: group.instanceType,
      desiredSize: group.desiredSize,
      maxSize: group.maxSize,
      maxPods,
      allocatable: allocatable(group.instanceType, maxPods),
      addOns: EKS_ADD_ON_PODS,
      note: customNetworking ? "custom networking" : "no custom networking",
      hint: "use a larger instance type or more system nodes; pod slots (ENI addresses) usually run out first",
    },
    pods,
  );
}
