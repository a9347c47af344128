/**
 * Rules that span fields of an environment, applied as one zod refinement. Each problem carries its
 * path, the value, what is allowed and a hint (see `errors.ts`).
 */
import type { z } from "zod";
import { addressesPerNode, ENI_LIMITS, SUBNET_RESERVED_ADDRESSES } from "../constructs/aws/eni-limits";
import {
  BACKUP_PLAN_RPO_MINUTES,
  EKS_NAME_MAX,
  PUBLIC_CIDR_MIN_PREFIX,
  RDS_PITR_RPO_MINUTES,
  S3_RTC_RPO_MINUTES,
} from "../constructs/aws/limits";
import { azureStaticAccountNameOf } from "../constructs/azure/azure-names";
import { azureSubnetCidrsOf, azureVpnGatewaySubnetCidrOf } from "../constructs/azure/subnet-layout";
import { contains, isPrivate, isPublic, isPublicAddress, overlaps, parseCidr } from "../constructs/cidr";
import { quantityAtMost } from "../constructs/k8s/k8s-validation";

/** 100.64.0.0/10 (RFC 6598), where pod ranges go. */
const SHARED_ADDRESS_SPACE = parseCidr("100.64.0.0/10")!;
/**
 * Interfaces per cluster and zone in the node subnets besides the nodes: up to 4 of the EKS
 * control plane, the ingress gateway's load balancer, and room for Lambda and endpoint interfaces.
 */
const CLUSTER_INTERFACES_PER_ZONE = 8;

import { staticHostnameOf } from "./edge-schema";
import { type AwsEnvironment, type AwsSettings, type Environment, hasAws } from "./schema";

type RefineCtx = z.RefinementCtx<Environment>;
type Path = (string | number)[];

/** Adds one problem with its path, value, what is allowed and a hint. */
function problem(ctx: RefineCtx, path: Path, input: unknown, allowed: string, hint: string): void {
  ctx.addIssue({ code: "custom", path, input, message: allowed, params: { hint } });
}

/** A group of rules and the top-level settings it reads (a test keeps the two equal). */
export interface RuleGroup {
  readonly name: string;
  /** Top-level keys, or `aws.<key>` inside the AWS section (see {@link blocks}). */
  readonly reads: readonly string[];
  readonly rule: (env: Environment, ctx: RefineCtx) => void;
}

/**
 * Every cross-field rule group. Each runs when the settings it reads are valid, even if others in
 * the same file are not, so one run reports every problem a file has.
 */
export const RULE_GROUPS: readonly RuleGroup[] = [
  { name: "network", reads: ["aws.availabilityZones", "aws.network"], rule: onAws(networkRules) },
  { name: "apiAccess", reads: ["aws.kubernetes"], rule: onAws(apiAccessRules) },
  { name: "podNetwork", reads: ["aws.availabilityZones", "aws.network"], rule: onAws(podNetworkRules) },
  {
    name: "addressCapacity",
    reads: ["aws.availabilityZones", "aws.kubernetes", "aws.network", "tier"],
    rule: onAws(addressCapacityRules),
  },
  { name: "sizing", reads: ["aws.database", "aws.kubernetes"], rule: onAws(sizingRules) },
  { name: "services", reads: ["services"], rule: serviceRules },
  {
    name: "tier",
    reads: [
      "aws.cache",
      "aws.database",
      "aws.dns",
      "aws.network",
      "deletionProtection",
      "name",
      "platform",
      "production",
      "services",
      "tier",
    ],
    rule: tierRules,
  },
  {
    name: "recovery",
    reads: ["aws.backup", "aws.database", "aws.storage", "recovery"],
    rule: onAws(recoveryRules),
  },
  { name: "clouds", reads: ["aws", "azure"], rule: cloudRules },
  { name: "crossCloud", reads: ["aws.network", "azure"], rule: onAws(crossCloudRules) },
  { name: "edge", reads: ["aws", "azure", "edge", "production", "services"], rule: edgeRules },
  { name: "interconnect", reads: ["aws", "azure"], rule: interconnectRules },
];

/**
 * Whether an issue at `path` means a group that reads `read` must not run: the issue is inside what
 * it reads, or above it. `aws` alone is read for its presence, so only an issue at `aws` itself counts.
 */
