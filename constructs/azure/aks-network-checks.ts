/**
 * Address checks for {@link AksCluster}: the overlay pod range, the service range and its DNS address
 * against the VNet and the networks connected to it ("Azure CNI Overlay", IP address planning), and the
 * deployer's path to the API server (authorized public ranges, or a private cluster reached from
 * inside the VNet or a connected network).
 */
import { contains, type Ipv4Range, isPrivate, isPublic, overlaps, parseCidr } from "../cidr";
import type { Validator } from "../validation";
import {
  AKS_AUTHORIZED_RANGE_MIN_PREFIX,
  AKS_AUTHORIZED_RANGES_MAX,
  AKS_NODE_POD_PREFIX,
  AKS_SERVICE_CIDR_MIN_PREFIX,
} from "./aks-limits";

export interface AddressPlan {
  /** The VNet's address space (`INetwork.cidr`). */
  readonly vnetCidr: string;
  /** Ranges reached from the VNet: peered VNets, VPN, ExpressRoute. */
  readonly connectedCidrs: readonly string[];
  readonly podCidr: string;
  readonly serviceCidr: string;
  readonly dnsServiceIp: string;
  /** Nodes the cluster can hold at once, surge included: each takes a /24 of the pod range. */
  readonly peakNodes: number;
}

const PRIVATE_SPACE = "a private range (10/8, 172.16/12, 192.168/16 or 100.64/10)";

/** The named ranges `range` overlaps, e.g. `["the VNet 10.0.0.0/16"]`. */
function clashes(range: Ipv4Range, others: readonly (readonly [string, Ipv4Range | undefined])[]): string[] {
  return others.filter(([, other]) => other !== undefined && overlaps(range, other)).map(([name]) => name);
}

/** Records every problem with the pod range, service range and DNS address. */
export function checkAddressPlan(v: Validator, p: AddressPlan): void {
  const vnet = parseCidr(p.vnetCidr);
  const connected = p.connectedCidrs.map((cidr, i) => {
    const range = parseCidr(cidr);
    v.check(
      range !== undefined,
      `connectedCidrs[${i}]`,
      cidr,
      "an IPv4 CIDR block",
      "list each peered or on-premises range",
    );
    return [`the connected range ${cidr}`, range] as const;
  });
  const outside = [[`the VNet ${p.vnetCidr}`, vnet] as const, ...connected];

  const pods = parseCidr(p.podCidr);
  v.check(
    pods !== undefined && isPrivate(pods) && pods.prefix <= AKS_NODE_POD_PREFIX,
    "podCidr",
    p.podCidr,
    `${PRIVATE_SPACE}, /${AKS_NODE_POD_PREFIX} or wider`,
    "pods take overlay addresses from a private range no VNet uses, e.g. 192.168.0.0/16",
  );
  if (pods) {
    const hit = clashes(pods, outside);
    v.check(
      hit.length === 0,
      "podCidr",
      p.podCidr,
      `no overlap with ${hit.join(", ")}`,
      "pick a range outside the VNet and every network connected to it",
    );
    const blocks = 2 ** Math.max(0, AKS_NODE_POD_PREFIX - pods.prefix);
    v.check(
      !Number.isFinite(p.peakNodes) || blocks >= p.peakNodes,
      "podCidr",
      p.podCidr,
      `room for ${p.peakNodes} nodes (one /24 each, pools at their maximum plus surge); it has ${blocks}`,
      "widen the pod range or lower the pools' maxSize",
    );
  }

  const services = parseCidr(p.serviceCidr);
  v.check(
    services !== undefined && isPrivate(services) && services.prefix >= AKS_SERVICE_CIDR_MIN_PREFIX,
    "serviceCidr",
    p.serviceCidr,
    `${PRIVATE_SPACE}, /${AKS_SERVICE_CIDR_MIN_PREFIX} or narrower (AKS needs it smaller than /12)`,
    "a /16 such as 172.16.0.0/16 holds 65k services",
  );
  if (services) {
    const hit = clashes(services, [...outside, [`the pod range ${p.podCidr}`, pods]]);
    v.check(
      hit.length === 0,
      "serviceCidr",
      p.serviceCidr,
      `no overlap with ${hit.join(", ")}`,
      "pick a range used nowhere else",
    );
  }

  const dns = parseCidr(`${p.dnsServiceIp}/32`);
  const reserved = services ? [services.start, services.start + 1, services.end] : [];
  v.check(
    dns !== undefined && services !== undefined && contains(services, dns) && !reserved.includes(dns.start),
    "dnsServiceIp",
    p.dnsServiceIp,
    `an address inside serviceCidr ${p.serviceCidr}, not its network, first (the kubernetes service) or last address`,
    "use the .10 of the service range, e.g. 172.16.0.10",
  );
}

/** The deployer's path to the API server, mirroring the EKS endpoint checks. */
export interface ApiAccess {
  readonly vnetCidr: string;
  readonly connectedCidrs: readonly string[];
  readonly authorizedIpRanges: readonly string[];
  readonly privateDeployerCidrs: readonly string[];
}

/** Records every problem with the API server access settings. */
export function checkApiAccess(v: Validator, a: ApiAccess): void {
  v.check(
    a.authorizedIpRanges.length <= AKS_AUTHORIZED_RANGES_MAX,
    "authorizedIpRanges",
    a.authorizedIpRanges.length,
    `at most ${AKS_AUTHORIZED_RANGES_MAX} ranges`,
    "aggregate the ranges, or use a private cluster",
  );
  a.authorizedIpRanges.forEach((cidr, i) => {
    const range = parseCidr(cidr);
    v.check(
      range !== undefined &&
        isPublic(range) &&
        range.prefix >= AKS_AUTHORIZED_RANGE_MIN_PREFIX &&
        range.start >= 2 ** 24,
      `authorizedIpRanges[${i}]`,
      cidr,
      `a public IPv4 CIDR block of /${AKS_AUTHORIZED_RANGE_MIN_PREFIX} or narrower, never 0.0.0.0/0 or AKS's 0.0.0.0/32 placeholder`,
      "list the office or CI egress ranges the deployer connects from; a private runner uses privateDeployerCidrs",
    );
  });
  const reachable = [a.vnetCidr, ...a.connectedCidrs]
    .map(parseCidr)
    .filter((r): r is Ipv4Range => r !== undefined);
  a.privateDeployerCidrs.forEach((cidr, i) => {
    const range = parseCidr(cidr);
    v.check(
      range !== undefined && isPrivate(range) && reachable.some((net) => contains(net, range)),
      `privateDeployerCidrs[${i}]`,
      cidr,
      `a private range inside the VNet ${a.vnetCidr} or a connected range (${a.connectedCidrs.join(", ") || "none"})`,
      "the private API endpoint sits in the node subnet; the deployer must run in the VNet or a network peered with it",
    );
  });
  const publicPath = a.authorizedIpRanges.length > 0;
  const privatePath = a.privateDeployerCidrs.length > 0;
  v.check(
    publicPath || privatePath,
    "authorizedIpRanges/privateDeployerCidrs",
    [],
    "at least one range the deployer connects from",
    "without one nothing can reach the API, and every in-cluster install of the same apply fails",
  );
  v.check(
    !(publicPath && privatePath),
    "authorizedIpRanges/privateDeployerCidrs",
    { authorizedIpRanges: a.authorizedIpRanges, privateDeployerCidrs: a.privateDeployerCidrs },
    "one of the two: authorized ranges apply only to a public API server, and a private cluster has none",
    "keep authorizedIpRanges for a public API server, or privateDeployerCidrs for a private cluster",
  );
}
