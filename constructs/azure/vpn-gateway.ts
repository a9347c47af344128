/**
 * The Azure side of the private link between the clouds: the VNet's `GatewaySubnet`, a zone-redundant
 * public IP and a route-based VPN gateway, and, once the AWS tunnels' addresses are known, one local
 * network gateway and one IPsec connection per AWS tunnel, to AWS's database subnets only.
 */
import { DataAzurermKeyVaultSecret } from "@cdktf/provider-azurerm/lib/data-azurerm-key-vault-secret";
import { LocalNetworkGateway } from "@cdktf/provider-azurerm/lib/local-network-gateway";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { VirtualNetworkGateway } from "@cdktf/provider-azurerm/lib/virtual-network-gateway";
import { VirtualNetworkGatewayConnection } from "@cdktf/provider-azurerm/lib/virtual-network-gateway-connection";
import { contains, isPrivate, isPublicAddress, overlaps, parseCidr } from "../cidr";
import { Construct } from "../core";
import { Validator } from "../validation";
import { AZURE_CONNECTION_IPSEC, tunnelLabel, VPN_TUNNELS } from "../vpn-ipsec";

/** Zone-redundant VPN gateway SKUs (each needs a Standard, zonal public IP). */
export const VPN_GATEWAY_SKUS = ["VpnGw1AZ", "VpnGw2AZ", "VpnGw3AZ", "VpnGw4AZ", "VpnGw5AZ"] as const;
export type VpnGatewaySku = (typeof VPN_GATEWAY_SKUS)[number];

/** The AWS side, known after its stack applied the VPN connection. */
export interface AzureVpnPeer {
  /** The outside addresses of the AWS connection's two tunnels (`VpnTunnelAddresses` of the AWS stack). */
  readonly tunnelAddresses: readonly string[];
  /** AWS's private ranges reached through the tunnels: its database subnets only. */
  readonly remoteCidrs: readonly string[];
}

/** Where the tunnels' pre-shared keys are, and who reads them at plan time. */
export interface AzureVpnSharedKeys {
  /** The vault holding one secret per tunnel, copied once from the AWS secret `<env>/vpn/preshared-keys`. */
  readonly keyVaultId: string;
  /** Secret names: `<prefix>-tunnel1`, `<prefix>-tunnel2`. */
  readonly secretNamePrefix: string;
  /** The deployer, granted Key Vault Secrets User on the vault to read the keys at plan time. */
  readonly readerObjectId: string;
}

export interface AzureVpnGatewayProps {
  /** Name prefix, e.g. `prod-azure`. */
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly virtualNetworkName: string;
  /** The VNet's address space, which must contain `gatewaySubnetCidr`. */
  readonly virtualNetworkCidr: string;
  /** The VNet's other subnets, which `gatewaySubnetCidr` must not overlap. */
  readonly otherSubnetCidrs: readonly string[];
  /** The `GatewaySubnet`: a /27 or larger inside the VNet (Microsoft's recommended minimum). */
  readonly gatewaySubnetCidr: string;
  /**
   * Gateway SKU: an availability-zone SKU, so the gateway survives a zone.
   * @default "VpnGw1AZ"
   */
  readonly sku?: VpnGatewaySku;
  readonly sharedKeys: AzureVpnSharedKeys;
  /**
   * The AWS tunnels. Without them only the gateway exists (the first step of the bring-up).
   * @default - gateway only
   */
  readonly peer?: AzureVpnPeer;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Azure's required name of a VPN gateway's subnet. */
export const GATEWAY_SUBNET_NAME = "GatewaySubnet";

/**
 * A route-based, zone-redundant VPN gateway (`azurerm_virtual_network_gateway`) in the
 * VNet's `GatewaySubnet` (its own subnet: no NSG, which Azure does not support there), behind a
 * Standard public IP in zones 1-3. With the peer: per AWS tunnel a local network gateway whose address
 * space is AWS's database subnets only, and an IKEv2 connection with the custom IPsec policy of
 * `constructs/vpn-ipsec.ts` (the same suite as the AWS tunnels). Each connection's shared key is read
 * from Key Vault at plan time (`azurerm_key_vault_secret`), never written in the configuration.
 */
export class AzureVpnGateway extends Construct {
  public readonly gatewayId: string;
  public readonly publicIpAddress: string;
  public readonly sku: VpnGatewaySku;
  public readonly connectionIds: readonly string[];

