/**
 * Network interface limits and sizes of the EC2 instance types the node groups may use, the
 * worst-case number of VPC addresses a node holds with the VPC CNI, and the pods it can run. Source:
 * the EC2 User Guide, "Maximum IP addresses per network interface" and the instance type pages (the
 * same figures behind amazon-eks-ami's eni-max-pods.txt: max pods = ENIs x (addresses per ENI - 1)
 * + 2). Add a type here before using it in a node group; the capacity checks reject types they do
 * not know.
 */
export interface EniLimits {
  /** Network interfaces the instance can attach. */
  readonly enis: number;
  /** IPv4 addresses per interface, its primary one included. */
  readonly ipv4PerEni: number;
  readonly vcpus: number;
  readonly memoryGiB: number;
}

export const ENI_LIMITS: Readonly<Record<string, EniLimits>> = {
  "t3.small": { enis: 3, ipv4PerEni: 4, vcpus: 2, memoryGiB: 2 },
  "t3.medium": { enis: 3, ipv4PerEni: 6, vcpus: 2, memoryGiB: 4 },
  "t3a.medium": { enis: 3, ipv4PerEni: 6, vcpus: 2, memoryGiB: 4 },
  "t3.large": { enis: 3, ipv4PerEni: 12, vcpus: 2, memoryGiB: 8 },
  "t3a.large": { enis: 3, ipv4PerEni: 12, vcpus: 2, memoryGiB: 8 },
  "t3.xlarge": { enis: 4, ipv4PerEni: 15, vcpus: 4, memoryGiB: 16 },
  "t3a.xlarge": { enis: 4, ipv4PerEni: 15, vcpus: 4, memoryGiB: 16 },
  "m5.large": { enis: 3, ipv4PerEni: 10, vcpus: 2, memoryGiB: 8 },
  "m5.xlarge": { enis: 4, ipv4PerEni: 15, vcpus: 4, memoryGiB: 16 },
  "m6i.large": { enis: 3, ipv4PerEni: 10, vcpus: 2, memoryGiB: 8 },
  "m6i.xlarge": { enis: 4, ipv4PerEni: 15, vcpus: 4, memoryGiB: 16 },
  "c5.large": { enis: 3, ipv4PerEni: 10, vcpus: 2, memoryGiB: 4 },
  "r5.large": { enis: 3, ipv4PerEni: 10, vcpus: 2, memoryGiB: 16 },
};

/** Addresses AWS reserves in every subnet (network, router, DNS, future use, broadcast). */
export const SUBNET_RESERVED_ADDRESSES = 5;

/** Addresses in one prefix that the VPC CNI assigns with prefix delegation (a /28). */
export const PREFIX_ADDRESSES = 16;

/**
 * Pods a node runs. Without pod subnets: one per secondary address of every interface, plus the two
 * host-network pods (aws-node, kube-proxy), which is also what EKS gives the kubelet. With pod subnets
 * the cluster runs custom networking with prefix delegation: EKS managed node groups then set the
 * kubelet's maxPods to 110 (250 from 30 vCPUs) and ignore any value in a launch template, so that is
 * the number; each non-primary interface carries /28 prefixes, far more addresses than that.
 */
export function maxPodsPerNode(instanceType: string, podSubnets: boolean): number | undefined {
  const l = ENI_LIMITS[instanceType];
  if (!l) return undefined;
  if (!podSubnets) return l.enis * (l.ipv4PerEni - 1) + 2;
  const capacity = (l.enis - 1) * (l.ipv4PerEni - 1) * PREFIX_ADDRESSES;
  return Math.min(l.vcpus >= 30 ? 250 : 110, capacity);
}

/**
 * Addresses one node can hold at worst: without pod subnets every address of every interface (the
 * CNI keeps a warm interface of spares), all in the node subnet. With pod subnets the node takes one
 * address of the node subnet, and its pods take /28 prefixes of the pod subnet: enough for maxPods,
 * plus the one warm prefix (`WARM_PREFIX_TARGET=1`).
 */
export function addressesPerNode(
  instanceType: string,
  podSubnets: boolean,
): { readonly nodeSubnet: number; readonly podSubnet: number } | undefined {
  const limits = ENI_LIMITS[instanceType];
  if (!limits) return undefined;
  if (!podSubnets) return { nodeSubnet: limits.enis * limits.ipv4PerEni, podSubnet: 0 };
  const pods = maxPodsPerNode(instanceType, true)!;
  return { nodeSubnet: 1, podSubnet: (Math.ceil(pods / PREFIX_ADDRESSES) + 1) * PREFIX_ADDRESSES };
}
