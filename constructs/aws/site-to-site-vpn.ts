/**
 * The AWS side of the private link between the clouds: a virtual private gateway on the VPC and, once
 * the peer's address is known, a customer gateway for it and an IPsec VPN connection (two tunnels)
 * with static routes to the peer's database subnet, and only to it.
 */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CustomerGateway } from "@cdktf/provider-aws/lib/customer-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { VpnConnection, type VpnConnectionConfig } from "@cdktf/provider-aws/lib/vpn-connection";
import { VpnConnectionRoute } from "@cdktf/provider-aws/lib/vpn-connection-route";
import { VpnGateway } from "@cdktf/provider-aws/lib/vpn-gateway";
import { Password } from "@cdktf/provider-random/lib/password";
import { isPrivate, isPublicAddress, parseCidr } from "../cidr";
import { Construct, Fn } from "../core";
import { Validator } from "../validation";
import { AWS_TUNNEL_IPSEC, tunnelLabel, VPN_PRESHARED_KEY, VPN_TUNNELS, type VpnTunnel } from "../vpn-ipsec";
import { KmsKey, logGroupGrant } from "./kms-key";
import { LOG_RETENTION_DAYS } from "./limits";

/** The other cloud's gateway, known after its stack's first apply. */
export interface SiteToSiteVpnPeer {
  /** The peer gateway's public IPv4 address (the Azure VPN gateway's `VpnGatewayPublicIp` output). */
  readonly gatewayIp: string;
  /** The peer's private ranges reached through the tunnels: its database subnet only. */
  readonly remoteCidrs: readonly string[];
  /**
   * ASN recorded on the customer gateway; routing is static, so it only documents the peer.
   * @default 65515 (Azure VPN gateways' ASN)
   */
  readonly bgpAsn?: number;
}

export interface SiteToSiteVpnProps {
  /** Environment name, for names and tags, e.g. `prod`. */
  readonly name: string;
  readonly vpcId: string;
  /** AWS region, for the log group's key policy. */
  readonly region: string;
  /**
   * Route tables that get a route to each remote CIDR through the gateway: the database subnets'
   * (nothing else in the VPC reaches the other cloud).
   */
  readonly routeTableIds: readonly string[];
  /**
   * The VPC's side of the link (the database subnets), checked against `peer.remoteCidrs` for overlap.
   */
  readonly localCidrs: readonly string[];
  /**
   * ASN of the virtual private gateway (private range 64512-65534).
   * @default 64512
   */
  readonly amazonSideAsn?: number;
  /**
   * The peer gateway. Without it only the virtual private gateway exists (the first step of the
   * bring-up: the peer needs nothing from it, and the tunnels need the peer's address).
   * @default - gateway only
   */
  readonly peer?: SiteToSiteVpnPeer;
  /**
   * Days the tunnels' IKE and IPsec logs stay in CloudWatch.
   * @default 90
   */
  readonly logRetentionDays?: number;
  /**
   * Days Secrets Manager keeps the deleted pre-shared-key secret recoverable (7 to 30).
   * @default 7
   */
  readonly secretRecoveryWindowDays?: number;
}

/** Private ASNs a virtual private gateway accepts (16-bit range). */
const AMAZON_ASN = { min: 64512, max: 65534 } as const;

/** `10.1.100.0/24` → `10-1-100-0-24`, for logical IDs. */
function cidrKey(cidr: string): string {
  return cidr.replace(/[./]/g, "-");
}

/**
 * A site-to-site VPN from the VPC to another cloud's network (`aws_vpn_gateway`, `aws_customer_gateway`,
 * `aws_vpn_connection` with static routing). Both tunnels use the suite of `constructs/vpn-ipsec.ts`
 * (IKEv2, AES-256, SHA-256, DH group 14, PFS), AWS starts the negotiation (`startup_action` start) and
 * restarts a tunnel whose peer stops answering dead-peer detection. Each tunnel's pre-shared key is a
 * `random_password` (never a literal), given to AWS and written, with the tunnels' outside addresses,
 * to one KMS-encrypted Secrets Manager secret (`<name>/vpn/preshared-keys`, write-only): the peer's
 * operator copies each key from there into the peer's vault once. The tunnels log to CloudWatch.
 *
 * Routes: one static route per remote CIDR on the connection, and one `aws_route` per route table and
 * remote CIDR through the gateway: only the given (database) route tables reach the peer.
 */