export function blocks(path: readonly PropertyKey[], read: string): boolean {
  const at = path.map(String).join(".");
  if (read === "aws") return at === "aws";
  return at === read || at.startsWith(`${read}.`) || read.startsWith(`${at}.`);
}

/** A rule group of the AWS side: it runs when the environment has one. */
function onAws(
  rule: (env: AwsEnvironment, ctx: RefineCtx) => void,
): (env: Environment, ctx: RefineCtx) => void {
  return (env, ctx) => {
    if (hasAws(env)) rule(env, ctx);
  };
}

/** An environment runs on at least one cloud. */
function cloudRules(env: Environment, ctx: RefineCtx): void {
  const clouds = [env.aws, env.azure].filter((side) => side !== undefined);
  if (clouds.length === 0) {
    problem(
      ctx,
      ["aws"],
      undefined,
      "an aws or an azure section (or both)",
      "an environment runs on at least one cloud",
    );
  }
}

/** Every rule group in order, on a valid environment. */
export function crossFieldRules(env: Environment, ctx: RefineCtx): void {
  for (const g of RULE_GROUPS) g.rule(env, ctx);
}

function networkRules(env: AwsEnvironment, ctx: RefineCtx): void {
  const vpc = parseCidr(env.aws.network.vpcCidr);
  const azCount = env.aws.availabilityZones.length;
  const seen: { path: Path; cidr: string }[] = [];
  for (const key of ["publicSubnetCidrs", "privateSubnetCidrs", "databaseSubnetCidrs"] as const) {
    const list = env.aws.network[key];
    if (list.length !== azCount) {
      problem(
        ctx,
        ["aws", "network", key],
        list,
        `one subnet per availability zone (${azCount}, from aws.availabilityZones)`,
        "add or remove subnets, or change aws.availabilityZones, so the counts match",
      );
    }
    list.forEach((text, i) => {
      const range = parseCidr(text);
      if (!range) return;
      if (vpc && !contains(vpc, range)) {
        problem(
          ctx,
          ["aws", "network", key, i],
          text,
          `a subnet inside ${env.aws.network.vpcCidr}`,
          "pick a block inside aws.network.vpcCidr",
        );
      }
      for (const other of seen) {
        const otherRange = parseCidr(other.cidr);
        if (otherRange && overlaps(range, otherRange)) {
          problem(
            ctx,
            ["aws", "network", key, i],
            text,
            `a block that does not overlap ${other.path.join(".")} (${other.cidr})`,
            "give every subnet its own address range",
          );
        }
      }
      seen.push({ path: ["aws", "network", key, i], cidr: text });
    });
  }
}

/** The pod range: shared address space outside the VPC's primary range, one subnet per zone. */
function podNetworkRules(env: AwsEnvironment, ctx: RefineCtx): void {
  const { podCidr, podSubnetCidrs = [], vpcCidr } = env.aws.network;
  if (podCidr === undefined) {
    if (podSubnetCidrs.length > 0) {
      problem(
        ctx,
        ["aws", "network", "podSubnetCidrs"],
        podSubnetCidrs,
        "no pod subnets without aws.network.podCidr",
        "set podCidr, e.g. 100.64.0.0/16",
      );
    }
    return;
  }
  const pods = parseCidr(podCidr);
  const vpc = parseCidr(vpcCidr);
  if (pods && (!contains(SHARED_ADDRESS_SPACE, pods) || (vpc && overlaps(vpc, pods)))) {
    problem(
      ctx,
      ["aws", "network", "podCidr"],
      podCidr,
      `a block inside 100.64.0.0/10 that does not overlap ${vpcCidr}`,
      "the shared address space is the range EKS custom networking uses, e.g. 100.64.0.0/16",
    );
  }
  if (podSubnetCidrs.length !== env.aws.availabilityZones.length) {
    problem(
      ctx,
      ["aws", "network", "podSubnetCidrs"],
      podSubnetCidrs,
      `one pod subnet per availability zone (${env.aws.availabilityZones.length})`,
      "split podCidr into one block per zone",
    );
  }
  podSubnetCidrs.forEach((text, i) => {
    const range = parseCidr(text);
    const clash = podSubnetCidrs
      .slice(0, i)
      .find((o) => range && parseCidr(o) && overlaps(range, parseCidr(o)!));
    if (range && pods && (!contains(pods, range) || clash !== undefined)) {
      problem(
        ctx,
        ["aws", "network", "podSubnetCidrs", i],
        text,
        `a block inside ${podCidr} that overlaps no other pod subnet`,
        "split podCidr into one block per zone",
      );
    }
  });
}

