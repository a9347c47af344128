/**
 * Cloud-neutral contracts. AWS constructs implement them now and the Azure constructs will later, so
 * stacks compose a network, a cluster, a database and a cache the same way on either cloud.
 */
import type { TerraformResource } from "./core";
import type { SystemPods } from "./k8s/system-pods";

/** A private network with tiered subnets. */
export interface INetwork {
  readonly networkId: string;
  readonly cidr: string;
  /** Subnets that host internet-facing load balancers. */
  readonly publicSubnetIds: string[];
  /** Subnets for cluster nodes and internal load balancers. */
  readonly privateSubnetIds: string[];
  /** Subnets with no route to the internet, for databases and caches. */
  readonly databaseSubnetIds: string[];
  /**
   * Subnets of a secondary range that pods take their addresses from, one per zone.
   * @default - none: pods share the private subnets with the nodes
   */
  readonly podSubnets?: readonly { readonly availabilityZone: string; readonly subnetId: string }[];
}

/** A managed Kubernetes cluster. */
export interface IKubernetesCluster {
  readonly clusterName: string;
  readonly endpoint: string;
  /** Base64 PEM of the cluster CA. */
  readonly certificateAuthorityData: string;
  /** Security group (or equivalent) that identifies the cluster's worker nodes. */
  readonly nodeSecurityGroupId: string;
  /** What in-cluster resources must wait for before the first install can succeed. */
  readonly ready: readonly TerraformResource[];
  /** Lets the control plane reach pods on `port` (an admission webhook or aggregated API). */
  allowControlPlaneTo(port: number, what: string): void;
  /** Throws unless the cluster's system nodes hold these pods, with the cloud's own add-ons. */
  fitSystemPods(pods: Required<SystemPods>): void;
}

/** A managed relational database with a primary endpoint. */
export interface IDatabase {
  readonly endpoint: string;
  readonly port: number;
  /** Where the master credentials live (a secret ARN or id), never the password itself. */
  readonly credentialsSecretRef: string;
}

/** A managed in-memory cache. */
export interface ICache {
  readonly primaryEndpoint: string;
  readonly port: number;
  readonly authSecretRef: string;
}