export class SiteToSiteVpn extends Construct {
  public readonly gatewayId: string;
  /** The tunnels' outside addresses (the peer's local network gateways), when the peer is set. */
  public readonly tunnelAddresses?: readonly [string, string];
  /** The secret holding both pre-shared keys, when the peer is set. */
  public readonly presharedKeySecretArn?: string;
  public readonly connectionId?: string;
  public readonly amazonSideAsn: number;
  public readonly logRetentionDays: number;

  constructor(scope: Construct, id: string, props: SiteToSiteVpnProps) {
    super(scope, id);
    this.amazonSideAsn = props.amazonSideAsn ?? AMAZON_ASN.min;
    this.logRetentionDays = props.logRetentionDays ?? 90;
    const recoveryWindowDays = props.secretRecoveryWindowDays ?? 7;
    this.validate(props, recoveryWindowDays);

    const gateway = new VpnGateway(this, "Gateway", {
      vpcId: props.vpcId,
      amazonSideAsn: String(this.amazonSideAsn),
      tags: { Name: `${props.name}-vpn` },
    });
    this.gatewayId = gateway.id;
    const peer = props.peer;
    if (!peer) return;

    const customer = new CustomerGateway(this, "PeerGateway", {
      type: "ipsec.1",
      ipAddress: peer.gatewayIp,
      bgpAsn: String(peer.bgpAsn ?? 65515),
      tags: { Name: `${props.name}-vpn-peer` },
    });
    const keys = Object.fromEntries(
      VPN_TUNNELS.map((tunnel) => [
        tunnel,
        new Password(this, `${tunnelLabel(tunnel)}PresharedKey`, {
          length: VPN_PRESHARED_KEY.length,
          // Letters and `._` only: AWS refuses a key starting with 0, so no digits at all.
          numeric: false,
          special: true,
          overrideSpecial: VPN_PRESHARED_KEY.special,
          minLower: 8,
          minUpper: 8,
        }).result,
      ]),
    ) as Record<VpnTunnel, string>;

    const logGroupName = `/platform/${props.name}/site-to-site-vpn`;
    const key = new KmsKey(this, "Key", {
      description: `${props.name} site-to-site VPN: tunnel logs and pre-shared keys`,
      alias: `alias/${props.name}/site-to-site-vpn`,
      services: [logGroupGrant(this, props.region, logGroupName)],
    });
    const logs = new CloudwatchLogGroup(this, "TunnelLogs", {
      name: logGroupName,
      retentionInDays: this.logRetentionDays,
      kmsKeyId: key.keyArn,
    });

    const tunnel = (t: VpnTunnel): Partial<VpnConnectionConfig> => {
      const o = AWS_TUNNEL_IPSEC;
      const options: Record<string, unknown> = {
        IkeVersions: [...o.ikeVersions],
        Phase1EncryptionAlgorithms: [...o.phase1EncryptionAlgorithms],
        Phase1IntegrityAlgorithms: [...o.phase1IntegrityAlgorithms],
        Phase1DhGroupNumbers: [...o.phase1DhGroupNumbers],
        Phase1LifetimeSeconds: o.phase1LifetimeSeconds,
        Phase2EncryptionAlgorithms: [...o.phase2EncryptionAlgorithms],
        Phase2IntegrityAlgorithms: [...o.phase2IntegrityAlgorithms],
        Phase2DhGroupNumbers: [...o.phase2DhGroupNumbers],
        Phase2LifetimeSeconds: o.phase2LifetimeSeconds,
        PresharedKey: keys[t],
        StartupAction: "start",
        DpdTimeoutAction: "restart",
        LogOptions: {
          cloudwatchLogOptions: { logEnabled: true, logGroupArn: logs.arn, logOutputFormat: "json" },
        },
      };
      return Object.fromEntries(
        Object.entries(options).map(([k, v]) => [`${t}${k}`, v]),
      ) as Partial<VpnConnectionConfig>;
    };
    const connection = new VpnConnection(this, "Connection", {
      type: "ipsec.1",
      vpnGatewayId: gateway.id,
      customerGatewayId: customer.id,
      staticRoutesOnly: true,
      ...tunnel("tunnel1"),
      ...tunnel("tunnel2"),
      tags: { Name: `${props.name}-vpn` },
    });
    this.connectionId = connection.id;
    this.tunnelAddresses = [connection.tunnel1Address, connection.tunnel2Address];

    for (const cidr of peer.remoteCidrs) {
      new VpnConnectionRoute(this, `ConnectionRoute-${cidrKey(cidr)}`, {
        vpnConnectionId: connection.id,
        destinationCidrBlock: cidr,
      });
      props.routeTableIds.forEach((table, i) => {
        new Route(this, `Route${i}-${cidrKey(cidr)}`, {
          routeTableId: table,
          destinationCidrBlock: cidr,
          gatewayId: gateway.id,
        });
      });
    }

    const secret = new SecretsmanagerSecret(this, "PresharedKeys", {
      name: `${props.name}/vpn/preshared-keys`,
      description: `Pre-shared keys of ${props.name}'s site-to-site VPN tunnels, to copy into the peer's vault`,
      kmsKeyId: key.keyArn,
      recoveryWindowInDays: recoveryWindowDays,
    });
    new SecretsmanagerSecretVersion(this, "PresharedKeysVersion", {
      secretId: secret.id,
      // Written only: never read back into this resource's state.
      secretStringWo: Fn.jsonencode({
        tunnel1: keys.tunnel1,
        tunnel2: keys.tunnel2,
        tunnel1Address: connection.tunnel1Address,
        tunnel2Address: connection.tunnel2Address,
      }),
      secretStringWoVersion: 1,
    });
    this.presharedKeySecretArn = secret.arn;
  }