/**
 * The worst case must fit: every cluster of the environment (two colors in production) at the
 * maximum size of every node group, each node holding all the addresses its interfaces can carry,
 * spread over the zones as evenly as the node groups spread them, plus the control plane's and the
 * load balancers' interfaces. Pods count against the pod subnets when there are any.
 */
function addressCapacityRules(env: AwsEnvironment, ctx: RefineCtx): void {
  const zones = env.aws.availabilityZones.length;
  const clusters = env.tier === "production" ? 2 : 1;
  const custom = env.aws.network.podCidr !== undefined;
  const { systemNodeGroup: system, applicationNodeGroup: app } = env.aws.kubernetes;
  const groups = [
    {
      path: ["aws", "kubernetes", "systemNodeGroup", "instanceType"],
      types: [system.instanceType],
      max: system.maxSize,
    },
    {
      path: ["aws", "kubernetes", "applicationNodeGroup", "spotInstanceTypes"],
      types: [app.instanceType, ...app.spotInstanceTypes],
      max: app.maxSize,
    },
  ];
  let nodeAddresses = 0;
  let podAddresses = 0;
  for (const g of groups) {
    const perNode = g.types.map((t) => ({ t, a: addressesPerNode(t, custom) }));
    const unknown = perNode.filter((p) => p.a === undefined).map((p) => p.t);
    if (unknown.length > 0) {
      problem(
        ctx,
        g.path,
        unknown,
        `instance types with known interface limits (${Object.keys(ENI_LIMITS).join(", ")})`,
        "add the type's limits to ENI_LIMITS in constructs/aws/eni-limits.ts",
      );
      return;
    }
    const nodesPerZone = Math.ceil(g.max / zones);
    nodeAddresses += clusters * nodesPerZone * Math.max(...perNode.map((p) => p.a!.nodeSubnet));
    podAddresses += clusters * nodesPerZone * Math.max(...perNode.map((p) => p.a!.podSubnet));
  }
  nodeAddresses += clusters * CLUSTER_INTERFACES_PER_ZONE;
  const usable = (cidr: string) => {
    const r = parseCidr(cidr);
    return r ? r.end - r.start + 1 - SUBNET_RESERVED_ADDRESSES : Number.POSITIVE_INFINITY;
  };
  env.aws.network.privateSubnetCidrs.forEach((text, i) => {
    if (usable(text) < nodeAddresses) {
      problem(
        ctx,
        ["aws", "network", "privateSubnetCidrs", i],
        text,
        `room for ${nodeAddresses} addresses (${clusters} cluster(s) at maximum size${custom ? "" : ", pods included"}), ${usable(text)} usable`,
        custom
          ? "widen the node subnets or lower the node groups' maxSize"
          : "give pods room: set aws.network.podCidr and podSubnetCidrs (custom networking)",
      );
    }
  });
  (env.aws.network.podSubnetCidrs ?? []).forEach((text, i) => {
    if (usable(text) < podAddresses) {
      problem(
        ctx,
        ["aws", "network", "podSubnetCidrs", i],
        text,
        `room for ${podAddresses} pod addresses (${clusters} cluster(s) at maximum size), ${usable(text)} usable`,
        "widen the pod subnets or lower the node groups' maxSize",
      );
    }
  });
}

