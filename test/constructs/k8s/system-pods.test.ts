import { describe, expect, it } from "vitest";
import { TerraformStack, Testing } from "../../../constructs/core";
import { ChartRelease } from "../../../constructs/k8s/chart-release";
import { demandOf, sumRequests, systemPodsOf } from "../../../constructs/k8s/system-pods";

const chart = { repository: "https://charts.example.com", chart: "x", version: "1.0.0" };

describe("system pods", () => {
  it("sums pods times requests, at the first apply or at the HPA's maximum", () => {
    const pods = [
      { what: "a", pods: 2, maxPods: 5, requests: { cpu: "500m", memory: "1Gi" } },
      { what: "b", pods: 1, requests: { cpu: "0.1" } },
    ];
    expect(demandOf(pods, "first-apply")).toEqual({ pods: 3, cpuMillis: 1100, memoryMiB: 2048 });
    expect(demandOf(pods, "maximum")).toEqual({ pods: 6, cpuMillis: 2600, memoryMiB: 5120 });
  });

  it("names the workload whose request is not a quantity", () => {
    expect(() => demandOf([{ what: "istiod", pods: 1, requests: { cpu: "lots" } }], "first-apply")).toThrow(
      /istiod: requests \{"cpu":"lots"\} are not Kubernetes quantities/,
    );
  });

  it("adds up identical containers of one pod", () => {
    expect(sumRequests({ cpu: "50m", memory: "64Mi" }, 2)).toEqual({ cpu: "100m", memory: "128Mi" });
    expect(sumRequests({ memory: "64Mi" }, 3)).toEqual({ memory: "192Mi" });
  });

  it("collects what every release under a scope declares, in tree order", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const scope = new ChartRelease(stack, "A", {
      releaseName: "a",
      namespace: "ns",
      chart,
      values: {},
      systemPods: {
        pinned: [{ what: "a", pods: 1, requests: {} }],
        perNode: [{ what: "ds", pods: 1, requests: {} }],
      },
    });
    new ChartRelease(stack, "B", { releaseName: "b", namespace: "ns", chart, values: {} });
    expect(scope.systemPods.pinned).toHaveLength(1);
    expect(systemPodsOf(stack)).toEqual({
      pinned: [{ what: "a", pods: 1, requests: {} }],
      perNode: [{ what: "ds", pods: 1, requests: {} }],
    });
  });
});
