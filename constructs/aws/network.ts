import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcIpv4CidrBlockAssociation } from "@cdktf/provider-aws/lib/vpc-ipv4-cidr-block-association";
import { contains, overlaps, parseCidr } from "../cidr";
import { Construct } from "../core";
import type { INetwork } from "../interfaces";
import { Validator } from "../validation";
import { accountOf } from "./account";
import { KmsKey, logGroupGrant } from "./kms-key";

export interface NetworkProps {
  /** Name prefix for tags and log groups, e.g. `prod`. */
  readonly name: string;
  readonly region: string;
  readonly vpcCidr: string;
  /** Availability zones, one subnet of each tier per zone. */
  readonly availabilityZones: readonly string[];
  readonly publicSubnetCidrs: readonly string[];
  readonly privateSubnetCidrs: readonly string[];
  readonly databaseSubnetCidrs: readonly string[];
  /**
   * A secondary VPC CIDR for pod addresses (EKS custom networking), e.g. `100.64.0.0/16`, so the node
   * subnets stay small while pods of every cluster in the VPC get room. With `podSubnetCidrs`.
   * @default - none: pods take addresses from the private subnets
   */
  readonly podCidr?: string;
  /**
   * One pod subnet per zone inside `podCidr`, routed like the zone's private subnet (NAT egress).
   * @default []
   */
  readonly podSubnetCidrs?: readonly string[];
  /**
   * `single` puts one NAT gateway in the first zone (cheap, dev only); `one-per-az` keeps egress
   * alive when a zone fails.
   * @default "one-per-az"
   */
  readonly natGateways?: "single" | "one-per-az";
  /**
   * Days to keep VPC flow logs (a CloudWatch Logs retention value).
   * @default 365
   */
  readonly flowLogRetentionDays?: number;
  /**
   * Protect the flow-log key from `terraform destroy`.
   * @default false
   */
  readonly preventDestroy?: boolean;
}

type Tier = "Public" | "Private" | "Database";

/**
 * A VPC with public, private and database subnets in every zone, an internet gateway, NAT, route
 * tables, a locked-down default security group, KMS-encrypted flow logs, and subnet groups for RDS
 * and ElastiCache. Database subnets have no route to the internet.
 *
 * Subnets are keyed by their zone letter (`PublicA`), never by list position, so adding a zone never
 * renames an existing subnet.
 */
export class Network extends Construct implements INetwork {
  public readonly networkId: string;
  public readonly cidr: string;
  public readonly publicSubnetIds: string[];
  public readonly privateSubnetIds: string[];
  public readonly databaseSubnetIds: string[];
  /** The database subnets' route table (local routes only, plus a site-to-site VPN's routes). */
  public readonly databaseRouteTableId: string;
  /** Pod subnets of the secondary CIDR, with their zones, for ENIConfigs. */
  public readonly podSubnets: { readonly availabilityZone: string; readonly subnetId: string }[];
  public readonly podCidr?: string;
  public readonly dbSubnetGroupName: string;
  public readonly cacheSubnetGroupName: string;
  public readonly natGateways: "single" | "one-per-az";
  public readonly flowLogRetentionDays: number;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    this.natGateways = props.natGateways ?? "one-per-az";
    this.flowLogRetentionDays = props.flowLogRetentionDays ?? 365;
    validate(this.node.path, props);
    this.cidr = props.vpcCidr;