/** The deployer must reach the cluster API, and never from the whole internet. */
function apiAccessRules(env: AwsEnvironment, ctx: RefineCtx): void {
  const { publicEndpointCidrs, privateEndpointCidrs } = env.aws.kubernetes;
  if (publicEndpointCidrs.length === 0 && privateEndpointCidrs.length === 0) {
    problem(
      ctx,
      ["aws", "kubernetes", "publicEndpointCidrs"],
      publicEndpointCidrs,
      "a path from the deployer to the cluster API: an entry here or in aws.kubernetes.privateEndpointCidrs",
      "list the CI runner's private range (inside or peered with the VPC) or its public egress range",
    );
  }
  publicEndpointCidrs.forEach((text, i) => {
    const range = parseCidr(text);
    if (range && (range.prefix < PUBLIC_CIDR_MIN_PREFIX || !isPublic(range))) {
      problem(
        ctx,
        ["aws", "kubernetes", "publicEndpointCidrs", i],
        text,
        `a public IPv4 range of /${PUBLIC_CIDR_MIN_PREFIX} or narrower, never 0.0.0.0/0`,
        "list the runner's egress range; private ranges go in privateEndpointCidrs",
      );
    }
  });
  privateEndpointCidrs.forEach((text, i) => {
    const range = parseCidr(text);
    if (range && !isPrivate(range)) {
      problem(
        ctx,
        ["aws", "kubernetes", "privateEndpointCidrs", i],
        text,
        "a private range (10/8, 172.16/12, 192.168/16 or 100.64/10)",
        "public source ranges go in publicEndpointCidrs",
      );
    }
  });
}

function sizingRules(env: AwsEnvironment, ctx: RefineCtx): void {
  for (const key of ["systemNodeGroup", "applicationNodeGroup"] as const) {
    const g = env.aws.kubernetes[key];
    if (g.minSize > g.maxSize) {
      problem(
        ctx,
        ["aws", "kubernetes", key, "minSize"],
        g.minSize,
        `at most maxSize (${g.maxSize})`,
        "lower minSize or raise maxSize",
      );
    } else if (g.desiredSize < g.minSize || g.desiredSize > g.maxSize) {
      problem(
        ctx,
        ["aws", "kubernetes", key, "desiredSize"],
        g.desiredSize,
        `between minSize and maxSize (${g.minSize}..${g.maxSize})`,
        "set desiredSize within the node group's bounds",
      );
    }
  }
  const app = env.aws.kubernetes.applicationNodeGroup;
  if (app.reservedPercent + app.spotPercent > 100) {
    problem(
      ctx,
      ["aws", "kubernetes", "applicationNodeGroup", "reservedPercent"],
      app.reservedPercent,
      `at most ${100 - app.spotPercent} (100 - spotPercent)`,
      "reservations cover on-demand nodes only; spot capacity is never reserved",
    );
  }
  if (env.aws.kubernetes.systemNodeGroup.minSize < 1) {
    problem(
      ctx,
      ["aws", "kubernetes", "systemNodeGroup", "minSize"],
      0,
      "at least 1",
      "critical add-ons need a node to run on",
    );
  }
  if (env.aws.database.maxAllocatedStorageGiB < env.aws.database.allocatedStorageGiB) {
    problem(
      ctx,
      ["aws", "database", "maxAllocatedStorageGiB"],
      env.aws.database.maxAllocatedStorageGiB,
      `at least allocatedStorageGiB (${env.aws.database.allocatedStorageGiB})`,
      "raise the storage autoscaling ceiling",
    );
  }
}

/** Per service: requests within limits, the HPA's bounds, canary weights that increase. */
function serviceRules(env: Environment, ctx: RefineCtx): void {
  for (const [name, svc] of Object.entries(env.services)) {
    const at = (...path: Path): Path => ["services", name, ...path];
    for (const r of ["cpu", "memory"] as const) {
      const request = svc.requests[r];
      const limit = svc.limits[r];
      if (!quantityAtMost(request, limit)) {
        problem(
          ctx,
          at("requests", r),
          request,
          `at most services.${name}.limits.${r} (${limit})`,
          "lower the request or raise the limit",
        );
      }
    }
    if (svc.maxReplicas < svc.replicas) {
      problem(
        ctx,
        at("maxReplicas"),
        svc.maxReplicas,
        `at least services.${name}.replicas (${svc.replicas})`,
        "the autoscaler's ceiling cannot be below its floor",
      );
    }
    if (svc.migration && !svc.database) {
      problem(
        ctx,
        at("migration"),
        svc.migration,
        `no migration without services.${name}.database`,
        "a migration needs the database: set database to true or remove the migration",
      );
    }
    svc.canarySteps.forEach((step, i) => {
      const prev = svc.canarySteps[i - 1];
      if (prev && step.weightPercent <= prev.weightPercent) {
        problem(
          ctx,
          at("canarySteps", i, "weightPercent"),
          step.weightPercent,
          `more than the previous step (${prev.weightPercent})`,
          "canary weights must increase, e.g. 5, 25, 100",
        );
      }
    });
  }
}

