import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { describe, expect, it } from "vitest";
import { Testing } from "../../../constructs/core";
import { ChartRelease } from "../../../constructs/k8s/chart-release";
import { waitForCluster } from "../../../constructs/k8s/wait-for-cluster";
import { resourcesOf } from "../../helpers";

describe("waitForCluster", () => {
  const out = Testing.synthScope((scope) => {
    const nodes = new EksNodeGroup(scope, "Nodes", {
      clusterName: "c",
      nodeRoleArn: "arn:aws:iam::111122223333:role/nodes",
      subnetIds: ["subnet-a"],
      scalingConfig: { minSize: 1, maxSize: 1, desiredSize: 1 },
    });
    new NamespaceV1(scope, "Namespace", { metadata: { name: "apps" } });
    new ChartRelease(scope, "Chart", {
      releaseName: "demo",
      namespace: "demo",
      chart: { repository: "https://charts.example.com", chart: "demo", version: "1.0.0" },
      values: {},
    });
    waitForCluster(scope, [nodes]);
  });

  it("makes Helm releases and Kubernetes resources depend on the given resources by address", () => {
    const [release] = Object.values(resourcesOf(out, "helm_release"));
    const [namespace] = Object.values(resourcesOf(out, "kubernetes_namespace_v1"));
    expect(release!.depends_on).toEqual([
      expect.stringMatching(/^aws_eks_node_group\.Nodes(_[0-9A-F]{8})?$/),
    ]);
    expect(namespace!.depends_on).toEqual(release!.depends_on);
  });

  it("leaves other resources alone", () => {
    const [nodes] = Object.values(resourcesOf(out, "aws_eks_node_group"));
    expect(nodes!.depends_on).toBeUndefined();
  });
});
