/**
 * SiteToSiteVpn: the gateway alone before the peer is known; with it, two tunnels on the shared IPsec
 * suite, generated keys that never appear as literals, routes to the peer's database subnet only from
 * the given route tables, and the validation of every prop.
 */
import { describe, expect, it } from "vitest";
import { SiteToSiteVpn, type SiteToSiteVpnProps } from "../../../constructs/aws/site-to-site-vpn";
import { Testing } from "../../../constructs/core";
import { AWS_TUNNEL_IPSEC, VPN_PRESHARED_KEY } from "../../../constructs/vpn-ipsec";
import { errorOf, problem, resourcesOf } from "../../helpers";

const base: SiteToSiteVpnProps = {
  name: "prod",
  vpcId: "vpc-0123456789abcdef0",
  region: "eu-west-1",
  routeTableIds: ["rtb-0123456789abcdef0"],
  localCidrs: ["10.0.100.0/24", "10.0.200.0/24"],
};
const peer = { gatewayIp: "198.51.100.7", remoteCidrs: ["10.1.100.0/24"] };

function synth(props: Partial<SiteToSiteVpnProps> = {}): string {
  return Testing.synthScope((scope) => {
    new SiteToSiteVpn(scope, "Vpn", { ...base, ...props });
  });
}

describe("SiteToSiteVpn", () => {
  it("creates only the virtual private gateway until the peer is known", () => {
    const out = synth();
    const gateways = Object.values(resourcesOf(out, "aws_vpn_gateway"));
    expect(gateways).toEqual([expect.objectContaining({ vpc_id: base.vpcId, amazon_side_asn: "64512" })]);
    for (const type of ["aws_customer_gateway", "aws_vpn_connection", "aws_route", "random_password"]) {
      expect(resourcesOf(out, type), type).toEqual({});
    }
  });

  const out = synth({ peer });
  const [connection] = Object.values(resourcesOf(out, "aws_vpn_connection"));

  it("connects two tunnels with static routing to the peer's address", () => {
    expect(Object.values(resourcesOf(out, "aws_customer_gateway"))).toEqual([
      expect.objectContaining({ ip_address: peer.gatewayIp, type: "ipsec.1" }),
    ]);
    expect(connection).toMatchObject({ type: "ipsec.1", static_routes_only: true });
  });

  it("gives both tunnels the shared IKEv2/AES-256/SHA-256/DH14 suite, AWS starting them", () => {
    for (const t of ["tunnel1", "tunnel2"]) {
      expect(connection).toMatchObject({
        [`${t}_ike_versions`]: ["ikev2"],
        [`${t}_phase1_encryption_algorithms`]: [...AWS_TUNNEL_IPSEC.phase1EncryptionAlgorithms],
        [`${t}_phase1_integrity_algorithms`]: ["SHA2-256"],
        [`${t}_phase1_dh_group_numbers`]: [14],
        [`${t}_phase2_dh_group_numbers`]: [14],
        [`${t}_phase1_lifetime_seconds`]: 28800,
        [`${t}_phase2_lifetime_seconds`]: 3600,
        [`${t}_startup_action`]: "start",
        [`${t}_dpd_timeout_action`]: "restart",
      });
      expect(connection![`${t}_log_options`]).toMatchObject({
        cloudwatch_log_options: { log_enabled: true, log_output_format: "json" },
      });
    }
  });

  it("keys each tunnel with a generated password, never a literal, stored write-only", () => {
    const passwords = resourcesOf(out, "random_password");
    expect(Object.keys(passwords)).toHaveLength(2);
    for (const p of Object.values(passwords)) {
      expect(p).toMatchObject({ length: VPN_PRESHARED_KEY.length, numeric: false, override_special: "._" });
    }
    expect(connection!.tunnel1_preshared_key).toMatch(/^\$\{random_password\.[^.]+\.result\}$/);
    expect(connection!.tunnel2_preshared_key).toMatch(/^\$\{random_password\.[^.]+\.result\}$/);
    expect(connection!.tunnel1_preshared_key).not.toBe(connection!.tunnel2_preshared_key);
    const [version] = Object.values(resourcesOf(out, "aws_secretsmanager_secret_version"));
    expect(version).toHaveProperty("secret_string_wo");
    expect(version).not.toHaveProperty("secret_string");
    const [secret] = Object.values(resourcesOf(out, "aws_secretsmanager_secret"));
    expect(secret!.kms_key_id).toMatch(/^\$\{aws_kms_key\./);
  });

  it("routes the peer's database subnet from the given route tables only", () => {
    expect(
      Object.values(resourcesOf(out, "aws_vpn_connection_route")).map((r) => r.destination_cidr_block),
    ).toEqual(peer.remoteCidrs);
    expect(Object.values(resourcesOf(out, "aws_route"))).toEqual([
      expect.objectContaining({
        route_table_id: base.routeTableIds[0],
        destination_cidr_block: "10.1.100.0/24",
        gateway_id: expect.stringMatching(/^\$\{aws_vpn_gateway\./),
      }),
    ]);
  });

  it("refuses a private peer address, a public or overlapping remote range and bad numbers", () => {
    const message = errorOf(() =>
      synth({
        amazonSideAsn: 100,
        logRetentionDays: 10,
        peer: { gatewayIp: "10.9.9.9", remoteCidrs: ["8.8.8.0/24", "10.0.100.0/25"] },
      }),
    );
    expect(message).toContain(problem("amazonSideAsn", 100, "a private ASN from 64512 to 65534"));
    expect(message).toContain("logRetentionDays: got 10");
    expect(message).toContain(problem("peer.gatewayIp", "10.9.9.9", "a public IPv4 address"));
    expect(message).toContain(problem("peer.remoteCidrs[0]", "8.8.8.0/24", "a private IPv4 CIDR"));
    expect(message).toContain(problem("peer.remoteCidrs[1]", "10.0.100.0/25", "a range outside localCidrs"));
    expect(errorOf(() => synth({ routeTableIds: [] }))).toContain("routeTableIds: got []");
  });
});