/** Every service host with its path, in file order. */
function serviceHosts(env: Environment): { host: string; path: Path }[] {
  return Object.entries(env.services).flatMap(([name, svc]) =>
    svc.hosts.map((host, i) => ({ host, path: ["services", name, "hosts", i] as Path })),
  );
}

function tierRules(env: Environment, ctx: RefineCtx): void {
  const production = env.production;
  const aws = env.aws;
  const dns = aws?.dns;
  if (dns && production) {
    problem(
      ctx,
      ["aws", "dns"],
      dns,
      "no dns block in production",
      "production's zone is production.zoneName, owned by the foundation stack",
    );
  } else if (dns) {
    for (const { host, path } of serviceHosts(env)) {
      if (!host.endsWith(`.${dns.zoneName}`)) {
        problem(
          ctx,
          path,
          host,
          `a name inside aws.dns.zoneName (${dns.zoneName})`,
          "ExternalDNS publishes each host in the environment's zone",
        );
      }
    }
  } else if (!production && aws) {
    problem(
      ctx,
      ["aws", "dns"],
      undefined,
      "a dns block with the zone that holds the services' hosts",
      "without a zone nobody can reach the environment's hosts",
    );
  }
  if (production && env.name.length + "-green".length > EKS_NAME_MAX) {
    problem(
      ctx,
      ["name"],
      env.name,
      `at most ${EKS_NAME_MAX - "-green".length} characters in production`,
      `each color's cluster is named <name>-blue or <name>-green, at most ${EKS_NAME_MAX} characters`,
    );
  }
  const routedBy = new Map<string, Path>();
  for (const { host, path } of serviceHosts(env)) {
    const first = routedBy.get(host);
    if (first) {
      problem(
        ctx,
        path,
        host,
        `a host no other service has (${first.join(".")} has it)`,
        "the gateway routes each host to one service; give each service its own name",
      );
    } else routedBy.set(host, path);
  }
  if (production) {
    for (const { host, path } of serviceHosts(env)) {
      if (!host.endsWith(`.${production.zoneName}`)) {
        problem(
          ctx,
          path,
          host,
          `a name inside production.zoneName (${production.zoneName})`,
          "the prod foundation publishes each host in its zone, pointing at the live color",
        );
      }
    }
    if (!(production.hostnameService in env.services)) {
      problem(
        ctx,
        ["production", "hostnameService"],
        production.hostnameService,
        `a service of this environment (${Object.keys(env.services).join(", ")})`,
        "name the service that the live hostname and the color names route to",
      );
    }
  }
  const prodLike = env.tier !== "development";
  if (env.tier === "production") {
    const awsRequired = (a: AwsSettings): [Path, unknown, boolean, string][] => [
      [["aws", "database", "multiAz"], a.database.multiAz, a.database.multiAz, "true in production"],
      [
        ["aws", "database", "deletionProtection"],
        a.database.deletionProtection,
        a.database.deletionProtection,
        "true in production",
      ],
      [
        ["aws", "database", "readReplicas"],
        a.database.readReplicas,
        a.database.readReplicas >= 1,
        "at least 1 in production",
      ],
    ];
    const required: [Path, unknown, boolean, string][] = [
      ...(aws ? awsRequired(aws) : []),
      [["deletionProtection"], env.deletionProtection, env.deletionProtection, "true in production"],
      ...Object.entries(env.services).map(([name, svc]): [Path, unknown, boolean, string] => [
        ["services", name, "replicas"],
        svc.replicas,
        svc.replicas >= 2,
        "at least 2 in production",
      ]),
    ];
    for (const [path, value, ok, allowed] of required) {
      if (!ok)
        problem(
          ctx,
          path,
          value,
          allowed,
          "production settings must survive the loss of an availability zone",
        );
    }
    if (!env.production) {
      problem(
        ctx,
        ["production"],
        undefined,
        "a production block with liveColor",
        'add "production": { "liveColor": "blue" }',
      );
    }
  } else if (env.production) {
    problem(
      ctx,
      ["production"],
      env.production,
      "absent outside production",
      "remove the production block or set tier",
    );
  }
  if (prodLike) {
    if (!env.platform.tlsCredentialName) {
      problem(
        ctx,
        ["platform", "tlsCredentialName"],
        undefined,
        `a TLS secret name in ${env.tier}`,
        "serve HTTPS outside dev",
      );
    }
    if (aws) prodLikeAwsRules(env.tier, aws, ctx);
  }
}

