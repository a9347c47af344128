import { type Construct, dependOn, TerraformResource } from "../core";
import { Validator } from "../validation";

export interface ClusterReadyGateProps {
  /**
   * What must exist before anything runs in the cluster: node groups or pools, core add-ons, the
   * deployer's access, the control plane's rules to the nodes.
   */
  readonly ready: readonly TerraformResource[];
}

/**
 * One `terraform_data` resource (built into Terraform, no provider, nothing in the cloud) that
 * depends on everything in `ready`, so that each in-cluster resource depends on this one address
 * instead of on each of them. Terraform creates and destroys in the same order as with the direct
 * edges; the plan's graph and the JSON carry one edge per in-cluster resource instead of about a
 * dozen.
 *
 * cdktf's own `DataResource` is not used: it adds a validation that runs `terraform version` on every
 * synth. Every stack already requires Terraform 1.11 (`terraform_data` needs 1.4).
 */
export class ClusterReadyGate extends TerraformResource {
  constructor(scope: Construct, id: string, props: ClusterReadyGateProps) {
    new Validator(`ClusterReadyGate ${scope.node.path}/${id}`)
      .check(
        props.ready.length > 0,
        "ready",
        [],
        "at least one resource",
        "pass the node groups and add-ons the cluster's workloads wait for",
      )
      .throwIfAny();
    super(scope, id, {
      terraformResourceType: "terraform_data",
      terraformGeneratorMetadata: { providerName: "terraform" },
    });
    dependOn(this, props.ready);
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return {};
  }
}
