import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { ApexRedirect } from "../constructs/aws/apex-redirect";
import { ContainerRegistry } from "../constructs/aws/container-registry";
import { nodeRoleNamePrefix } from "../constructs/aws/eks-node-groups";
import type { Network } from "../constructs/aws/network";
import { SiteToSiteVpn } from "../constructs/aws/site-to-site-vpn";
import { azureSubnetCidrsOf } from "../constructs/azure/subnet-layout";
import { type Construct, Fn, TerraformOutput } from "../constructs/core";

/** The current key of a resource's `for_each`, as a Terraform expression. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform expression, not a JavaScript template
const EACH_KEY = "${each.key}";
/** Where a partial (CNAME) zone's proxied names point: `<host>.cdn.cloudflare.net`. */
const CLOUDFLARE_CNAME_SUFFIX = "cdn.cloudflare.net";

import { staticHostnameOf } from "../environments/edge-schema";
import { COLORS } from "../environments/load";
import { type DataTier, dataTierOf } from "./data-tier";
import { networkOf } from "./network-of";
import { PlatformStack, type PlatformStackProps } from "./platform-stack";
import { liveHostnameOf, serviceHostsOf } from "./service-of";

/**
 * The shared production foundation: network, data, storage and the traffic switch. The switch is one
 * DNS record, `<hostname>.<zone>`, that points at `<liveColor>.<zone>`; each color stack owns its own
 * `<color>.<zone>` record. Flipping `production.liveColor` changes only that record.
 */