/** Staging and production: the AWS side survives the loss of a zone. */
function prodLikeAwsRules(tier: Environment["tier"], aws: AwsSettings, ctx: RefineCtx): void {
  if (aws.network.natGateways !== "one-per-az") {
    problem(
      ctx,
      ["aws", "network", "natGateways"],
      aws.network.natGateways,
      `"one-per-az" in ${tier}`,
      "a single NAT gateway is a single point of failure",
    );
  }
  if (aws.cache.nodes < 2) {
    problem(
      ctx,
      ["aws", "cache", "nodes"],
      aws.cache.nodes,
      `at least 2 in ${tier}`,
      "automatic failover needs a replica",
    );
  }
  if (!aws.database.multiAz) {
    problem(
      ctx,
      ["aws", "database", "multiAz"],
      false,
      `true in ${tier}`,
      "staging mirrors production's topology",
    );
  }
}

function recoveryRules(env: AwsEnvironment, ctx: RefineCtx): void {
  if (env.aws.backup.hourlyRetentionDays > env.aws.backup.dailyRetentionDays) {
    problem(
      ctx,
      ["aws", "backup", "hourlyRetentionDays"],
      env.aws.backup.hourlyRetentionDays,
      `at most aws.backup.dailyRetentionDays (${env.aws.backup.dailyRetentionDays})`,
      "the vault lock caps retention at the daily value; shorten hourly or lengthen daily",
    );
  }
  const rpo = env.recovery.rpoMinutes;
  if (rpo.transactional < RDS_PITR_RPO_MINUTES) {
    problem(
      ctx,
      ["recovery", "rpoMinutes", "transactional"],
      rpo.transactional,
      `at least ${RDS_PITR_RPO_MINUTES} (RDS point-in-time recovery granularity)`,
      "RDS ships transaction logs every 5 minutes; a tighter RPO needs synchronous replication elsewhere",
    );
  }
  const contentRpo = env.aws.storage.crossRegionReplication ? S3_RTC_RPO_MINUTES : BACKUP_PLAN_RPO_MINUTES;
  if (rpo.userContent < contentRpo) {
    problem(
      ctx,
      ["recovery", "rpoMinutes", "userContent"],
      rpo.userContent,
      `at least ${contentRpo} with aws.storage.crossRegionReplication=${env.aws.storage.crossRegionReplication}`,
      "enable aws.storage.crossRegionReplication (S3 RTC, 15 min) or relax the target",
    );
  }
  const analyticsRpo = env.aws.backup.enabled ? BACKUP_PLAN_RPO_MINUTES : 24 * 60;
  if (rpo.analytics < analyticsRpo) {
    problem(
      ctx,
      ["recovery", "rpoMinutes", "analytics"],
      rpo.analytics,
      `at least ${analyticsRpo} with aws.backup.enabled=${env.aws.backup.enabled}`,
      "enable the backup plan (hourly) or relax the target",
    );
  }
  if (env.recovery.rtoMinutes.critical < 60 && !env.aws.database.multiAz) {
    problem(
      ctx,
      ["recovery", "rtoMinutes", "critical"],
      env.recovery.rtoMinutes.critical,
      "at least 60 without aws.database.multiAz",
      "a single-AZ database recovers by snapshot restore; enable multiAz for a 15-minute RTO",
    );
  }
  if (env.aws.backup.enabled && env.aws.backup.dailyRetentionDays < env.aws.database.backupRetentionDays) {
    problem(
      ctx,
      ["aws", "backup", "dailyRetentionDays"],
      env.aws.backup.dailyRetentionDays,
      `at least aws.database.backupRetentionDays (${env.aws.database.backupRetentionDays})`,
      "the backup plan must keep restores as far back as point-in-time recovery",
    );
  }
}

