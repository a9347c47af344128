/**
 * What the platform asks of the cluster's system nodes: the pods it pins there (by the system node
 * selector) and the DaemonSet pods that run on every node, system nodes included. Each release
 * declares its own pods ({@link ChartReleaseProps.systemPods}); the cluster compares the total with
 * what its system node group can hold ({@link IKubernetesCluster.fitSystemPods}), so a platform that
 * outgrows the group fails at synth instead of leaving pods Pending on the first apply.
 */
import type { Construct } from "../core";
import { ChartRelease } from "./chart-release";
import { parseQuantity, scaleQuantity } from "./k8s-validation";

/** Requests of one pod, as Kubernetes quantities. */
export interface PodRequests {
  readonly cpu?: string;
  readonly memory?: string;
}

/** Identical pods of one workload. */
export interface PodFootprint {
  /** What runs, e.g. `istiod`. */
  readonly what: string;
  /** Pods on the first apply: the replica count, or the HPA's minimum. */
  readonly pods: number;
  /**
   * Pods at most, where an HPA scales them.
   * @default pods
   */
  readonly maxPods?: number;
  /** Requests of one pod (all of its containers). */
  readonly requests: PodRequests;
}

/** Pods a release places on system nodes. */
export interface SystemPods {
  /** Workloads pinned to the system nodes (nodeSelector `node-role: system`). */
  readonly pinned?: readonly PodFootprint[];
  /** DaemonSets that tolerate the system taint: `pods` is per node (normally 1). */
  readonly perNode?: readonly PodFootprint[];
}

/** Totals in base units: CPU in millicores, memory in MiB. */
export interface Demand {
  readonly pods: number;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
}

const MIB = 2 ** 20;

/**
 * Sum over footprints of pods times requests, with each at its first-apply count or at its maximum.
 * A request that is not a quantity throws, naming the workload.
 */
export function demandOf(footprints: readonly PodFootprint[], at: "first-apply" | "maximum"): Demand {
  let pods = 0;
  let cpuMillis = 0;
  let memoryMiB = 0;
  for (const f of footprints) {
    const cpu = f.requests.cpu === undefined ? 0 : parseQuantity(f.requests.cpu);
    const memory = f.requests.memory === undefined ? 0 : parseQuantity(f.requests.memory);
    if (cpu === undefined || memory === undefined) {
      throw new Error(`${f.what}: requests ${JSON.stringify(f.requests)} are not Kubernetes quantities`);
    }
    const n = at === "maximum" ? (f.maxPods ?? f.pods) : f.pods;
    pods += n;
    cpuMillis += Math.ceil(cpu * 1000) * n;
    memoryMiB += Math.ceil(memory / MIB) * n;
  }
  return { pods, cpuMillis, memoryMiB };
}

/** Requests of a pod with `containers` identical containers of `requests` each. */
export function sumRequests(requests: PodRequests, containers: number): PodRequests {
  return {
    ...(requests.cpu !== undefined ? { cpu: scaleQuantity(requests.cpu, containers) } : {}),
    ...(requests.memory !== undefined ? { memory: scaleQuantity(requests.memory, containers) } : {}),
  };
}

/** Every release's declared system pods under `scope`, in tree order. */
export function systemPodsOf(scope: Construct): Required<SystemPods> {
  const releases = scope.node.findAll().filter((c): c is ChartRelease<object> => c instanceof ChartRelease);
  return {
    pinned: releases.flatMap((r) => r.systemPods.pinned ?? []),
    perNode: releases.flatMap((r) => r.systemPods.perNode ?? []),
  };
}
