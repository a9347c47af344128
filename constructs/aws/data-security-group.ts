/**
 * The security group in front of a data store (PostgreSQL, Redis): one port, reachable only from named
 * security groups, no CIDR ingress and no egress. Shared by {@link PostgresDatabase} and
 * {@link RedisCache} so both stores are locked down the same way.
 */
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { Construct } from "../core";
import type { Validator } from "../validation";

/**
 * Security groups allowed to connect, keyed by a PascalCase label such as `ClusterNodes`. The label
 * names the ingress rule's logical ID (`IngressClusterNodes`), so adding or removing a group never
 * renames the rules of the others. Values may be tokens from another stack.
 */
export type AllowedSecurityGroups = Readonly<Record<string, string>>;

export interface DataSecurityGroupOptions {
  /** Name prefix, e.g. `prod-postgres`. */
  readonly name: string;
  /** What the store is, for descriptions, e.g. `PostgreSQL`. */
  readonly service: string;
  readonly vpcId: string;
  readonly port: number;
  readonly allowed: AllowedSecurityGroups;
}

/** Adds the security group `SecurityGroup` and one `Ingress<Label>` rule per allowed group to `scope`. */
export function dataSecurityGroup(scope: Construct, options: DataSecurityGroupOptions): SecurityGroup {
  // No ingress or egress blocks: Terraform removes the default allow-all egress rule, and ingress
  // comes only from the rule resources below.
  const group = new SecurityGroup(scope, "SecurityGroup", {
    namePrefix: `${options.name}-`,
    description: `${options.service} ${options.name}: port ${options.port} from allowed security groups only`,
    vpcId: options.vpcId,
    revokeRulesOnDelete: true,
    tags: { Name: options.name },
    lifecycle: { createBeforeDestroy: true },
  });
  for (const [label, groupId] of Object.entries(options.allowed)) {
    new VpcSecurityGroupIngressRule(scope, `Ingress${label}`, {
      securityGroupId: group.id,
      referencedSecurityGroupId: groupId,
      ipProtocol: "tcp",
      fromPort: options.port,
      toPort: options.port,
      description: `${options.service} from ${label}`,
      tags: { Name: `${options.name}-from-${label}` },
    });
  }
  return group;
}

/** Records problems with the allowed groups: at least one, each label PascalCase. */
export function checkAllowedSecurityGroups(v: Validator, allowed: AllowedSecurityGroups): void {
  const labels = Object.keys(allowed);
  v.check(
    labels.length > 0,
    "allowedSecurityGroupIds",
    allowed,
    "at least one security group",
    "pass the cluster node security group, e.g. { ClusterNodes: cluster.nodeSecurityGroupId }",
  );
  for (const label of labels) {
    v.check(
      /^[A-Z][A-Za-z0-9]*$/.test(label),
      `allowedSecurityGroupIds.${label}`,
      label,
      "a PascalCase label such as ClusterNodes",
      "the label becomes the ingress rule's logical ID; use a fixed literal",
    );
  }
}
