/**
 * Where each subnet of an environment's VNet sits, as pure functions of its address space: the
 * network construct carves its tiers with them, and the AWS side of the site-to-site VPN routes to the
 * database tier with them, without reading Azure's API. No provider import.
 */
import { parseCidr } from "../cidr";

/** The subnets of the VNet, one per tier (Azure subnets span every zone of the region). */
export const AZURE_SUBNET_TIERS = ["gateway", "nodes", "endpoints", "database"] as const;
export type AzureSubnetTier = (typeof AZURE_SUBNET_TIERS)[number];

/**
 * Where each tier sits in a /16, mirroring the AWS layout of environments/*.json (public `.1`, private
 * `.10`, database `.100`); the nodes get a /23, the room of the two AWS private /24s, and the private
 * endpoints, which AWS does not have, `.50`.
 */
const LAYOUT: Readonly<Record<AzureSubnetTier, { readonly thirdOctet: number; readonly prefix: number }>> = {
  gateway: { thirdOctet: 1, prefix: 24 },
  nodes: { thirdOctet: 10, prefix: 23 },
  endpoints: { thirdOctet: 50, prefix: 24 },
  database: { thirdOctet: 100, prefix: 24 },
};

/**
 * The VPN gateway's subnet (Azure's `GatewaySubnet`): the last /27 of the /16's `.255` block, the
 * size Microsoft recommends (a /27 leaves room for a second, active-active configuration).
 */
const VPN_GATEWAY_LAYOUT = { thirdOctet: 255, prefix: 27 } as const;

/** Dotted quad of an unsigned 32-bit address. */
function ipv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join(".");
}

/** A block at `thirdOctet` of a /16 (or wider) address space; `""` when the space is too narrow to carve. */
function carve(addressSpace: string, at: { readonly thirdOctet: number; readonly prefix: number }): string {
  const space = parseCidr(addressSpace);
  return space && space.prefix <= 16 ? `${ipv4(space.start + at.thirdOctet * 256)}/${at.prefix}` : "";
}

/** The given subnets, the rest carved from the address space; `""` when it is too narrow to carve. */
export function azureSubnetCidrsOf(
  addressSpace: string,
  given: Partial<Readonly<Record<AzureSubnetTier, string>>> = {},
): Record<AzureSubnetTier, string> {
  return Object.fromEntries(
    AZURE_SUBNET_TIERS.map((t) => [t, given[t] ?? carve(addressSpace, LAYOUT[t])]),
  ) as Record<AzureSubnetTier, string>;
}

/** The default `GatewaySubnet` of a VNet: `x.y.255.0/27`; `""` when the space is narrower than a /16. */
export function azureVpnGatewaySubnetCidrOf(addressSpace: string): string {
  return carve(addressSpace, VPN_GATEWAY_LAYOUT);
}