  private validate(props: SiteToSiteVpnProps, recoveryWindowDays: number): void {
    const v = new Validator(`SiteToSiteVpn ${this.node.path}`);
    v.check(
      Number.isInteger(this.amazonSideAsn) &&
        this.amazonSideAsn >= AMAZON_ASN.min &&
        this.amazonSideAsn <= AMAZON_ASN.max,
      "amazonSideAsn",
      this.amazonSideAsn,
      `a private ASN from ${AMAZON_ASN.min} to ${AMAZON_ASN.max}`,
      "leave it unset for 64512",
    )
      .check(
        (LOG_RETENTION_DAYS as readonly number[]).includes(this.logRetentionDays),
        "logRetentionDays",
        this.logRetentionDays,
        `one of CloudWatch's retention values (${LOG_RETENTION_DAYS.join(", ")})`,
        "e.g. 90",
      )
      .check(
        Number.isInteger(recoveryWindowDays) && recoveryWindowDays >= 7 && recoveryWindowDays <= 30,
        "secretRecoveryWindowDays",
        recoveryWindowDays,
        "an integer from 7 to 30",
        "Secrets Manager's recovery window",
      )
      .check(
        props.routeTableIds.length > 0,
        "routeTableIds",
        props.routeTableIds,
        "at least one route table",
        "pass the database subnets' route table (Network.databaseRouteTableId)",
      );
    const local = props.localCidrs.map(parseCidr);
    props.localCidrs.forEach((cidr, i) => {
      v.check(
        local[i] !== undefined && isPrivate(local[i]!),
        `localCidrs[${i}]`,
        cidr,
        "a private IPv4 CIDR",
        "pass the VPC's database subnets",
      );
    });
    const peer = props.peer;
    if (peer) {
      v.check(
        isPublicAddress(peer.gatewayIp),
        "peer.gatewayIp",
        peer.gatewayIp,
        "a public IPv4 address",
        "copy the peer stack's VpnGatewayPublicIp output",
      ).check(
        peer.remoteCidrs.length > 0,
        "peer.remoteCidrs",
        peer.remoteCidrs,
        "at least one private CIDR",
        "pass the peer's database subnet",
      );
      if (peer.bgpAsn !== undefined) {
        v.check(
          Number.isInteger(peer.bgpAsn) && peer.bgpAsn >= 1 && peer.bgpAsn <= 4_294_967_294,
          "peer.bgpAsn",
          peer.bgpAsn,
          "an ASN from 1 to 4294967294",
          "leave it unset for Azure's 65515",
        );
      }
      peer.remoteCidrs.forEach((cidr, i) => {
        const range = parseCidr(cidr);
        v.check(
          range !== undefined && isPrivate(range),
          `peer.remoteCidrs[${i}]`,
          cidr,
          "a private IPv4 CIDR",
          "routes go to the peer's database subnet only, never to a public range",
        ).check(
          range === undefined ||
            local.every((l) => l === undefined || l.end < range.start || range.end < l.start),
          `peer.remoteCidrs[${i}]`,
          cidr,
          "a range outside localCidrs",
          "the clouds' address plans must not overlap",
        );
      });
    }
    v.throwIfAny();
  }
}
