import { EksCluster } from "../constructs/aws/eks-cluster";
import type { Construct } from "../constructs/core";
import type { INetwork } from "../constructs/interfaces";
import type { Environment } from "../environments/schema";
import { clusterProviders } from "./cluster-providers";

/**
 * Maps an environment's Kubernetes settings onto an EKS cluster named after its stack, attaches the
 * data-clients group to its nodes, and points the helm and kubernetes providers at it.
 */
export function clusterOf(
  scope: Construct,
  env: Environment,
  name: string,
  network: INetwork,
  dataClientsGroupId: string,
  preventDestroy: boolean,
): EksCluster {
  const cluster = new EksCluster(scope, "Cluster", {
    name,
    region: env.aws.region,
    version: env.kubernetes.version,
    network,
    publicEndpointCidrs: env.kubernetes.publicEndpointCidrs,
    privateEndpointCidrs: env.kubernetes.privateEndpointCidrs,
    adminRoleArns: env.kubernetes.adminRoleArns,
    systemNodeGroup: env.kubernetes.systemNodeGroup,
    applicationNodeGroup: env.kubernetes.applicationNodeGroup,
    additionalNodeSecurityGroupIds: [dataClientsGroupId],
    logRetentionDays: env.monitoring.logRetentionDays,
    preventDestroy,
  });
  clusterProviders(scope, cluster);
  return cluster;
}