export class ProdFoundationStack extends PlatformStack {
  public readonly network: Network;
  public readonly data: DataTier;
  public readonly zoneId: string;
  public readonly zoneName: string;
  /** The user-facing name that the switch points at the live color. */
  public readonly liveHostname: string;
  /** The AWS side of the site-to-site VPN to Azure, when `azure.interconnect` is set. */
  public readonly vpn?: SiteToSiteVpn;
  /** The zone's apex, redirected to the live hostname, from the edge's cutover on. */
  public readonly apexRedirect?: ApexRedirect;
  /** One repository per service, pulled by both colors' nodes, replicated to the DR region. */
  public readonly registry: ContainerRegistry;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, props);
    const production = props.env.production!;
    this.network = networkOf(this, props.env, true);
    this.data = dataTierOf(this, props.env, this.network, true);
    this.vpn = this.interconnect(props);
    this.registry = new ContainerRegistry(this, "Registry", {
      name: props.env.name,
      services: Object.keys(props.env.services),
      // The colors' node roles live in their own stacks, so they are matched by name.
      pullRoleNamePrefixes: COLORS.map((color) => nodeRoleNamePrefix(`${id}-${color}`)),
      drRegion: props.env.aws.drRegion,
      preventDestroy: true,
    });
    const zone = new Route53Zone(this, "Zone", {
      name: production.zoneName,
      comment: `${id} public zone; the live color is selected by the ${production.hostname} record`,
      lifecycle: { preventDestroy: true },
    });
    this.zoneId = zone.zoneId;
    this.zoneName = production.zoneName;
    this.liveHostname = liveHostnameOf(production);
    // With an edge, the zone is CloudFlare's partial (CNAME) setup: Route 53 stays authoritative (so
    // ExternalDNS keeps publishing each color's origin name), and each public name is a CNAME to
    // CloudFlare, which picks the cloud and color. The live color is then the edge stack's alone.
    const edge = props.env.edge?.cutover === true;
    if (props.env.edge) {
      // CloudFlare activates a partial zone once it sees its verification key here.
      new Route53Record(this, "EdgeVerificationRecord", {
        zoneId: zone.zoneId,
        name: `cloudflare-verify.${production.zoneName}`,
        type: "TXT",
        ttl: 300,
        records: [props.env.edge.verificationKey],
      });
    }
    new Route53Record(this, "LiveColorRecord", {
      zoneId: zone.zoneId,
      name: this.liveHostname,
      type: "CNAME",
      ttl: 60,
      records: [
        edge
          ? `${this.liveHostname}.${CLOUDFLARE_CNAME_SUFFIX}`
          : `${production.liveColor}.${production.zoneName}`,
      ],
    });
    // The service hostnames the gateways serve point at the live color too (one record per host,
    // keyed by the host in state).
    const services = new Route53Record(this, "ServiceHostRecords", {
      zoneId: zone.zoneId,
      name: EACH_KEY,
      type: "CNAME",
      ttl: 60,
      records: [
        edge ? `${EACH_KEY}.${CLOUDFLARE_CNAME_SUFFIX}` : `${production.liveColor}.${production.zoneName}`,
      ],
    });
    services.addOverride("for_each", Fn.toset(serviceHostsOf(props.env)));
    // Delegate the zone to these in its parent before anything in it is used (README, "Switch colors").
    new TerraformOutput(this, "ZoneNameServers", { value: zone.nameServers });
    if (edge) {
      // The apex cannot be CloudFlare's in a partial zone: it redirects to the live hostname from AWS.
      // From the cutover on only: by then the zone is delegated (CloudFlare verified its TXT record),
      // so ACM can validate the certificate instead of waiting out its timeout.
      this.apexRedirect = new ApexRedirect(this, "Apex", {
        zoneId: zone.zoneId,
        zoneName: production.zoneName,
        targetHostname: this.liveHostname,
        functionName: `${id}-apex-redirect`,
      });
    }
    if (edge) {
      // The static-assets CDN exists only at the edge: before the cutover there is no name for it.
      const name = staticHostnameOf(props.env.edge!, production.zoneName);
      new Route53Record(this, "StaticHostRecord", {
        zoneId: zone.zoneId,
        name,
        type: "CNAME",
        ttl: 60,
        records: [`${name}.${CLOUDFLARE_CNAME_SUFFIX}`],
      });
    }
    if (!edge) new TerraformOutput(this, "LiveColor", { value: production.liveColor });
  }

  /**
   * The VPN to the environment's Azure VNet, for the replication from the AWS primary: the Azure
   * database subnet (from the VNet's layout, not from Azure's API) is routed from the database
   * subnets and admitted to PostgreSQL, and nothing else.
   */
  private interconnect(props: PlatformStackProps): SiteToSiteVpn | undefined {
    const azure = props.env.azure;
    const link = azure?.interconnect;
    if (!azure || !link) return undefined;
    const azureDatabaseSubnet = azureSubnetCidrsOf(azure.network.addressSpace).database;
    const vpn = new SiteToSiteVpn(this, "Interconnect", {
      name: props.env.name,
      vpcId: this.network.networkId,
      region: props.env.aws.region,
      routeTableIds: [this.network.databaseRouteTableId],
      localCidrs: props.env.aws.network.databaseSubnetCidrs,
      ...(link.azureGatewayIp
        ? { peer: { gatewayIp: link.azureGatewayIp, remoteCidrs: [azureDatabaseSubnet] } }
        : {}),
    });
    this.data.database.allowFrom("AzureDatabaseSubnet", { cidr: azureDatabaseSubnet });
    // A fail-back subscribes the AWS database to Azure's: the data group has no egress of its own.
    new VpcSecurityGroupEgressRule(this, "DatabaseToAzureDatabaseSubnet", {
      securityGroupId: this.data.database.securityGroupId,
      cidrIpv4: azureDatabaseSubnet,
      ipProtocol: "tcp",
      fromPort: this.data.database.port,
      toPort: this.data.database.port,
      description: "PostgreSQL to Azure's database subnet over the VPN (fail-back replication)",
    });
    new TerraformOutput(this, "VpnGatewayId", { value: vpn.gatewayId });
    if (vpn.tunnelAddresses) {
      new TerraformOutput(this, "VpnTunnelAddresses", { value: [...vpn.tunnelAddresses] });
      new TerraformOutput(this, "VpnPresharedKeySecretArn", { value: vpn.presharedKeySecretArn });
    }
    return vpn;
  }
}
