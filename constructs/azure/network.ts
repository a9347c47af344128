import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { contains, isPrivate, overlaps, parseCidr } from "../cidr";
import { Construct, type TerraformResource } from "../core";
import type { INetwork, NetworkPeer } from "../interfaces";
import { Validator } from "../validation";
import { type PrivateDnsZoneIds, PrivateDnsZones } from "./private-dns-zones";
import type { IPrivateEndpointNetwork } from "./private-endpoint";
import type { IResourceGroup } from "./resource-group";
import { AZURE_SUBNET_TIERS, type AzureSubnetTier, azureSubnetCidrsOf } from "./subnet-layout";

export { AZURE_SUBNET_TIERS, type AzureSubnetTier } from "./subnet-layout";

/** Tag that marks the NSG a public load balancer's traffic crosses (PUBLIC_LB_TAG in policy/lib). */
export const PUBLIC_LOAD_BALANCER_TAG = { exposure: "public-load-balancer" } as const;

/** TCP ports clients reach private endpoints on: HTTPS (Key Vault, Blob, ACR) and Managed Redis (TLS). */
export const PRIVATE_ENDPOINT_PORTS = ["443", "10000"] as const;
const POSTGRES_TCP_PORT = "5432";

/** Priorities of `allowFrom` rules: above the built-in allows (100-120), below `DenyVirtualNetwork` (4000). */
const EXTRA_RULE_PRIORITIES = { from: 200, count: 3700 } as const;