/**
 * The Azure side's address plan: the VNet, the AKS pod and service ranges must not overlap each other
 * or AWS's VPC and pod range (the clouds are linked for replication), and CoreDNS's address must sit
 * inside the service range.
 */
function crossCloudRules(env: AwsEnvironment, ctx: RefineCtx): void {
  const azure = env.azure;
  if (!azure) return;
  const aws: { path: Path; cidr: string }[] = [
    { path: ["aws", "network", "vpcCidr"], cidr: env.aws.network.vpcCidr },
    ...(env.aws.network.podCidr
      ? [{ path: ["aws", "network", "podCidr"], cidr: env.aws.network.podCidr }]
      : []),
  ];
  const ours: { path: Path; cidr: string }[] = [
    { path: ["azure", "network", "addressSpace"], cidr: azure.network.addressSpace },
    { path: ["azure", "network", "podCidr"], cidr: azure.network.podCidr },
    { path: ["azure", "network", "serviceCidr"], cidr: azure.network.serviceCidr },
  ];
  ours.forEach((range, i) => {
    const parsed = parseCidr(range.cidr);
    if (!parsed) return;
    for (const other of [...aws, ...ours.slice(0, i)]) {
      const otherRange = parseCidr(other.cidr);
      if (otherRange && overlaps(parsed, otherRange)) {
        problem(
          ctx,
          range.path,
          range.cidr,
          `a range that does not overlap ${other.path.join(".")} (${other.cidr})`,
          "the clouds are linked: every VNet, VPC, pod and service range needs addresses of its own",
        );
      }
    }
  });
  const service = parseCidr(azure.network.serviceCidr);
  const dns = parseCidr(`${azure.network.dnsServiceIp}/32`);
  if (service && dns && !contains(service, dns)) {
    problem(
      ctx,
      ["azure", "network", "dnsServiceIp"],
      azure.network.dnsServiceIp,
      `an address inside azure.network.serviceCidr (${azure.network.serviceCidr})`,
      "CoreDNS's Service takes its address from the service range, e.g. its .10",
    );
  }
  const k = azure.kubernetes;
  if (k.authorizedIpRanges.length === 0 && k.privateDeployerCidrs.length === 0) {
    problem(
      ctx,
      ["azure", "kubernetes"],
      { authorizedIpRanges: [], privateDeployerCidrs: [] },
      "authorizedIpRanges or privateDeployerCidrs",
      "the deployer needs a path to the AKS API server, as on EKS",
    );
  }
}

/** The edge: production only, clouds the environment has, once each, and a split that sums to 100. */
function edgeRules(env: Environment, ctx: RefineCtx): void {
  const edge = env.edge;
  if (!edge) return;
  if (!env.production) {
    problem(ctx, ["edge"], edge, "an edge in production only", "the edge switches production's colors");
  }
  if (!env.aws) {
    problem(
      ctx,
      ["edge"],
      edge,
      "an edge only with an aws section",
      "the edge stack keeps its state in S3, beside production's AWS state",
    );
  }
  const have = [...(env.aws ? ["aws"] : []), ...(env.azure ? ["azure"] : [])];
  edge.cloudOrder.forEach((cloud, i) => {
    if (!have.includes(cloud)) {
      problem(
        ctx,
        ["edge", "cloudOrder", i],
        cloud,
        `a cloud this environment has (${have.join(", ")})`,
        "add the cloud's section or remove it from the failover order",
      );
    } else if (edge.cloudOrder.indexOf(cloud) !== i) {
      problem(ctx, ["edge", "cloudOrder", i], cloud, "each cloud once", "remove the repeated cloud");
    }
  });
  if (edge.split && edge.split.blue + edge.split.green !== 100) {
    problem(
      ctx,
      ["edge", "split"],
      edge.split,
      "weights that sum to 100",
      `blue + green is ${edge.split.blue + edge.split.green}; e.g. 90 and 10`,
    );
  }
  staticRules(env, edge, ctx);
  if ((edge.alerts.emails?.length ?? 0) + (edge.alerts.webhookIds?.length ?? 0) === 0) {
    problem(
      ctx,
      ["edge", "alerts"],
      edge.alerts,
      "at least one email address or webhook id",
      "a failover needs no apply, so this is how the on-call learns of one; add its address",
    );
  }
  if (edge.monitor.timeoutSeconds >= edge.monitor.intervalSeconds) {
    problem(
      ctx,
      ["edge", "monitor", "timeoutSeconds"],
      edge.monitor.timeoutSeconds,
      `less than edge.monitor.intervalSeconds (${edge.monitor.intervalSeconds})`,
      "a check must time out before the next one starts",
    );
  }
}

