import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { describe, expect, it } from "vitest";
import { Construct, Testing } from "../../../constructs/core";
import { ChartRelease } from "../../../constructs/k8s/chart-release";
import { waitForCluster } from "../../../constructs/k8s/wait-for-cluster";
import { resourcesOf } from "../../helpers";
import { nodeGroup } from "./node-group-fixture";

const NODES = /^aws_eks_node_group\.Nodes(_[0-9A-F]{8})?$/;
const GATE = /^terraform_data\.ClusterReady(_[0-9A-F]{8})?$/;

describe("waitForCluster", () => {
  const out = Testing.synthScope((scope) => {
    const nodes = nodeGroup(scope);
    const storageClass = new StorageClassV1(scope, "Class", {
      metadata: { name: "gp3" },
      storageProvisioner: "ebs.csi.aws.com",
    });
    new NamespaceV1(scope, "Namespace", { metadata: { name: "apps" } });
    new ChartRelease(scope, "Chart", {
      releaseName: "demo",
      namespace: "demo",
      chart: { repository: "https://charts.example.com", chart: "demo", version: "1.0.0" },
      values: {},
    });
    waitForCluster(scope, [nodes, storageClass]);
  });

  it("makes Helm releases and Kubernetes resources wait for one gate that waits for everything ready", () => {
    const [gate] = Object.values(resourcesOf(out, "terraform_data"));
    expect(gate).toEqual({
      depends_on: [
        expect.stringMatching(NODES),
        expect.stringMatching(/^kubernetes_storage_class_v1\.Class/),
      ],
    });
    const [release] = Object.values(resourcesOf(out, "helm_release"));
    const [namespace] = Object.values(resourcesOf(out, "kubernetes_namespace_v1"));
    expect(release!.depends_on).toEqual([expect.stringMatching(GATE)]);
    expect(namespace!.depends_on).toEqual([expect.stringMatching(GATE)]);
  });

  it("makes an in-cluster part of ready wait for the rest directly, not for the gate (a cycle)", () => {
    const [storageClass] = Object.values(resourcesOf(out, "kubernetes_storage_class_v1"));
    expect(storageClass!.depends_on).toEqual([expect.stringMatching(NODES)]);
  });

  it("leaves other resources alone", () => {
    const [nodes] = Object.values(resourcesOf(out, "aws_eks_node_group"));
    expect(nodes!.depends_on).toBeUndefined();
  });

  it("adds no gate where nothing runs in the cluster, and refuses an empty ready", () => {
    const none = Testing.synthScope((scope) => {
      const nodes = nodeGroup(scope);
      waitForCluster(scope, [nodes]);
    });
    expect(resourcesOf(none, "terraform_data")).toEqual({});
    expect(() =>
      Testing.synthScope((scope) => {
        new NamespaceV1(new Construct(scope, "Apps"), "Namespace", { metadata: { name: "apps" } });
        waitForCluster(scope, []);
      }),
    ).toThrow(/ClusterReadyGate .*ready.*at least one resource/s);
  });
});