  constructor(scope: Construct, id: string, props: AzureVpnGatewayProps) {
    super(scope, id);
    this.sku = props.sku ?? "VpnGw1AZ";
    this.validate(props);
    const tags = { ...props.tags };

    const subnet = new Subnet(this, "GatewaySubnet", {
      name: GATEWAY_SUBNET_NAME,
      resourceGroupName: props.resourceGroupName,
      virtualNetworkName: props.virtualNetworkName,
      addressPrefixes: [props.gatewaySubnetCidr],
    });
    const ip = new PublicIp(this, "PublicIp", {
      name: `${props.name}-vpn-gateway`,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      allocationMethod: "Static",
      sku: "Standard",
      zones: ["1", "2", "3"],
      tags,
    });
    this.publicIpAddress = ip.ipAddress;
    const gateway = new VirtualNetworkGateway(this, "Gateway", {
      name: `${props.name}-vpn-gateway`,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      type: "Vpn",
      vpnType: "RouteBased",
      sku: this.sku,
      // VpnGw1AZ exists in Generation1 only; the larger AZ SKUs take Generation2.
      generation: this.sku === "VpnGw1AZ" ? "Generation1" : "Generation2",
      activeActive: false,
      enableBgp: false,
      ipConfiguration: [
        {
          name: "vpn-gateway",
          publicIpAddressId: ip.id,
          privateIpAddressAllocation: "Dynamic",
          subnetId: subnet.id,
        },
      ],
      // Creating a VPN gateway takes 30-45 minutes.
      timeouts: { create: "90m", update: "90m", delete: "90m" },
      tags,
    });
    this.gatewayId = gateway.id;
    // Granted with the gateway, so the keys can be read once the operator has copied them in.
    new RoleAssignment(this, "SharedKeyReader", {
      scope: props.sharedKeys.keyVaultId,
      roleDefinitionName: "Key Vault Secrets User",
      principalId: props.sharedKeys.readerObjectId,
      description: `Terraform reads the pre-shared keys of ${props.name}'s VPN connections`,
    });
    const peer = props.peer;
    if (!peer) {
      this.connectionIds = [];
      return;
    }
    this.connectionIds = peer.tunnelAddresses.map((address, i) => {
      const tunnel = VPN_TUNNELS[i]!;
      const key = tunnelLabel(tunnel);
      const local = new LocalNetworkGateway(this, `Aws${key}`, {
        name: `${props.name}-aws-${tunnel}`,
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        gatewayAddress: address,
        addressSpace: [...peer.remoteCidrs],
        tags,
      });
      const secret = new DataAzurermKeyVaultSecret(this, `${key}SharedKey`, {
        keyVaultId: props.sharedKeys.keyVaultId,
        name: `${props.sharedKeys.secretNamePrefix}-${tunnel}`,
      });
      return new VirtualNetworkGatewayConnection(this, `Aws${key}Connection`, {
        name: `${props.name}-aws-${tunnel}`,
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        type: "IPsec",
        connectionProtocol: "IKEv2",
        virtualNetworkGatewayId: gateway.id,
        localNetworkGatewayId: local.id,
        sharedKey: secret.value,
        // AWS proposes 0.0.0.0/0 selectors on a route-based tunnel.
        usePolicyBasedTrafficSelectors: false,
        ipsecPolicy: { ...AZURE_CONNECTION_IPSEC },
        tags,
      }).id;
    });
  }

  private validate(props: AzureVpnGatewayProps): void {
    const v = new Validator(`AzureVpnGateway ${this.node.path}`);
    const subnet = parseCidr(props.gatewaySubnetCidr);
    const vnet = parseCidr(props.virtualNetworkCidr);
    v.check(
      (VPN_GATEWAY_SKUS as readonly string[]).includes(this.sku),
      "sku",
      this.sku,
      VPN_GATEWAY_SKUS.join(", "),
      "an availability-zone SKU; VpnGw1AZ carries 650 Mbit/s",
    ).check(
      subnet !== undefined &&
        subnet.prefix <= 27 &&
        vnet !== undefined &&
        contains(vnet, subnet) &&
        props.otherSubnetCidrs.every((c) => {
          const other = parseCidr(c);
          return other === undefined || !overlaps(other, subnet);
        }),
      "gatewaySubnetCidr",
      props.gatewaySubnetCidr,
      `a /27 or larger inside ${props.virtualNetworkCidr}, overlapping none of ${props.otherSubnetCidrs.join(", ")}`,
      "leave interconnect.gatewaySubnetCidr unset for x.y.255.0/27",
    );
    const peer = props.peer;
    if (peer) {
      v.check(
        peer.tunnelAddresses.length >= 1 &&
          peer.tunnelAddresses.length <= VPN_TUNNELS.length &&
          new Set(peer.tunnelAddresses).size === peer.tunnelAddresses.length,
        "peer.tunnelAddresses",
        peer.tunnelAddresses,
        "one or two distinct addresses (an AWS VPN connection has two tunnels)",
        "copy the AWS stack's VpnTunnelAddresses output",
      ).check(
        peer.remoteCidrs.length > 0,
        "peer.remoteCidrs",
        peer.remoteCidrs,
        "at least one private CIDR",
        "pass AWS's database subnets",
      );
      peer.tunnelAddresses.forEach((address, i) => {
        v.check(
          isPublicAddress(address),
          `peer.tunnelAddresses[${i}]`,
          address,
          "a public IPv4 address",
          "copy the AWS stack's VpnTunnelAddresses output",
        );
      });
      peer.remoteCidrs.forEach((cidr, i) => {
        const range = parseCidr(cidr);
        v.check(
          range !== undefined && isPrivate(range) && (vnet === undefined || !overlaps(vnet, range)),
          `peer.remoteCidrs[${i}]`,
          cidr,
          `a private IPv4 CIDR outside ${props.virtualNetworkCidr}`,
          "routes go to AWS's database subnets only; the clouds' address plans must not overlap",
        );
      });
    }
    v.check(
      /^[0-9a-zA-Z-]{1,110}$/.test(props.sharedKeys.secretNamePrefix),
      "sharedKeys.secretNamePrefix",
      props.sharedKeys.secretNamePrefix,
      "letters, digits and dashes (a Key Vault secret name, with -tunnel1 appended)",
      "e.g. vpn-aws",
    );
    v.throwIfAny();
  }
}