/**
 * The static-assets hostname is a name of its own (not the live hostname, a service host or a color's
 * verification name), and its Azure origin is the environment's own static website, failed over to
 * only when Azure is in the failover order.
 */
function staticRules(env: Environment, edge: NonNullable<Environment["edge"]>, ctx: RefineCtx): void {
  const at: Path = ["edge", "static"];
  const zone = env.production?.zoneName;
  if (zone) {
    const host = staticHostnameOf(edge, zone);
    const taken = [
      ...(["blue", "green"] as const).map((c) => `${c}.${zone}`),
      `${env.production!.hostname}.${zone}`,
      ...Object.values(env.services).flatMap((svc) => svc.hosts),
    ];
    if (taken.includes(host)) {
      problem(
        ctx,
        [...at, "hostname"],
        edge.static.hostname,
        "a name no color, live hostname or service host uses",
        `${host} is taken; e.g. static`,
      );
    }
  }
  const web = edge.static.azureWebHost;
  if (web === undefined) return;
  if (!env.azure || !edge.cloudOrder.includes("azure")) {
    problem(
      ctx,
      [...at, "azureWebHost"],
      web,
      "an Azure origin only when edge.cloudOrder includes azure",
      "add azure to the failover order, or remove azureWebHost",
    );
    return;
  }
  const account = azureStaticAccountNameOf(env.name, edge.static.azureAccountName);
  if (!web.startsWith(`${account}.`)) {
    problem(
      ctx,
      [...at, "azureWebHost"],
      web,
      `the host of this environment's static website account (${account}.z<N>.web.core.windows.net)`,
      `copy the StaticWebHost output of ${env.name}-azure`,
    );
  }
}

/** The site-to-site VPN joins two clouds, and each step of its bring-up needs the one before. */
function interconnectRules(env: Environment, ctx: RefineCtx): void {
  const link = env.azure?.interconnect;
  if (!link) return;
  const at: Path = ["azure", "interconnect"];
  if (!env.aws) {
    problem(
      ctx,
      at,
      link,
      "an interconnect only with an aws section",
      "the VPN links the Azure VNet to the AWS VPC",
    );
  }
  if (link.awsTunnelAddresses && !link.azureGatewayIp) {
    problem(
      ctx,
      [...at, "awsTunnelAddresses"],
      link.awsTunnelAddresses,
      "tunnel addresses only after azureGatewayIp",
      "AWS creates its tunnels once it knows the Azure gateway's address; set azureGatewayIp first",
    );
  }
  for (const [key, addresses] of [
    ["azureGatewayIp", link.azureGatewayIp ? [link.azureGatewayIp] : []],
    ["awsTunnelAddresses", link.awsTunnelAddresses ?? []],
  ] as const) {
    addresses.forEach((address, i) => {
      if (!isPublicAddress(address)) {
        problem(
          ctx,
          key === "azureGatewayIp" ? [...at, key] : [...at, key, i],
          address,
          "a public IPv4 address",
          "copy it from the other cloud's stack output",
        );
      }
    });
  }
  const gatewaySubnet =
    link.gatewaySubnetCidr ?? azureVpnGatewaySubnetCidrOf(env.azure!.network.addressSpace);
  const subnet = parseCidr(gatewaySubnet);
  const space = parseCidr(env.azure!.network.addressSpace);
  const tiers = Object.values(azureSubnetCidrsOf(env.azure!.network.addressSpace)).map(parseCidr);
  if (
    !subnet ||
    !space ||
    subnet.prefix > 27 ||
    !contains(space, subnet) ||
    tiers.some((t) => t !== undefined && overlaps(t, subnet))
  ) {
    problem(
      ctx,
      [...at, "gatewaySubnetCidr"],
      gatewaySubnet,
      `a /27 or larger inside azure.network.addressSpace, outside the tier subnets`,
      "leave it unset for x.y.255.0/27 of a /16",
    );
  }
}
