import { describe, expect, it } from "vitest";
import { AKS_ADD_ON_PODS, checkAksSystemCapacity } from "../../../constructs/azure/aks-system-capacity";
import { AKS_VM_SIZES, aksAllocatable } from "../../../constructs/azure/aks-vm-sizes";
import type { SystemPods } from "../../../constructs/k8s/system-pods";
import { demandOf } from "../../../constructs/k8s/system-pods";
import { Validator } from "../../../constructs/validation";
import { errorOf, problem } from "../../helpers";
import { prodProps, synthAks } from "./aks-fixtures";

const ISTIOD = { what: "istiod", pods: 2, maxPods: 5, requests: { cpu: "500m", memory: "2Gi" } };
const FLUENT_BIT = { what: "fluent-bit", pods: 1, requests: { cpu: "100m", memory: "128Mi" } };
const platform: Required<SystemPods> = { pinned: [ISTIOD], perNode: [FLUENT_BIT] };

function check(pool: Parameters<typeof checkAksSystemCapacity>[2], pods = platform): string | undefined {
  const v = new Validator("T");
  checkAksSystemCapacity(v, "systemPool", pool, pods);
  try {
    v.throwIfAny();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

describe("AKS system capacity", () => {
  it.each([
    // cores, kube-reserved CPU; memory: 96% visible, minus min(20 x maxPods + 50, 25%), minus 100Mi eviction
    ["Standard_D2ds_v5", 110, 1900, 5716], // 8 GiB: 25% (2048) is less than 2250
    ["Standard_D4ds_v5", 110, 3860, 13378], // 16 GiB: 2250
    ["Standard_D8ds_v5", 250, 7820, 26307], // 32 GiB: 5050
    ["Standard_D16ds_v5", 30, 15740, 62164], // 64 GiB: 650
  ])("%s with %i pods offers %im CPU and %iMi to pods", (size, maxPods, cpuMillis, memoryMiB) => {
    expect(aksAllocatable(size, maxPods)).toEqual({ cpuMillis, memoryMiB });
  });

  it("knows only the sizes in its table", () => {
    expect(Object.keys(AKS_VM_SIZES)).toEqual([
      "Standard_D2ds_v5",
      "Standard_D4ds_v5",
      "Standard_D8ds_v5",
      "Standard_D16ds_v5",
    ]);
    expect(errorOf(() => aksAllocatable("Standard_B2s", 110))).toBe(
      "unknown VM size Standard_B2s; add it to AKS_VM_SIZES",
    );
  });

  it("counts AKS's own kube-system pods: 19 pinned and 9 DaemonSet pods with Cilium, no kube-proxy", () => {
    expect(demandOf(AKS_ADD_ON_PODS.pinned, "first-apply")).toEqual({
      pods: 19,
      cpuMillis: 640,
      memoryMiB: 620,
    });
    expect(demandOf(AKS_ADD_ON_PODS.perNode, "first-apply")).toEqual({
      pods: 9,
      cpuMillis: 550,
      memoryMiB: 1050,
    });
    expect(AKS_ADD_ON_PODS.perNode.map((p) => p.what)).not.toContain("kube-proxy");
  });

  it("fits the platform on production's three D4ds_v5 system nodes", () => {
    synthAks(prodProps(), (c) => {
      expect(() => c.fitSystemPods(platform)).not.toThrow();
    });
  });

  it("runs out of pod slots on two D2ds_v5 nodes with 20 pods each", () => {
    const pool = { vmSize: "Standard_D2ds_v5", minSize: 2, desiredSize: 2, maxSize: 3, maxPods: 20 };
    expect(check(pool)).toContain(
      problem(
        "systemPool",
        { vmSize: "Standard_D2ds_v5", desiredSize: 2 },
        "room for the system pods of the first apply: 21 pods, 1640m CPU, 4716Mi memory (each Standard_D2ds_v5 with maxPods 20 leaves 10 pods, 1250m CPU, 6136Mi memory after 10 DaemonSet pods); 2 nodes offer 20 pods, 2500m CPU, 12272Mi memory",
      ),
    );
    expect(check({ ...pool, desiredSize: 3 })).toBeUndefined();
  });

  it("checks the maximum on maxSize nodes, through the cluster's fitSystemPods", () => {
    const heavy: Required<SystemPods> = {
      pinned: [{ what: "prometheus", pods: 1, maxPods: 6, requests: { cpu: "1", memory: "12Gi" } }],
      perNode: [],
    };
    synthAks(prodProps(), (c) => {
      expect(errorOf(() => c.fitSystemPods(heavy))).toContain(
        problem(
          "systemPool",
          { vmSize: "Standard_D4ds_v5", maxSize: 5 },
          "room for the system pods at their maximum: 25 pods, 6640m CPU, 74348Mi memory (each Standard_D4ds_v5 with maxPods 110 leaves 101 pods, 3310m CPU, 12328Mi memory after 9 DaemonSet pods); 5 nodes offer 505 pods, 16550m CPU, 61640Mi memory",
        ),
      );
    });
  });

  it("leaves unknown sizes to the VM size check", () => {
    expect(check({ vmSize: "Standard_B2s", minSize: 1, desiredSize: 1, maxSize: 1 })).toBeUndefined();
  });
});
