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

/**
 * Pods a node can run: one per address the VPC CNI can hand out, plus the two host-network pods
 * (aws-node, kube-proxy). With custom networking the primary interface serves the node only. The
 * kubelet must be told this number (`maxPods`), because the EKS AMI assumes every interface serves pods.
 */
export function maxPodsPerNode(instanceType: string, customNetworking: boolean): number | undefined {
  const l = ENI_LIMITS[instanceType];
  if (!l) return undefined;
  return (customNetworking ? l.enis - 1 : l.enis) * (l.ipv4PerEni - 1) + 2;
}
