import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import type { Construct } from "../../../constructs/core";

/** A minimal EKS node group, for tests that need some resource a cluster is ready after. */
export function nodeGroup(scope: Construct, id = "Nodes"): EksNodeGroup {
  return new EksNodeGroup(scope, id, {
    clusterName: "c",
    nodeRoleArn: "arn:aws:iam::111122223333:role/nodes",
    subnetIds: ["subnet-a"],
    scalingConfig: { minSize: 1, maxSize: 1, desiredSize: 1 },
  });
}