    const vpc = new Vpc(this, "Vpc", {
      cidrBlock: props.vpcCidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: props.name },
    });
    this.networkId = vpc.id;

    // Deny all traffic through the default group; workloads get purpose-built groups.
    new DefaultSecurityGroup(this, "DefaultSecurityGroup", {
      vpcId: vpc.id,
      ingress: [],
      egress: [],
      tags: { Name: `${props.name}-default-deny` },
    });

    const igw = new InternetGateway(this, "InternetGateway", { vpcId: vpc.id, tags: { Name: props.name } });
    const zoneKeys = props.availabilityZones.map((az) => az.slice(-1).toUpperCase());
    const subnets = (tier: Tier, cidrs: readonly string[], tags: Record<string, string>) =>
      cidrs.map(
        (cidrBlock, i) =>
          new Subnet(this, `${tier}${zoneKeys[i]}`, {
            vpcId: vpc.id,
            cidrBlock,
            availabilityZone: props.availabilityZones[i],
            mapPublicIpOnLaunch: false,
            tags: {
              Name: `${props.name}-${tier.toLowerCase()}-${props.availabilityZones[i]}`,
              tier: tier.toLowerCase(),
              ...tags,
            },
          }),
      );
    const publicSubnets = subnets("Public", props.publicSubnetCidrs, { "kubernetes.io/role/elb": "1" });
    const privateSubnets = subnets("Private", props.privateSubnetCidrs, {
      "kubernetes.io/role/internal-elb": "1",
    });
    const databaseSubnets = subnets("Database", props.databaseSubnetCidrs, {});
    // The secondary CIDR for pods; its subnets are created once it is associated with the VPC.
    this.podCidr = props.podCidr;
    const podCidr = props.podCidr
      ? new VpcIpv4CidrBlockAssociation(this, "PodCidr", { vpcId: vpc.id, cidrBlock: props.podCidr })
      : undefined;
    const podSubnets = (props.podSubnetCidrs ?? []).map(
      (cidrBlock, i) =>
        new Subnet(this, `Pods${zoneKeys[i]}`, {
          vpcId: podCidr!.vpcId,
          cidrBlock,
          availabilityZone: props.availabilityZones[i],
          mapPublicIpOnLaunch: false,
          tags: { Name: `${props.name}-pods-${props.availabilityZones[i]}`, tier: "pods" },
          dependsOn: [podCidr!],
        }),
    );
    this.podSubnets = podSubnets.map((s, i) => ({
      availabilityZone: props.availabilityZones[i]!,
      subnetId: s.id,
    }));
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateSubnets.map((s) => s.id);
    this.databaseSubnetIds = databaseSubnets.map((s) => s.id);

    const publicRoutes = new RouteTable(this, "PublicRouteTable", {
      vpcId: vpc.id,
      tags: { Name: `${props.name}-public` },
    });
    new Route(this, "PublicInternetRoute", {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: igw.id,
    });
    publicSubnets.forEach((s, i) => {
      new RouteTableAssociation(this, `PublicRouteTableAssociation${zoneKeys[i]}`, {
        subnetId: s.id,
        routeTableId: publicRoutes.id,
      });
    });

    const natZones = this.natGateways === "single" ? zoneKeys.slice(0, 1) : zoneKeys;
    const nats = natZones.map((zone, i) => {
      const eip = new Eip(this, `NatEip${zone}`, {
        domain: "vpc",
        tags: { Name: `${props.name}-nat-${zone.toLowerCase()}` },
      });
      return new NatGateway(this, `NatGateway${zone}`, {
        allocationId: eip.allocationId,
        subnetId: publicSubnets[i]!.id,
        tags: { Name: `${props.name}-nat-${zone.toLowerCase()}` },
        dependsOn: [igw],
      });
    });
    privateSubnets.forEach((s, i) => {
      const zone = zoneKeys[i]!;
      const table = new RouteTable(this, `PrivateRouteTable${zone}`, {
        vpcId: vpc.id,
        tags: { Name: `${props.name}-private-${zone.toLowerCase()}` },
      });
      const nat = nats[this.natGateways === "single" ? 0 : i]!;
      new Route(this, `PrivateNatRoute${zone}`, {
        routeTableId: table.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: nat.id,
      });
      new RouteTableAssociation(this, `PrivateRouteTableAssociation${zone}`, {
        subnetId: s.id,
        routeTableId: table.id,
      });
      const pods = podSubnets[i];
      if (pods) {
        new RouteTableAssociation(this, `PodsRouteTableAssociation${zone}`, {
          subnetId: pods.id,
          routeTableId: table.id,
        });
      }
    });

    // Database subnets: local routes only. No internet gateway, no NAT.
    const databaseRoutes = new RouteTable(this, "DatabaseRouteTable", {
      vpcId: vpc.id,
      tags: { Name: `${props.name}-database` },
    });
    this.databaseRouteTableId = databaseRoutes.id;
    databaseSubnets.forEach((s, i) => {
      new RouteTableAssociation(this, `DatabaseRouteTableAssociation${zoneKeys[i]}`, {
        subnetId: s.id,
        routeTableId: databaseRoutes.id,
      });
    });
    const dbGroup = new DbSubnetGroup(this, "DbSubnetGroup", {
      name: `${props.name}-database`,
      description: `${props.name} RDS subnets (no internet route)`,
      subnetIds: this.databaseSubnetIds,
    });
    const cacheGroup = new ElasticacheSubnetGroup(this, "CacheSubnetGroup", {
      name: `${props.name}-cache`,
      description: `${props.name} ElastiCache subnets (no internet route)`,
      subnetIds: this.databaseSubnetIds,
    });
    this.dbSubnetGroupName = dbGroup.name;
    this.cacheSubnetGroupName = cacheGroup.name;

    this.flowLogs(props, vpc);
  }

  private flowLogs(props: NetworkProps, vpc: Vpc): void {
    const account = accountOf(this);
    const logGroupName = `/platform/${props.name}/vpc-flow-logs`;
    const key = new KmsKey(this, "FlowLogKey", {
      description: `${props.name} VPC flow logs`,
      alias: `alias/${props.name}/vpc-flow-logs`,
      preventDestroy: props.preventDestroy,
      services: [logGroupGrant(this, props.region, logGroupName)],
    });
    const logGroup = new CloudwatchLogGroup(this, "FlowLogGroup", {
      name: logGroupName,
      retentionInDays: this.flowLogRetentionDays,
      kmsKeyId: key.keyArn,
    });
    const assume = new DataAwsIamPolicyDocument(this, "FlowLogAssumeRole", {
      statement: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] }],
        },
      ],
    });
    const role = new IamRole(this, "FlowLogRole", {
      namePrefix: `${props.name}-flow-logs-`,
      assumeRolePolicy: assume.json,
    });
    const write = new DataAwsIamPolicyDocument(this, "FlowLogWrite", {
      statement: [
        {
          effect: "Allow",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          resources: [`${logGroup.arn}:*`],
        },
      ],
    });
    new IamRolePolicy(this, "FlowLogRolePolicy", { role: role.id, policy: write.json });
    new FlowLog(this, "FlowLog", {
      vpcId: vpc.id,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
    });
  }
}

