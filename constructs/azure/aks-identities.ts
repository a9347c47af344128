import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Annotations, Construct, Fn } from "../core";

export interface AksIdentitiesProps {
  /** Literal cluster name: the identities' names. */
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** The node subnet, which the control plane joins node VMs and load balancers to. */
  readonly nodeSubnetId: string;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * The cluster's two user-assigned identities and the grants AKS needs before it is created:
 *
 * - `ControlPlane` (the cluster's `identity`): **Network Contributor** on the node subnet, so it can
 *   join scale sets and load balancers to a subnet it does not own (as in the AKS baseline), and
 *   **Managed Identity Operator** on the kubelet identity, so it can assign that identity to the nodes
 *   (required for a bring-your-own kubelet identity).
 * - `Kubelet` (`kubelet_identity`): what the nodes pull images as. Grant it `AcrPull` on a registry.
 *
 * Both identities outlive a node pool rotation and keep their principal ids across cluster changes,
 * unlike the system-assigned ones AKS would otherwise create.
 */
export class AksIdentities extends Construct {
  public readonly controlPlane: UserAssignedIdentity;
  public readonly kubelet: UserAssignedIdentity;
  /** Role assignments the cluster waits for. */
  public readonly grants: readonly RoleAssignment[];

  constructor(scope: Construct, id: string, props: AksIdentitiesProps) {
    super(scope, id);
    const base = { resourceGroupName: props.resourceGroupName, location: props.location, tags: props.tags };
    this.controlPlane = new UserAssignedIdentity(this, "ControlPlane", {
      ...base,
      name: `id-${props.name}-aks`,
    });
    this.kubelet = new UserAssignedIdentity(this, "Kubelet", { ...base, name: `id-${props.name}-kubelet` });
    const grant = (grantId: string, scopeId: string, role: string, description: string) =>
      new RoleAssignment(this, grantId, {
        scope: scopeId,
        roleDefinitionName: role,
        principalId: this.controlPlane.principalId,
        principalType: "ServicePrincipal",
        // The identity is minutes old: skip the Entra lookup that fails until it has replicated.
        skipServicePrincipalAadCheck: true,
        description,
      });
    this.grants = [
      grant(
        "NodeSubnetNetworkContributor",
        props.nodeSubnetId,
        "Network Contributor",
        `AKS ${props.name} control plane joins node VMs and load balancers to the node subnet`,
      ),
      grant(
        "KubeletIdentityOperator",
        this.kubelet.id,
        "Managed Identity Operator",
        `AKS ${props.name} control plane assigns the kubelet identity to the nodes`,
      ),
    ];
  }
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: the Terraform expression the construct writes
const EACH_VALUE = "${each.value}";

/**
 * `Azure Kubernetes Service RBAC Cluster Admin` on the cluster for each admin group, one
 * `for_each` instance per group id, so removing one group leaves the others alone. With no group it
 * warns (local accounts are disabled, so nothing could reach the API) and returns undefined.
 */
export function adminAccess(
  scope: Construct,
  clusterId: string,
  name: string,
  groupObjectIds: readonly string[],
): RoleAssignment | undefined {
  if (groupObjectIds.length === 0) {
    Annotations.of(scope).addWarning(
      "AksCluster: adminGroupObjectIds is empty and local accounts are disabled; nobody can reach the Kubernetes API",
    );
    return undefined;
  }
  const admins = new RoleAssignment(scope, "AdminAccess", {
    scope: clusterId,
    roleDefinitionName: "Azure Kubernetes Service RBAC Cluster Admin",
    principalId: EACH_VALUE,
    principalType: "Group",
    description: `Cluster admin on AKS ${name}`,
  });
  admins.addOverride("for_each", Fn.toset([...groupObjectIds]));
  return admins;
}
