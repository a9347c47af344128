import { type Construct, TerraformOutput } from "../constructs/core";
import { aksOf, azureDataTierOf, azureNetworkOf } from "./azure-parts";
import { AzureStack, type AzureStackProps } from "./azure-stack";
import { platformOf } from "./platform-of";

/**
 * A self-contained Azure side of a non-production environment (`staging-azure`): network, data,
 * registry, AKS and the platform with the environment's services, so that the cross-cloud path is
 * exercised before production. It serves the environment's hosts; the edge decides which cloud
 * answers.
 */
export class AzureEnvironmentStack extends AzureStack {
  constructor(scope: Construct, id: string, props: AzureStackProps) {
    super(scope, id, props);
    const { env, azure } = this;
    const foundation = azureNetworkOf(this, env, azure, this.tags);
    const cluster = aksOf(
      this,
      env,
      azure,
      id,
      {
        resourceGroupName: foundation.resourceGroup.resourceGroupName,
        location: foundation.resourceGroup.location,
        network: foundation.network,
      },
      this.tags,
    );
    const data = azureDataTierOf(this, env, azure, foundation, {
      preventDestroy: this.protectsData,
      kubeletObjectIds: { Cluster: cluster.kubeletPrincipalId },
    });
    platformOf(this, {
      env,
      stackName: id,
      specs: props.specs,
      registry: data.registry,
      cluster,
      database: data.database,
    });
    new TerraformOutput(this, "ClusterName", { value: cluster.clusterName });
  }
}