function validate(path: string, props: NetworkProps): void {
  const v = new Validator(`Network ${path}`);
  const vpc = parseCidr(props.vpcCidr);
  v.check(
    vpc !== undefined,
    "vpcCidr",
    props.vpcCidr,
    "an IPv4 CIDR block",
    "use a block such as 10.0.0.0/16",
  );
  v.check(
    props.availabilityZones.length >= 2,
    "availabilityZones",
    props.availabilityZones,
    "at least 2 zones",
    "spread subnets over two or more zones",
  );
  const all: string[] = [];
  for (const [field, cidrs] of [
    ["publicSubnetCidrs", props.publicSubnetCidrs],
    ["privateSubnetCidrs", props.privateSubnetCidrs],
    ["databaseSubnetCidrs", props.databaseSubnetCidrs],
  ] as const) {
    v.check(
      cidrs.length === props.availabilityZones.length,
      field,
      cidrs,
      `one CIDR per zone (${props.availabilityZones.length})`,
      "match the zone count",
    );
    cidrs.forEach((c, i) => {
      const r = parseCidr(c);
      v.check(
        r !== undefined && (!vpc || contains(vpc, r)),
        `${field}[${i}]`,
        c,
        `a block inside ${props.vpcCidr}`,
        "pick a subnet of the VPC",
      );
      const clash = all.find((o) => r && parseCidr(o) && overlaps(r, parseCidr(o)!));
      v.check(
        clash === undefined,
        `${field}[${i}]`,
        c,
        `no overlap with ${clash}`,
        "give each subnet its own range",
      );
      all.push(c);
    });
  }
  const pods = props.podCidr === undefined ? undefined : parseCidr(props.podCidr);
  v.check(
    (props.podCidr === undefined) === ((props.podSubnetCidrs ?? []).length === 0),
    "podSubnetCidrs",
    props.podSubnetCidrs ?? [],
    "pod subnets exactly when podCidr is set",
    "give both podCidr and one pod subnet per zone, or neither",
  );
  if (props.podCidr !== undefined) {
    v.check(
      pods !== undefined && (!vpc || !overlaps(vpc, pods)),
      "podCidr",
      props.podCidr,
      `an IPv4 CIDR block outside ${props.vpcCidr}`,
      "use the shared address space, e.g. 100.64.0.0/16",
    );
    v.check(
      (props.podSubnetCidrs ?? []).length === props.availabilityZones.length,
      "podSubnetCidrs",
      props.podSubnetCidrs ?? [],
      `one CIDR per zone (${props.availabilityZones.length})`,
      "match the zone count",
    );
    (props.podSubnetCidrs ?? []).forEach((c, i) => {
      const r = parseCidr(c);
      const clash = (props.podSubnetCidrs ?? [])
        .slice(0, i)
        .find((o) => r && parseCidr(o) && overlaps(r, parseCidr(o)!));
      v.check(
        r !== undefined && pods !== undefined && contains(pods, r) && clash === undefined,
        `podSubnetCidrs[${i}]`,
        c,
        `a block inside ${props.podCidr} that overlaps no other pod subnet`,
        "split podCidr into one block per zone",
      );
    });
  }
  v.throwIfAny();
}
