import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { type Construct, TerraformOutput } from "../constructs/core";
import type { Color } from "../environments/schema";
import type { AzureFoundationStack } from "./azure-foundation-stack";
import { aksOf } from "./azure-parts";
import { AzureStack, type AzureStackProps } from "./azure-stack";
import { platformOf } from "./platform-of";
import { liveHostnameOf } from "./service-of";

export interface AzureClusterStackProps extends AzureStackProps {
  /**
   * The production color this cluster serves (`prod-azure-blue`): it also answers the live hostname
   * and `azure-<color>.<zone>`.
   * @default - none: a non-production environment's one cluster (`staging-azure-cluster`)
   */
  readonly color?: Color;
  /** The Azure foundation; its network, data and registry arrive as cdktf cross-stack references. */
  readonly foundation: AzureFoundationStack;
}

/**
 * An AKS cluster with the platform and the services, in its foundation's VNet, reading its data
 * tier: one production color (`prod-azure-blue`, `prod-azure-green`), which also answers the live
 * hostname and its own `azure-<color>.<zone>` for verification (the edge decides which cloud and
 * color gets traffic), or a non-production environment's cluster (`staging-azure-cluster`). It is
 * applied after its foundation, whose registry is private: the images are pushed through the
 * foundation's VNet in between.
 */
export class AzureClusterStack extends AzureStack {
  public readonly color?: Color;

  constructor(scope: Construct, id: string, props: AzureClusterStackProps) {
    super(scope, id, props);
    this.color = props.color;
    this.addDependency(props.foundation);
    const { network, resourceGroup, data, identities } = props.foundation;
    const cluster = aksOf(
      this,
      this.env,
      this.azure,
      id,
      {
        resourceGroupName: resourceGroup.resourceGroupName,
        location: resourceGroup.location,
        network,
        identities,
      },
      this.tags,
    );
    // At the foundation's resource group: the registry's delete lock would refuse removing a grant
    // scoped to the registry itself (a color teardown), while the group carries no lock.
    const registryPull = new RoleAssignment(this, "RegistryPull", {
      scope: resourceGroup.resourceGroupId,
      roleDefinitionName: "AcrPull",
      principalId: cluster.kubeletPrincipalId,
      principalType: "ServicePrincipal",
      skipServicePrincipalAadCheck: true,
      description: `${id} nodes pull the services' images`,
    });
    const production = this.env.production;
    platformOf(this, {
      env: this.env,
      stackName: id,
      specs: props.specs,
      registry: data.registry,
      cluster,
      database: data.database,
      // Pulls from the private registry fail until the kubelet's grant exists.
      imagePullReady: [registryPull],
      extraHosts:
        production && props.color
          ? {
              [production.hostnameService]: [
                liveHostnameOf(production),
                `azure-${props.color}.${production.zoneName}`,
              ],
            }
          : undefined,
    });
    new TerraformOutput(this, "ClusterName", { value: cluster.clusterName });
  }
}