/** FNV-1a of a label: a stable number per label. */
function labelHash(label: string): number {
  let h = 0x811c9dc5;
  for (const c of label) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

/**
 * More inbound rules on one tier's NSG, for a data store's `allowFrom`: each from one address range
 * to the tier's subnet on given ports, at a priority derived from its label (200-3899, below the
 * tier's `DenyVirtualNetwork` at 4000), so that adding or removing one never moves another.
 */
export interface InboundRules {
  allow(label: string, cidr: string, ports: readonly string[]): TerraformResource;
}

export interface AzureNetworkProps {
  /** Name prefix of the VNet, NSGs, DNS links and the PostgreSQL zone, e.g. `acme-prod`. */
  readonly name: string;
  /** The stack's resource group; the VNet is created in its region. */
  readonly resourceGroup: IResourceGroup;
  /**
   * The VNet's address space, a private IPv4 block.
   * @default "10.1.0.0/16"
   */
  readonly addressSpace?: string;
  /**
   * Subnet blocks by tier, inside `addressSpace`.
   * @default - carved from `addressSpace` (a /16 or wider): gateway `x.y.1.0/24`, nodes `x.y.10.0/23`,
   * endpoints `x.y.50.0/24`, database `x.y.100.0/24`
   */
  readonly subnetCidrs?: Partial<Readonly<Record<AzureSubnetTier, string>>>;
  /**
   * The overlay range AKS (Azure CNI Overlay) gives pods, outside the VNet: pods take no VNet address,
   * but the NSGs of node subnets must admit it. Pass the same value to the cluster.
   * @default "100.64.0.0/16"
   */
  readonly podCidr?: string;
  /**
   * The subnet whose NSG admits TCP 80/443 from the Internet: `gateway` when the ingress runs on a node
   * pool (or an Application Gateway) in the gateway subnet, `nodes` when the public load balancer's
   * backends are the nodes of the node subnet (an Azure load balancer delivers to its backends' NICs).
   * @default "gateway"
   */
  readonly publicIngressSubnet?: "gateway" | "nodes";
  /**
   * Private ranges outside the VNet (peered VNets, VPN) whose clients may reach the database and the
   * private endpoints, e.g. a private CI runner that must reach Key Vault to create keys.
   * @default []
   */
  readonly trustedClientCidrs?: readonly string[];
}

const NAME = /^[a-z][a-z0-9-]{0,38}[a-z0-9]$/;

/**
 * A VNet with one subnet per tier and an NSG on each: gateway (the public ingress), nodes (AKS, CNI
 * Overlay), endpoints (private endpoints, NSG enforced) and database (delegated to PostgreSQL flexible
 * servers); plus the private DNS zones of PostgreSQL, Key Vault, Blob, Managed Redis and ACR, linked to
 * the VNet. Nothing admits the Internet but TCP 80/443 to `publicIngressSubnet`; the database and
 * endpoints admit only the node subnet and `trustedClientCidrs`. See constructs/azure/README.md.
 */
export class AzureNetwork extends Construct implements INetwork, IPrivateEndpointNetwork {
  public readonly networkId: string;
  public readonly virtualNetworkName: string;
  public readonly cidr: string;
  public readonly location: string;
  public readonly resourceGroupName: string;
  /** The gateway subnet: where the internet-facing ingress tier runs. */
  public readonly publicSubnetIds: string[];
  /** The node subnet (AKS nodes and, for a private cluster, its API endpoint). */
  public readonly privateSubnetIds: string[];
  /** The subnet delegated to PostgreSQL flexible servers. Caches use private endpoints instead. */
  public readonly databaseSubnetIds: string[];
  /** None: with CNI Overlay pods take no VNet address (see `podCidr`). */
  public readonly podSubnets: undefined = undefined;
  public readonly gatewaySubnetId: string;
  public readonly nodeSubnetId: string;
  public readonly privateEndpointSubnetId: string;
  /** Delegated to `Microsoft.DBforPostgreSQL/flexibleServers`, for `delegatedSubnetId`. */
  public readonly databaseSubnetId: string;
  public readonly subnetCidrs: Readonly<Record<AzureSubnetTier, string>>;
  /** The overlay pod range to give the AKS cluster (`network_profile.pod_cidr`). */
  public readonly podCidr: string;
  public readonly publicIngressSubnet: "gateway" | "nodes";
  public readonly trustedClientCidrs: readonly string[];
  public readonly privateDnsZoneIds: PrivateDnsZoneIds;
  /** The PostgreSQL zone's VNet link: the server must be created after it (azurerm's own example). */
  public readonly postgresDnsZoneLink: TerraformResource;
  /** Ids of the NSGs by tier. */
  public readonly networkSecurityGroupIds: Readonly<Record<AzureSubnetTier, string>>;
  private readonly networkSecurityGroupNames: Readonly<Record<AzureSubnetTier, string>>;
  private readonly extraRules: Record<"database" | "endpoints", Map<string, number>> = {
    database: new Map(),
    endpoints: new Map(),
  };

  constructor(scope: Construct, id: string, props: AzureNetworkProps) {
    super(scope, id);
    this.cidr = props.addressSpace ?? "10.1.0.0/16";
    this.podCidr = props.podCidr ?? "100.64.0.0/16";
    this.publicIngressSubnet = props.publicIngressSubnet ?? "gateway";
    this.trustedClientCidrs = props.trustedClientCidrs ?? [];
    this.subnetCidrs = azureSubnetCidrsOf(this.cidr, props.subnetCidrs ?? {});
    this.validate(props);
    const rg = props.resourceGroup;
    this.location = rg.location;
    this.resourceGroupName = rg.resourceGroupName;

    const vnet = new VirtualNetwork(this, "VirtualNetwork", {
      name: `${props.name}-vnet`,
      resourceGroupName: rg.resourceGroupName,
      location: rg.location,
      addressSpace: [this.cidr],
    });
    this.networkId = vnet.id;
    this.virtualNetworkName = vnet.name;

    const subnetIds: Partial<Record<AzureSubnetTier, string>> = {};
    const nsgIds: Partial<Record<AzureSubnetTier, string>> = {};
    const nsgNames: Partial<Record<AzureSubnetTier, string>> = {};
    for (const tier of AZURE_SUBNET_TIERS) {
      const key = pascal(tier);
      const subnet = new Subnet(this, `${key}Subnet`, {
        name: tier,
        resourceGroupName: rg.resourceGroupName,
        virtualNetworkName: vnet.name,
        addressPrefixes: [this.subnetCidrs[tier]],
        // Explicit egress only (AKS's load balancer or NAT gateway). The delegated database subnet keeps
        // Azure's default: the flexible server archives WAL to Azure Storage, and its docs do not cover
        // a subnet without default outbound access.
        ...(tier === "database"
          ? {
              delegation: [
                {
                  name: "postgres-flexible-servers",
                  serviceDelegation: {
                    name: "Microsoft.DBforPostgreSQL/flexibleServers",
                    actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"],
                  },
                },
              ],
            }
          : { defaultOutboundAccessEnabled: false }),
        // NSG rules apply to private endpoints only when the subnet says so.
        ...(tier === "endpoints" ? { privateEndpointNetworkPolicies: "Enabled" } : {}),
      });
      const publicFacing = tier === this.publicIngressSubnet;
      const nsg = new NetworkSecurityGroup(this, `${key}Nsg`, {
        name: `${props.name}-${tier}-nsg`,
        resourceGroupName: rg.resourceGroupName,
        location: rg.location,
        tags: { tier, ...(publicFacing ? PUBLIC_LOAD_BALANCER_TAG : {}) },
      });
      for (const rule of this.rulesFor(tier)) {
        new NetworkSecurityRule(this, `${key}${rule.id}`, {
          name: rule.name,
          resourceGroupName: rg.resourceGroupName,
          networkSecurityGroupName: nsg.name,
          priority: rule.priority,
          direction: "Inbound",
          access: rule.access,
          protocol: rule.protocol,
          sourcePortRange: "*",
          ...(rule.sources.length === 1
            ? { sourceAddressPrefix: rule.sources[0] }
            : { sourceAddressPrefixes: [...rule.sources] }),
          destinationAddressPrefix: rule.destination,
          ...(rule.ports.length === 1
            ? { destinationPortRange: rule.ports[0] }
            : { destinationPortRanges: [...rule.ports] }),
        });
      }
      // Consumers take the subnet id from the association, so they wait until the NSG guards the subnet.
      const association = new SubnetNetworkSecurityGroupAssociation(this, `${key}NsgAssociation`, {
        subnetId: subnet.id,
        networkSecurityGroupId: nsg.id,
      });
      subnetIds[tier] = association.subnetId;
      nsgIds[tier] = nsg.id;
      nsgNames[tier] = nsg.name;
    }
    const ids = subnetIds as Record<AzureSubnetTier, string>;
    this.gatewaySubnetId = ids.gateway;
    this.nodeSubnetId = ids.nodes;
    this.privateEndpointSubnetId = ids.endpoints;
    this.databaseSubnetId = ids.database;
    this.publicSubnetIds = [ids.gateway];
    this.privateSubnetIds = [ids.nodes];
    this.databaseSubnetIds = [ids.database];
    this.networkSecurityGroupIds = nsgIds as Record<AzureSubnetTier, string>;
    this.networkSecurityGroupNames = nsgNames as Record<AzureSubnetTier, string>;

    const zones = new PrivateDnsZones(this, "PrivateDnsZones", {
      name: props.name,
      resourceGroup: rg,
      virtualNetworkId: vnet.id,
    });
    this.privateDnsZoneIds = zones.zoneIds;
    this.postgresDnsZoneLink = zones.links.postgres;
  }

  /** Adds inbound rules to `tier`'s NSG (see {@link InboundRules}). */
  public inboundRules(tier: "database" | "endpoints"): InboundRules {
    return {
      allow: (label, cidr, ports) => {
        const owner = `AzureNetwork ${this.node.path}`;
        const taken = this.extraRules[tier];
        const builtIn = this.rulesFor(tier).map((r) => r.id);
        const id = `Allow${label}`;
        if (!/^[A-Z][A-Za-z0-9]*$/.test(label) || taken.has(id) || builtIn.includes(id)) {
          throw new Error(
            `${owner}: inboundRules(${tier}) label: got ${JSON.stringify(label)}; allowed: a PascalCase label not used yet on this tier (used: ${[...builtIn, ...taken.keys()].join(", ")}); hint: name the peer, e.g. AwsDatabaseSubnets`,
          );
        }
        const range = parseCidr(cidr);
        if (range === undefined || !isPrivate(range)) {
          throw new Error(
            `${owner}: inboundRules(${tier}).${label}: got ${JSON.stringify(cidr)}; allowed: a private IPv4 CIDR; hint: a data tier is never reachable from a public range`,
          );
        }
        // From the label, not the order of addition: removing one rule never renumbers another.
        const priority = EXTRA_RULE_PRIORITIES.from + (labelHash(label) % EXTRA_RULE_PRIORITIES.count);
        const clash = [...taken.entries()].find(([, p]) => p === priority);
        if (clash) {
          throw new Error(
            `${owner}: inboundRules(${tier}).${label}: got priority ${priority}, which ${clash[0]} has; allowed: a label whose priority is free; hint: rename the label`,
          );
        }
        taken.set(id, priority);
        const rule = allow(id, priority, "Tcp", [cidr], this.subnetCidrs[tier], ports);
        return new NetworkSecurityRule(this, `${pascal(tier)}${rule.id}`, {
          name: rule.name,
          resourceGroupName: this.resourceGroupName,
          networkSecurityGroupName: this.networkSecurityGroupNames[tier],
          priority: rule.priority,
          direction: "Inbound",
          access: rule.access,
          protocol: rule.protocol,
          sourcePortRange: "*",
          sourceAddressPrefix: cidr,
          destinationAddressPrefix: rule.destination,
          ...(ports.length === 1
            ? { destinationPortRange: ports[0] }
            : { destinationPortRanges: [...ports] }),
        });
      },
    };
  }

  /** Inbound rules of a tier's NSG, on top of Azure's defaults (VNet and load balancer in, rest denied). */
  private rulesFor(tier: AzureSubnetTier): readonly NsgRule[] {
    const c = this.subnetCidrs;
    const rules: NsgRule[] = [];
    if (tier === this.publicIngressSubnet) {
      rules.push(allow("AllowInternetWeb", 100, "Tcp", ["Internet"], "*", ["80", "443"]));
    }
    if (tier === "gateway" || tier === "nodes") {
      // Health probes of the ingress load balancer (also an Azure default, kept explicit).
      rules.push(allow("AllowAzureLoadBalancer", 110, "*", ["AzureLoadBalancer"], "*", ["*"]));
      // CNI Overlay: pod-to-pod traffic is not encapsulated, so the NSG sees pod addresses.
      rules.push(allow("AllowPods", 120, "*", [this.podCidr], "*", ["*"]));
    }
    const clients = [c.nodes, ...this.trustedClientCidrs];
    if (tier === "endpoints") {
      rules.push(allow("AllowClients", 100, "Tcp", clients, c.endpoints, PRIVATE_ENDPOINT_PORTS));
    }
    if (tier === "database") {
      rules.push(allow("AllowClients", 100, "Tcp", clients, c.database, [POSTGRES_TCP_PORT]));
      // High availability and replication talk inside the delegated subnet.
      rules.push(allow("AllowSubnet", 110, "*", [c.database], c.database, ["*"]));
      rules.push(allow("AllowAzureLoadBalancer", 120, "*", ["AzureLoadBalancer"], "*", ["*"]));
    }
    if (tier === "endpoints" || tier === "database") {
      rules.push(deny("DenyVirtualNetwork", 4000, "VirtualNetwork"));
    }
    rules.push(deny("DenyInternet", 4096, "Internet"));
    return rules;
  }

  private validate(props: AzureNetworkProps): void {
    const v = new Validator(`AzureNetwork ${this.node.path}`);
    v.check(
      NAME.test(props.name) && !props.name.includes("--"),
      "name",
      props.name,
      "2 to 40 lower-case letters, digits and single dashes, starting with a letter and ending with a letter or digit",
      "it prefixes resource names and the PostgreSQL DNS zone, e.g. acme-prod",
    );
    const space = parseCidr(this.cidr);
    v.check(
      space !== undefined && isPrivate(space),
      "addressSpace",
      this.cidr,
      "a private IPv4 CIDR block (10/8, 172.16/12, 192.168/16 or 100.64/10)",
      "use a block such as 10.1.0.0/16 that no peered network uses",
    );
    const seen: [AzureSubnetTier, ReturnType<typeof parseCidr>][] = [];
    for (const tier of AZURE_SUBNET_TIERS) {
      const text = this.subnetCidrs[tier];
      const field = `subnetCidrs.${tier}`;
      if (text === "") {
        v.check(
          false,
          field,
          props.subnetCidrs?.[tier],
          "a block inside addressSpace",
          "addressSpace is narrower than /16, so give every subnet explicitly",
        );
        continue;
      }
      const range = parseCidr(text);
      const maxPrefix = tier === "database" ? 28 : 29;
      v.check(
        range !== undefined && space !== undefined && contains(space, range) && range.prefix <= maxPrefix,
        field,
        text,
        `a block inside ${this.cidr}, /${maxPrefix} or wider`,
        tier === "database"
          ? "a flexible server needs a /28 at least (a /24 holds many)"
          : "Azure subnets are /29 at least",
      );
      const clash = seen.find(([, other]) => range && other && overlaps(range, other));
      v.check(
        clash === undefined,
        field,
        text,
        `no overlap with subnetCidrs.${clash?.[0]}`,
        "give each tier its own block",
      );
      seen.push([tier, range]);
    }
    const pods = parseCidr(this.podCidr);
    const trusted = this.trustedClientCidrs.map(parseCidr);
    v.check(
      pods !== undefined &&
        isPrivate(pods) &&
        !(space && overlaps(space, pods)) &&
        !trusted.some((t) => t && overlaps(t, pods)),
      "podCidr",
      this.podCidr,
      `a private block outside ${this.cidr} and every trusted client range`,
      "the overlay range must not be routable in the VNet or the networks connected to it, e.g. 100.64.0.0/16",
    );
    trusted.forEach((range, i) => {
      v.check(
        range !== undefined && isPrivate(range) && !(space && overlaps(space, range)),
        `trustedClientCidrs[${i}]`,
        this.trustedClientCidrs[i],
        `a private block outside ${this.cidr}`,
        "list peered or VPN ranges; clients inside the VNet belong in the node subnet",
      );
    });
    v.check(
      this.publicIngressSubnet === "gateway" || this.publicIngressSubnet === "nodes",
      "publicIngressSubnet",
      this.publicIngressSubnet,
      "gateway or nodes",
      "say where the public load balancer's traffic arrives",
    );
    v.throwIfAny();
  }
}

interface NsgRule {
  readonly id: string;
  readonly name: string;
  readonly priority: number;
  readonly access: "Allow" | "Deny";
  readonly protocol: "Tcp" | "*";
  readonly sources: readonly string[];
  readonly destination: string;
  readonly ports: readonly string[];
}

function allow(
  id: string,
  priority: number,
  protocol: "Tcp" | "*",
  sources: readonly string[],
  destination: string,
  ports: readonly string[],
): NsgRule {
  return { id, name: kebab(id), priority, access: "Allow", protocol, sources, destination, ports };
}

function deny(id: string, priority: number, source: string): NsgRule {
  return {
    id,
    name: kebab(id),
    priority,
    access: "Deny",
    protocol: "*",
    sources: [source],
    destination: "*",
    ports: ["*"],
  };
}

function pascal(tier: string): string {
  return tier.charAt(0).toUpperCase() + tier.slice(1);
}

function kebab(id: string): string {
  return id.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c.toLowerCase() : `-${c.toLowerCase()}`));
}

/** `allowFrom` of an Azure data store: an address range, through the subnet's NSG. */
export function allowRangeInto(
  owner: string,
  rules: InboundRules | undefined,
  label: string,
  peer: NetworkPeer,
  ports: readonly string[],
): TerraformResource {
  if (!("cidr" in peer)) {
    throw new Error(
      `${owner}: allowFrom ${label}: got a security group; allowed: { cidr } (Azure admits address ranges); hint: pass the peer's subnet range`,
    );
  }
  if (!rules) {
    throw new Error(
      `${owner}: allowFrom ${label}: the store was built without inboundRules; hint: pass network.inboundRules(tier) in its props`,
    );
  }
  return rules.allow(label, peer.cidr, ports);
}
