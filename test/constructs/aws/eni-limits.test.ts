import { describe, expect, it } from "vitest";
import { addressesPerNode, ENI_LIMITS, maxPodsPerNode } from "../../../constructs/aws/eni-limits";

describe("ENI limits", () => {
  it.each([
    ["t3.medium", 17],
    ["t3.large", 35],
    ["m5.large", 29],
    ["m5.xlarge", 58],
  ])("matches EKS's max pods for %s (%i = ENIs x (addresses - 1) + 2)", (type, maxPods) => {
    const l = ENI_LIMITS[type]!;
    expect(l.enis * (l.ipv4PerEni - 1) + 2).toBe(maxPods);
  });

  it("counts every address of every interface, in the pod subnet with custom networking", () => {
    expect(addressesPerNode("t3.large", false)).toEqual({ nodeSubnet: 36, podSubnet: 0 });
    expect(addressesPerNode("t3.large", true)).toEqual({ nodeSubnet: 1, podSubnet: 24 });
    expect(addressesPerNode("x9.huge", true)).toBeUndefined();
  });
});

describe("maxPodsPerNode", () => {
  it("leaves the primary interface to the node under custom networking", () => {
    expect(maxPodsPerNode("t3.medium", false)).toBe(17);
    expect(maxPodsPerNode("t3.medium", true)).toBe(12);
    expect(maxPodsPerNode("m6i.large", true)).toBe(20);
    expect(maxPodsPerNode("x9.huge", true)).toBeUndefined();
  });
});
