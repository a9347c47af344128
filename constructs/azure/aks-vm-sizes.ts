/**
 * The Azure VM sizes the AKS node pools may use, and what one node offers to pods. Sizes: the Azure
 * "Ddsv5 sizes series" page (vCPUs, memory, temp disk). Reservations: AKS "Node resource reservations"
 * for Kubernetes 1.29 and later. Add a size here before using it in a pool; the pool and capacity
 * checks reject sizes they do not know.
 */

export interface AksVmSize {
  readonly vcpus: number;
  readonly memoryGiB: number;
  /** Local temp disk, which holds an ephemeral OS disk. */
  readonly tempDiskGiB: number;
}

/**
 * Ddsv5: Intel, x86_64, premium storage, encryption at host and ephemeral OS disks supported, and a
 * local temp disk large enough for the 64 GiB ephemeral OS disk the pools use by default.
 */
export const AKS_VM_SIZES: Readonly<Record<string, AksVmSize>> = {
  Standard_D2ds_v5: { vcpus: 2, memoryGiB: 8, tempDiskGiB: 75 },
  Standard_D4ds_v5: { vcpus: 4, memoryGiB: 16, tempDiskGiB: 150 },
  Standard_D8ds_v5: { vcpus: 8, memoryGiB: 32, tempDiskGiB: 300 },
  Standard_D16ds_v5: { vcpus: 16, memoryGiB: 64, tempDiskGiB: 600 },
};

/** Kube-reserved CPU by core count (AKS "Node resource reservations", CPU reservations table). */
const RESERVED_CPU_MILLIS: Readonly<Record<number, number>> = {
  1: 60,
  2: 100,
  4: 140,
  8: 180,
  16: 260,
  32: 420,
  64: 740,
};

/** The kubelet's hard eviction threshold, `memory.available < 100Mi` (AKS 1.29 and later). */
const EVICTION_MIB = 100;

/**
 * Share of a VM's memory the kernel reports as node capacity. The AKS document computes from the full
 * size, but the OS keeps some back ("the underlying node OS also reserves"): a published
 * `kubectl describe node` of an 8 GiB AKS node shows 8129880Ki of capacity, 96.9%. Rounded down.
 */
const VISIBLE_MEMORY = 0.96;

/**
 * CPU and memory one node offers to pods: capacity minus kube-reserved and the eviction threshold.
 * Memory kube-reserved is the lesser of `20 MB x maxPods + 50 MB` and 25% of the VM's memory.
 */
export function aksAllocatable(vmSize: string, maxPods: number): { cpuMillis: number; memoryMiB: number } {
  const size = AKS_VM_SIZES[vmSize];
  if (!size) throw new Error(`unknown VM size ${vmSize}; add it to AKS_VM_SIZES`);
  const reservedCpu = RESERVED_CPU_MILLIS[size.vcpus];
  if (reservedCpu === undefined) throw new Error(`no CPU reservation known for ${size.vcpus} cores`);
  const memoryMiB = size.memoryGiB * 1024;
  const reservedMemory = Math.min(20 * maxPods + 50, memoryMiB / 4);
  return {
    cpuMillis: size.vcpus * 1000 - reservedCpu,
    memoryMiB: Math.floor(memoryMiB * VISIBLE_MEMORY - reservedMemory - EVICTION_MIB),
  };
}
