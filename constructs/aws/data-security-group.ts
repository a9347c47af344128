/**
 * The security group in front of a data store (PostgreSQL, Redis): one port, reachable only from named
 * security groups, no CIDR ingress and no egress. Shared by {@link PostgresDatabase} and
 * {@link RedisCache} so both stores are locked down the same way.
 */
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { isPrivate, parseCidr } from "../cidr";
import type { Construct } from "../core";
import type { NetworkPeer } from "../interfaces";
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

/**
 * One more ingress rule on a data store's security group, for `IDatabase.allowFrom` and
 * `ICache.allowFrom`: from a security group of this VPC, or from an address range (the other
 * cloud's subnet across the VPN). Labels are the rules' logical IDs, so each is used once.
 */
export function allowIntoDataSecurityGroup(
  scope: Construct,
  owner: string,
  options: {
    readonly name: string;
    readonly service: string;
    readonly securityGroupId: string;
    readonly port: number;
    readonly taken: ReadonlySet<string>;
  },
  label: string,
  peer: NetworkPeer,
): VpcSecurityGroupIngressRule {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(label) || options.taken.has(label)) {
    throw new Error(
      `${owner}: allowFrom label: got ${JSON.stringify(label)}; allowed: a PascalCase label not used yet (used: ${[...options.taken].join(", ") || "none"}); hint: name the peer, e.g. AzureDatabaseSubnet`,
    );
  }
  if ("cidr" in peer) {
    const range = parseCidr(peer.cidr);
    if (range === undefined || !isPrivate(range)) {
      throw new Error(
        `${owner}: allowFrom ${label}.cidr: got ${JSON.stringify(peer.cidr)}; allowed: a private IPv4 CIDR; hint: a data store is never reachable from a public range`,
      );
    }
  }
  return new VpcSecurityGroupIngressRule(scope, `Ingress${label}`, {
    securityGroupId: options.securityGroupId,
    ...("cidr" in peer ? { cidrIpv4: peer.cidr } : { referencedSecurityGroupId: peer.securityGroupId }),
    ipProtocol: "tcp",
    fromPort: options.port,
    toPort: options.port,
    description: `${options.service} from ${label}`,
    tags: { Name: `${options.name}-from-${label}` },
  });
}
