import { EksCluster } from "../constructs/aws/eks-cluster";
import type { Construct } from "../constructs/core";
import type { INetwork } from "../constructs/interfaces";
import type { AwsEnvironment } from "../environments/schema";
import { clusterProviders } from "./cluster-providers";

/**
 * Maps an environment's Kubernetes settings onto an EKS cluster named after its stack, attaches the
 * data-clients group to its nodes, and points the helm and kubernetes providers at it.
 */
export function clusterOf(
  scope: Construct,
  env: AwsEnvironment,
  name: string,
  network: INetwork,
  dataClientsGroupId: string,
  preventDestroy: boolean,
): EksCluster {
  const cluster = new EksCluster(scope, "Cluster", {
    name,
    region: env.aws.region,
    version: env.aws.kubernetes.version,
    network,
    publicEndpointCidrs: env.aws.kubernetes.publicEndpointCidrs,
    privateEndpointCidrs: env.aws.kubernetes.privateEndpointCidrs,
    adminRoleArns: env.aws.kubernetes.adminRoleArns,
    systemNodeGroup: env.aws.kubernetes.systemNodeGroup,
    applicationNodeGroup: env.aws.kubernetes.applicationNodeGroup,
    additionalNodeSecurityGroupIds: [dataClientsGroupId],
    logRetentionDays: env.monitoring.logRetentionDays,
    preventDestroy,
  });
  clusterProviders(scope, cluster);
  return cluster;
}
