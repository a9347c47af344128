/**
 * What the platform asks of the cluster's system nodes: the pods it pins there (by the system node
 * selector) and the DaemonSet pods that run on every node, system nodes included. Each release
 * declares its own pods ({@link ChartReleaseProps.systemPods}); the cluster compares the total with
 * what its system node group can hold ({@link IKubernetesCluster.fitSystemPods}), so a platform that
 * outgrows the group fails at synth instead of leaving pods Pending on the first apply.
 */
import type { Construct } from "../core";
import type { Validator } from "../validation";
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

/** A system node pool as the fit check sees it; each cloud supplies its node's facts. */
export interface SystemPoolFit {
  /** The config key and value of the node size, e.g. `instanceType: m6i.large`. */
  readonly sizeKey: string;
  readonly size: string;
  /** How the message names one node, e.g. `m6i.large` or `Standard_D4ds_v5 with maxPods 30`. */
  readonly nodeLabel: string;
  readonly desiredSize: number;
  readonly maxSize: number;
  /** Pod slots per node. */
  readonly maxPods: number;
  /** CPU and memory one node offers to pods after the cloud's reservations. */
  readonly allocatable: { readonly cpuMillis: number; readonly memoryMiB: number };
  /** The cloud's own add-ons: pinned to the system nodes, and on every node. */
  readonly addOns: { readonly pinned: readonly PodFootprint[]; readonly perNode: readonly PodFootprint[] };
  /** Extra words inside the message's parenthesis, e.g. `custom networking`. @default - none */
  readonly note?: string;
  /** The fix the message suggests. */
  readonly hint: string;
}

function describeDemand(d: Demand): string {
  return `${d.pods} pods, ${d.cpuMillis}m CPU, ${d.memoryMiB}Mi memory`;
}

/**
 * Records a problem under `field` when the pods pinned to the system nodes (the platform's, plus the
 * cloud's add-ons) do not fit: every workload at its first-apply count on `desiredSize` nodes, and at
 * its maximum on `maxSize` nodes, counting pod slots, allocatable CPU and memory after each node's
 * DaemonSets. The sums are aggregate (no bin packing), so passing is necessary, not sufficient.
 */
export function checkSystemPodsFit(
  v: Validator,
  field: string,
  pool: SystemPoolFit,
  pods: { readonly pinned: readonly PodFootprint[]; readonly perNode: readonly PodFootprint[] },
): void {
  const pinned = [...pool.addOns.pinned, ...pods.pinned];
  const perNode = demandOf([...pool.addOns.perNode, ...pods.perNode], "first-apply");
  const free = {
    pods: pool.maxPods - perNode.pods,
    cpuMillis: pool.allocatable.cpuMillis - perNode.cpuMillis,
    memoryMiB: pool.allocatable.memoryMiB - perNode.memoryMiB,
  };
  for (const [at, nodes] of [
    ["first-apply", pool.desiredSize],
    ["maximum", pool.maxSize],
  ] as const) {
    const need = demandOf(pinned, at);
    const room = {
      pods: free.pods * nodes,
      cpuMillis: free.cpuMillis * nodes,
      memoryMiB: free.memoryMiB * nodes,
    };
    v.check(
      need.pods <= room.pods && need.cpuMillis <= room.cpuMillis && need.memoryMiB <= room.memoryMiB,
      field,
      { [pool.sizeKey]: pool.size, [at === "maximum" ? "maxSize" : "desiredSize"]: nodes },
      `room for the ${at === "maximum" ? "system pods at their maximum" : "system pods of the first apply"}: ` +
        `${describeDemand(need)} (each ${pool.nodeLabel} leaves ${describeDemand(free)} after ` +
        `${perNode.pods} DaemonSet pods${pool.note ? `; ${pool.note}` : ""}); ${nodes} nodes offer ${describeDemand(room)}`,
      pool.hint,
    );
  }
}
