import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Construct } from "../core";
import { Validator } from "../validation";

export interface DataClientsGroupProps {
  /** Name prefix, e.g. `prod`. */
  readonly name: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** Data-store ports members may reach, keyed by a PascalCase label (`Postgres: 5432`). */
  readonly ports: Readonly<Record<string, number>>;
}

/**
 * The security group that marks a workload as a client of the data tier. The data stores admit it by
 * group reference; clusters attach it to their nodes. It breaks the cycle between the prod
 * foundation (which owns the data) and the color stacks (which own the clusters): the foundation
 * creates this group, the colors attach it, and no stack needs the other's node group.
 */
export class DataClientsGroup extends Construct {
  public readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: DataClientsGroupProps) {
    super(scope, id);
    const v = new Validator(`DataClientsGroup ${this.node.path}`);
    for (const [label, port] of Object.entries(props.ports)) {
      v.check(
        /^[A-Z][A-Za-z0-9]*$/.test(label),
        `ports.${label}`,
        label,
        "a PascalCase label",
        "labels name logical IDs",
      );
      v.check(
        Number.isInteger(port) && port > 0 && port < 65536,
        `ports.${label}`,
        port,
        "a TCP port 1..65535",
        "use the store's port",
      );
    }
    v.check(
      Object.keys(props.ports).length > 0,
      "ports",
      props.ports,
      "at least one port",
      "name the stores clients reach",
    );
    v.throwIfAny();
    const group = new SecurityGroup(this, "SecurityGroup", {
      namePrefix: `${props.name}-data-clients-`,
      description: `${props.name}: members may reach the data tier (${Object.values(props.ports).join(", ")})`,
      vpcId: props.vpcId,
      revokeRulesOnDelete: true,
      tags: { Name: `${props.name}-data-clients` },
      lifecycle: { createBeforeDestroy: true },
    });
    for (const [label, port] of Object.entries(props.ports)) {
      new VpcSecurityGroupEgressRule(this, `Egress${label}`, {
        securityGroupId: group.id,
        description: `${label} inside the VPC`,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        cidrIpv4: props.vpcCidr,
      });
    }
    this.securityGroupId = group.id;
  }
}
