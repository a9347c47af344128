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
    // Pod subnets mean prefix delegation: 110 pods in /28s, plus one warm prefix.
    expect(addressesPerNode("t3.large", true)).toEqual({ nodeSubnet: 1, podSubnet: 128 });
    expect(addressesPerNode("x9.huge", true)).toBeUndefined();
  });
});

describe("maxPodsPerNode", () => {
  it("is EKS's 110 with prefix delegation, unless the prefixes of the non-primary interfaces hold fewer", () => {
    expect(maxPodsPerNode("t3.medium", false)).toBe(17);
    expect(maxPodsPerNode("t3.medium", true)).toBe(110);
    expect(maxPodsPerNode("m6i.large", true)).toBe(110);
    // t3.small: 2 interfaces x 3 prefixes x 16 = 96 addresses.
    expect(maxPodsPerNode("t3.small", true)).toBe(96);
    expect(maxPodsPerNode("x9.huge", true)).toBeUndefined();
  });
});
