/**
 * AzureVpnGateway: the GatewaySubnet, zone-redundant public IP and route-based gateway alone before
 * AWS's tunnels exist; with them, one local network gateway and IKEv2 connection per tunnel, on the
 * same IPsec suite as the AWS side, keyed from Key Vault; and the validation of every prop.
 */
import { describe, expect, it } from "vitest";
import { AzureVpnGateway, type AzureVpnGatewayProps } from "../../../constructs/azure/vpn-gateway";
import { Testing } from "../../../constructs/core";
import { AWS_TUNNEL_IPSEC, AZURE_CONNECTION_IPSEC, VPN_IPSEC } from "../../../constructs/vpn-ipsec";
import { dataSourcesOf, errorOf, problem, resourcesOf } from "../../helpers";

const base: AzureVpnGatewayProps = {
  name: "prod-azure",
  resourceGroupName: "prod-azure",
  location: "westeurope",
  virtualNetworkName: "prod-azure-vnet",
  virtualNetworkCidr: "10.1.0.0/16",
  otherSubnetCidrs: ["10.1.1.0/24", "10.1.10.0/23", "10.1.50.0/24", "10.1.100.0/24"],
  gatewaySubnetCidr: "10.1.255.0/27",
  sharedKeys: {
    keyVaultId: "/subscriptions/x/resourceGroups/prod-azure/providers/Microsoft.KeyVault/vaults/kv",
    secretNamePrefix: "vpn-aws",
    readerObjectId: "00000000-0000-0000-0000-000000000001",
  },
};
const peer = {
  tunnelAddresses: ["198.51.100.10", "198.51.100.11"],
  remoteCidrs: ["10.0.100.0/24", "10.0.200.0/24"],
};

function synth(props: Partial<AzureVpnGatewayProps> = {}): string {
  return Testing.synthScope((scope) => {
    new AzureVpnGateway(scope, "Vpn", { ...base, ...props });
  });
}

describe("AzureVpnGateway", () => {
  it("creates the gateway alone until AWS's tunnels exist", () => {
    const out = synth();
    expect(Object.values(resourcesOf(out, "azurerm_subnet"))).toEqual([
      expect.objectContaining({ name: "GatewaySubnet", address_prefixes: ["10.1.255.0/27"] }),
    ]);
    expect(resourcesOf(out, "azurerm_subnet_network_security_group_association")).toEqual({});
    expect(Object.values(resourcesOf(out, "azurerm_public_ip"))).toEqual([
      expect.objectContaining({ sku: "Standard", allocation_method: "Static", zones: ["1", "2", "3"] }),
    ]);
    expect(Object.values(resourcesOf(out, "azurerm_virtual_network_gateway"))).toEqual([
      expect.objectContaining({
        type: "Vpn",
        vpn_type: "RouteBased",
        sku: "VpnGw1AZ",
        generation: "Generation1",
        active_active: false,
      }),
    ]);
    expect(Object.values(resourcesOf(out, "azurerm_role_assignment"))).toEqual([
      expect.objectContaining({
        role_definition_name: "Key Vault Secrets User",
        principal_id: base.sharedKeys.readerObjectId,
      }),
    ]);
    expect(resourcesOf(out, "azurerm_local_network_gateway")).toEqual({});
    expect(resourcesOf(out, "azurerm_virtual_network_gateway_connection")).toEqual({});
  });

  it("takes Generation2 for the larger AZ SKUs", () => {
    const [gateway] = Object.values(
      resourcesOf(synth({ sku: "VpnGw2AZ" }), "azurerm_virtual_network_gateway"),
    );
    expect(gateway!.generation).toBe("Generation2");
  });

  const out = synth({ peer });

  it("connects to each AWS tunnel, for AWS's database subnets only", () => {
    const locals = Object.values(resourcesOf(out, "azurerm_local_network_gateway"));
    expect(locals.map((l) => l.gateway_address)).toEqual(peer.tunnelAddresses);
    for (const l of locals) expect(l.address_space).toEqual(peer.remoteCidrs);
    const connections = Object.values(resourcesOf(out, "azurerm_virtual_network_gateway_connection"));
    expect(connections).toHaveLength(2);
    for (const c of connections) {
      expect(c).toMatchObject({
        type: "IPsec",
        connection_protocol: "IKEv2",
        use_policy_based_traffic_selectors: false,
      });
    }
  });

  it("proposes the AWS tunnels' suite: AES-256, SHA-256, DH group 14 with PFS, the same SA lifetime", () => {
    const [connection] = Object.values(resourcesOf(out, "azurerm_virtual_network_gateway_connection"));
    expect(connection!.ipsec_policy).toEqual({
      dh_group: "DHGroup14",
      ike_encryption: "AES256",
      ike_integrity: "SHA256",
      ipsec_encryption: "AES256",
      ipsec_integrity: "SHA256",
      pfs_group: "PFS2048",
      sa_lifetime: AWS_TUNNEL_IPSEC.phase2LifetimeSeconds,
      sa_datasize: AZURE_CONNECTION_IPSEC.saDatasize,
    });
    expect(AWS_TUNNEL_IPSEC.phase1DhGroupNumbers).toEqual([VPN_IPSEC.dhGroup]);
  });

  it("reads each shared key from Key Vault, never a literal", () => {
    const secrets = Object.values(dataSourcesOf(out, "azurerm_key_vault_secret"));
    expect(secrets.map((s) => s.name)).toEqual(["vpn-aws-tunnel1", "vpn-aws-tunnel2"]);
    for (const c of Object.values(resourcesOf(out, "azurerm_virtual_network_gateway_connection"))) {
      expect(c.shared_key).toMatch(/^\$\{data\.azurerm_key_vault_secret\.[^.]+\.value\}$/);
    }
  });

  it("refuses a small or misplaced gateway subnet, bad tunnels and public remote ranges", () => {
    expect(errorOf(() => synth({ gatewaySubnetCidr: "10.1.255.0/28" }))).toContain(
      'gatewaySubnetCidr: got "10.1.255.0/28"',
    );
    expect(errorOf(() => synth({ gatewaySubnetCidr: "10.1.100.0/27" }))).toContain(
      'gatewaySubnetCidr: got "10.1.100.0/27"',
    );
    expect(errorOf(() => synth({ gatewaySubnetCidr: "10.2.0.0/27" }))).toContain("gatewaySubnetCidr");
    const message = errorOf(() =>
      synth({
        peer: {
          tunnelAddresses: ["10.0.0.1", "10.0.0.1", "1.2.3.4"],
          remoteCidrs: ["8.8.8.0/24", "10.1.0.0/24"],
        },
      }),
    );
    expect(message).toContain("peer.tunnelAddresses: got");
    expect(message).toContain(problem("peer.tunnelAddresses[0]", "10.0.0.1", "a public IPv4 address"));
    expect(message).toContain('peer.remoteCidrs[0]: got "8.8.8.0/24"');
    expect(message).toContain('peer.remoteCidrs[1]: got "10.1.0.0/24"');
    expect(
      errorOf(() => synth({ sharedKeys: { ...base.sharedKeys, secretNamePrefix: "bad_name" } })),
    ).toContain("sharedKeys.secretNamePrefix");
  });
});
