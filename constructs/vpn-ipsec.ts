/**
 * The IPsec parameters of the site-to-site VPN between the clouds, written once and spelled in each
 * cloud's vocabulary, so that the AWS tunnels (`constructs/aws/site-to-site-vpn.ts`) and the Azure
 * connections (`constructs/azure/vpn-gateway.ts`) can never propose different suites. Cloud-neutral:
 * no provider import.
 *
 * The suite is the one both clouds document for interoperability: IKEv2 only, AES-256 with SHA-256
 * and Diffie-Hellman group 14 (2048-bit MODP) in both phases, with perfect forward secrecy. The IKE
 * SA lives 8 hours (Azure's fixed value for custom policies, AWS's maximum) and the IPsec SA 1 hour
 * (AWS's maximum), so neither side rekeys on a schedule the other refuses.
 */
export const VPN_IPSEC = {
  ikeVersion: 2,
  encryption: "AES256",
  integrity: "SHA256",
  dhGroup: 14,
  ikeLifetimeSeconds: 28_800,
  ipsecLifetimeSeconds: 3_600,
} as const;

/** AWS's `aws_vpn_connection` tunnel options for {@link VPN_IPSEC} (values from the EC2 API's enums). */
export const AWS_TUNNEL_IPSEC = {
  ikeVersions: [`ikev${VPN_IPSEC.ikeVersion}`],
  phase1EncryptionAlgorithms: ["AES256"],
  phase1IntegrityAlgorithms: ["SHA2-256"],
  phase1DhGroupNumbers: [VPN_IPSEC.dhGroup],
  phase1LifetimeSeconds: VPN_IPSEC.ikeLifetimeSeconds,
  phase2EncryptionAlgorithms: ["AES256"],
  phase2IntegrityAlgorithms: ["SHA2-256"],
  phase2DhGroupNumbers: [VPN_IPSEC.dhGroup],
  phase2LifetimeSeconds: VPN_IPSEC.ipsecLifetimeSeconds,
} as const;

/**
 * Azure's `ipsec_policy` of `azurerm_virtual_network_gateway_connection` for {@link VPN_IPSEC}: DH
 * group 14 is `DHGroup14` for IKE and `PFS2048` for perfect forward secrecy (Microsoft's table of
 * IPsec/IKE policy parameters). The IKE SA lifetime is not settable on Azure (28 800 s).
 */
export const AZURE_CONNECTION_IPSEC = {
  ikeEncryption: "AES256",
  ikeIntegrity: "SHA256",
  dhGroup: "DHGroup14",
  ipsecEncryption: "AES256",
  ipsecIntegrity: "SHA256",
  pfsGroup: "PFS2048",
  saLifetime: VPN_IPSEC.ipsecLifetimeSeconds,
  /** Kilobytes before a rekey: Azure's default, 100 GB (the time limit rekeys first at this link's rates). */
  saDatasize: 102_400_000,
} as const;

/**
 * The pre-shared keys' shape, inside both clouds' rules: AWS allows 8 to 64 letters, digits, `.` and
 * `_`, not starting with `0`; Azure takes up to 128 printable ASCII characters. Letters and `._` only
 * (no digits, so never a leading `0`), 48 of them: about 276 bits.
 */
export const VPN_PRESHARED_KEY = { length: 48, special: "._" } as const;

/** Names of the two tunnels each AWS VPN connection has. */
export const VPN_TUNNELS = ["tunnel1", "tunnel2"] as const;
export type VpnTunnel = (typeof VPN_TUNNELS)[number];

/** A tunnel's PascalCase label for logical IDs: `tunnel1` → `Tunnel1`. */
export function tunnelLabel(tunnel: VpnTunnel): string {
  return `T${tunnel.slice(1)}`;
}
