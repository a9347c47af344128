import { describe, expect, it } from "vitest";
import { TerraformStack, Testing } from "../../../constructs/core";
import { ChartRelease } from "../../../constructs/k8s/chart-release";
import { checkSystemPodsFit, demandOf, sumRequests, systemPodsOf } from "../../../constructs/k8s/system-pods";
import { Validator } from "../../../constructs/validation";
import { errorOf } from "../../helpers";

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

describe("checkSystemPodsFit", () => {
  const pool = {
    sizeKey: "size",
    size: "small",
    nodeLabel: "small",
    desiredSize: 2,
    maxSize: 3,
    maxPods: 10,
    allocatable: { cpuMillis: 1000, memoryMiB: 2048 },
    addOns: { pinned: [], perNode: [{ what: "agent", pods: 1, requests: { cpu: "100m" } }] },
    hint: "use bigger nodes",
  };
  const run = (
    pinned: { what: string; pods: number; requests: { cpu?: string; memory?: string } }[],
    p = pool,
  ) =>
    errorOf(() => {
      const v = new Validator("test");
      checkSystemPodsFit(v, "systemPool", p, { pinned, perNode: [] });
      v.throwIfAny();
    });

  it("reports the pods that do not fit, by slots, by CPU and by memory", () => {
    expect(run([{ what: "many", pods: 19, requests: {} }])).toMatch(
      /room for the system pods of the first apply: 19 pods/,
    );
    expect(run([{ what: "cpu", pods: 1, requests: { cpu: "2" } }])).toMatch(
      /1 pods, 2000m CPU, 0Mi memory \(each small leaves 9 pods, 900m CPU/,
    );
    expect(run([{ what: "mem", pods: 1, requests: { memory: "5Gi" } }])).toMatch(/5120Mi memory/);
  });

  it("passes what fits at first apply and at the maximum", () => {
    expect(() => {
      const v = new Validator("test");
      checkSystemPodsFit(v, "systemPool", pool, {
        pinned: [{ what: "ok", pods: 2, requests: { cpu: "100m" } }],
        perNode: [],
      });
      v.throwIfAny();
    }).not.toThrow();
  });
});
