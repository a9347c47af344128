/**
 * Network interface limits of the EC2 instance types the node groups may use, and the worst-case
 * number of VPC addresses a node holds with the VPC CNI. Source: the EC2 User Guide, "Maximum IP
 * addresses per network interface" (the same figures behind amazon-eks-ami's eni-max-pods.txt:
 * max pods = ENIs x (addresses per ENI - 1) + 2). Add a type here before using it in a node group;
 * the capacity check rejects types it does not know.
 */
export interface EniLimits {
  /** Network interfaces the instance can attach. */
  readonly enis: number;
  /** IPv4 addresses per interface, its primary one included. */
  readonly ipv4PerEni: number;
}

export const ENI_LIMITS: Readonly<Record<string, EniLimits>> = {
  "t3.small": { enis: 3, ipv4PerEni: 4 },
  "t3.medium": { enis: 3, ipv4PerEni: 6 },
  "t3a.medium": { enis: 3, ipv4PerEni: 6 },
  "t3.large": { enis: 3, ipv4PerEni: 12 },
  "t3a.large": { enis: 3, ipv4PerEni: 12 },
  "t3.xlarge": { enis: 4, ipv4PerEni: 15 },
  "t3a.xlarge": { enis: 4, ipv4PerEni: 15 },
  "m5.large": { enis: 3, ipv4PerEni: 10 },
  "m5.xlarge": { enis: 4, ipv4PerEni: 15 },
  "m6i.large": { enis: 3, ipv4PerEni: 10 },
  "m6i.xlarge": { enis: 4, ipv4PerEni: 15 },
  "c5.large": { enis: 3, ipv4PerEni: 10 },
  "r5.large": { enis: 3, ipv4PerEni: 10 },
};

/** Addresses AWS reserves in every subnet (network, router, DNS, future use, broadcast). */
export const SUBNET_RESERVED_ADDRESSES = 5;

/**
 * Addresses one node can hold at worst, every interface attached and filled (the CNI keeps a warm
 * interface of spares): from the node subnet and, with custom networking, from the pod subnet,
 * where the node keeps only its primary interface and pods use the other interfaces.
 */
export function addressesPerNode(
  instanceType: string,
  customNetworking: boolean,
): { readonly nodeSubnet: number; readonly podSubnet: number } | undefined {
  const limits = ENI_LIMITS[instanceType];
  if (!limits) return undefined;
  const all = limits.enis * limits.ipv4PerEni;
  return customNetworking
    ? { nodeSubnet: 1, podSubnet: all - limits.ipv4PerEni }
    : { nodeSubnet: all, podSubnet: 0 };
}
