import { ResourceGroup as ResourceGroupResource } from "@cdktf/provider-azurerm/lib/resource-group";
import { Construct } from "../core";
import { Validator } from "../validation";
import { resourceGroupNameProblems } from "./azure-names";

/**
 * Where Azure resources of a stack live: a resource group and its region. The {@link ResourceGroup}
 * construct implements it; an existing group is passed as a literal `{ resourceGroupName, location }`.
 */
export interface IResourceGroup {
  readonly resourceGroupName: string;
  /** Programmatic region name, e.g. `westeurope`. */
  readonly location: string;
}

/** An Azure region's programmatic name (`westeurope`, `eastus2`), not its display name. */
export const AZURE_LOCATION = /^[a-z][a-z0-9]+$/;

export interface ResourceGroupProps {
  /** Resource group name, e.g. `acme-prod`; 1 to 90 word characters, dashes, dots and parentheses. */
  readonly name: string;
  /** Programmatic region name, e.g. `westeurope`. */
  readonly location: string;
  /**
   * Tags on the group (resources do not inherit them).
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The resource group a stack owns (one per stack). Deliberately without a management lock: a
 * CanNotDelete lock on the group would also block deleting any resource in it, a subnet rule or a
 * replaced cluster included. Stateful resources carry their own locks instead, and the azurerm
 * provider's `prevent_deletion_if_contains_resources` (on by default) refuses to delete a group that
 * still holds resources Terraform does not manage.
 */
export class ResourceGroup extends Construct implements IResourceGroup {
  public readonly resourceGroupName: string;
  public readonly location: string;
  public readonly resourceGroupId: string;

  constructor(scope: Construct, id: string, props: ResourceGroupProps) {
    super(scope, id);
    const v = new Validator(`ResourceGroup ${this.node.path}`);
    for (const p of resourceGroupNameProblems(props.name))
      v.check(false, "name", props.name, p.allowed, p.hint);
    v.check(
      AZURE_LOCATION.test(props.location),
      "location",
      props.location,
      "a programmatic region name such as westeurope",
      "use the name `az account list-locations -o table` prints in its Name column",
    ).throwIfAny();

    const group = new ResourceGroupResource(this, "ResourceGroup", {
      name: props.name,
      location: props.location,
      tags: { ...props.tags },
    });
    this.resourceGroupName = group.name;
    this.location = props.location;
    this.resourceGroupId = group.id;
  }
}
