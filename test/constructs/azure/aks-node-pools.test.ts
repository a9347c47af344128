import { describe, expect, it } from "vitest";
import { splitCapacity as eksSplit } from "../../../constructs/aws/eks-capacity";
import { peakNodes, splitCapacity } from "../../../constructs/azure/aks-capacity";
import { AksNodePools, type AksNodePoolsProps } from "../../../constructs/azure/aks-node-pools";
import { Testing } from "../../../constructs/core";
import { all } from "./aks-fixtures";

const common = {
  clusterId: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c",
  kubernetesVersion: "1.36",
  nodeSubnetId: "/subscriptions/0/subnets/nodes",
  zones: ["1", "2", "3"],
  osDiskSizeGiB: 64,
  maxSurge: "33%",
};
const pools = (application: AksNodePoolsProps["application"]) => {
  const out = Testing.synthScope((scope) => {
    new AksNodePools(scope, "Pools", { ...common, application });
  });
  return Object.values(all(out, "azurerm_kubernetes_cluster_node_pool"));
};
const app = { vmSize: "Standard_D4ds_v5", minSize: 3, desiredSize: 3, maxSize: 20 };

describe("AksNodePools", () => {
  it.each([
    0, 30, 50, 70, 100,
  ])("splits the application capacity at %i%% spot exactly as EKS does", (spotPercent) => {
    expect(splitCapacity(app, spotPercent)).toEqual(eksSplit(app, spotPercent));
  });

  it("creates only the regular pool at 0% and only the spot pool at 100%", () => {
    expect(pools({ ...app, spotPercent: 0 }).map((p) => [p.name, p.max_count])).toEqual([["app", 20]]);
    expect(pools({ ...app, spotPercent: 100 }).map((p) => [p.name, p.priority, p.max_count])).toEqual([
      ["spot", "Spot", 20],
    ]);
  });

  it("puts the spot pool on its own VM size when one is given", () => {
    const [regular, spot] = pools({ ...app, spotPercent: 50, spotVmSize: "Standard_D8ds_v5" });
    expect([regular!.vm_size, spot!.vm_size]).toEqual(["Standard_D4ds_v5", "Standard_D8ds_v5"]);
    expect(spot).toMatchObject({ orchestrator_version: "1.36", os_type: "Linux", mode: "User" });
  });

  it("counts the nodes the pod range must address: maxima plus surge, none for spot", () => {
    const system = { vmSize: "Standard_D4ds_v5", minSize: 3, desiredSize: 3, maxSize: 5 };
    // 5 + 2 surge, 6 + 2 surge on demand, 14 spot
    expect(peakNodes(system, { ...app, spotPercent: 70 }, "33%")).toBe(29);
    expect(peakNodes(system, { ...app, spotPercent: 0 }, "1")).toBe(5 + 1 + 20 + 1);
  });
});
