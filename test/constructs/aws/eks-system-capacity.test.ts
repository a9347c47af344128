import { describe, expect, it } from "vitest";
import {
  allocatable,
  checkSystemCapacity,
  EKS_ADD_ON_PODS,
} from "../../../constructs/aws/eks-system-capacity";
import { Validator } from "../../../constructs/validation";
import { errorOf } from "../../helpers";

const group = (instanceType: string, desiredSize: number, maxSize = 5) => ({
  instanceType,
  minSize: desiredSize,
  desiredSize,
  maxSize,
});
const pinned = (n: number, cpu = "100m", memory = "128Mi") =>
  Array.from({ length: n }, (_, i) => ({ what: `w${i}`, pods: 1, requests: { cpu, memory } }));
const fluentBit = [{ what: "fluent-bit", pods: 1, requests: { cpu: "100m", memory: "128Mi" } }];

function check(g: ReturnType<typeof group>, custom: boolean, pods: ReturnType<typeof pinned>) {
  const v = new Validator("EksCluster test");
  checkSystemCapacity(v, "systemNodeGroup", g, custom, { pinned: pods, perNode: fluentBit });
  v.throwIfAny();
}

describe("system node capacity", () => {
  it("reserves what EKS reserves for the kubelet and eviction", () => {
    // 2 vCPU: 6% of one core and 1% of the other; 4 GiB seen as 3.76 GiB, minus 255 + 11/pod + 100 MiB.
    expect(allocatable("t3.medium", 12)).toEqual({ cpuMillis: 1930, memoryMiB: 3363 });
    expect(allocatable("m6i.xlarge", 44).cpuMillis).toBe(3920);
  });

  it("runs out of pod slots on a small type without pod subnets, before CPU or memory", () => {
    // t3.medium: 17 pods per node, 4 DaemonSet pods, so 13 free per node; EKS pins 4 pods itself.
    expect(() => check(group("t3.medium", 2), false, pinned(22, "10m", "10Mi"))).not.toThrow();
    const message = errorOf(() => check(group("t3.medium", 2), false, pinned(23, "10m", "10Mi")));
    expect(message).toContain('systemNodeGroup: got {"instanceType":"t3.medium","desiredSize":2}');
    expect(message).toContain("27 pods");
    expect(message).toContain("2 nodes offer 26 pods");
    expect(message).toContain("hint: use a larger instance type or more system nodes");
    // With pod subnets (prefix delegation, 110 pods per node) the same pods fit.
    expect(() => check(group("t3.medium", 2), true, pinned(23, "10m", "10Mi"))).not.toThrow();
  });

  it("counts CPU requests", () => {
    expect(errorOf(() => check(group("m6i.large", 2), true, pinned(4, "1")))).toMatch(
      /room for the system pods/,
    );
  });

  it("checks the HPA maxima against maxSize", () => {
    const scaled = [{ what: "istiod", pods: 1, maxPods: 10, requests: { cpu: "500m", memory: "10Mi" } }];
    expect(() => check(group("m6i.large", 2, 5), true, scaled)).not.toThrow();
    expect(errorOf(() => check(group("m6i.large", 2, 2), true, scaled))).toContain(
      '{"instanceType":"m6i.large","maxSize":2}',
    );
  });

  it("counts EKS's own add-ons", () => {
    expect(EKS_ADD_ON_PODS.pinned.map((p) => p.what)).toEqual(["coredns", "ebs-csi-controller"]);
    expect(EKS_ADD_ON_PODS.perNode.map((p) => p.what)).toEqual(["aws-node", "kube-proxy", "ebs-csi-node"]);
  });
});
