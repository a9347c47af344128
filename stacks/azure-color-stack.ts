import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { type Construct, TerraformOutput } from "../constructs/core";
import type { Color } from "../environments/schema";
import type { AzureFoundationStack } from "./azure-foundation-stack";
import { aksOf } from "./azure-parts";
import { AzureStack, type AzureStackProps } from "./azure-stack";
import { platformOf } from "./platform-of";
import { liveHostnameOf } from "./service-of";

export interface AzureColorStackProps extends AzureStackProps {
  readonly color: Color;
  /** The Azure foundation; its network, data and registry arrive as cdktf cross-stack references. */
  readonly foundation: AzureFoundationStack;
}

/**
 * One production color on Azure (`prod-azure-blue`, `prod-azure-green`): its AKS cluster, the
 * platform and the services, in the foundation's VNet, reading its data tier. It answers the
 * service hosts, the live hostname and its own `azure-<color>.<zone>` for verification; the edge
 * decides which cloud and color gets traffic.
 */
export class AzureColorStack extends AzureStack {
  public readonly color: Color;

  constructor(scope: Construct, id: string, props: AzureColorStackProps) {
    super(scope, id, props);
    this.color = props.color;
    this.addDependency(props.foundation);
    const { network, resourceGroup, data } = props.foundation;
    const cluster = aksOf(
      this,
      this.env,
      this.azure,
      id,
      { resourceGroupName: resourceGroup.resourceGroupName, location: resourceGroup.location, network },
      this.tags,
    );
    // At the foundation's resource group: the registry's delete lock would refuse removing a grant
    // scoped to the registry itself (a color teardown), while the group carries no lock.
    new RoleAssignment(this, "RegistryPull", {
      scope: resourceGroup.resourceGroupId,
      roleDefinitionName: "AcrPull",
      principalId: cluster.kubeletPrincipalId,
      principalType: "ServicePrincipal",
      skipServicePrincipalAadCheck: true,
      description: `${id} nodes pull the services' images`,
    });
    const production = this.env.production!;
    platformOf(this, {
      env: this.env,
      stackName: id,
      specs: props.specs,
      registry: data.registry,
      cluster,
      database: data.database,
      extraHosts: {
        [production.hostnameService]: [
          liveHostnameOf(production),
          `azure-${props.color}.${production.zoneName}`,
        ],
      },
    });
    new TerraformOutput(this, "ClusterName", { value: cluster.clusterName });
  }
}
