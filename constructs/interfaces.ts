/**
 * Cloud-neutral contracts. Each cloud's constructs implement them, and the stacks compose a network,
 * a cluster, a database, a cache and a registry through them, so the stack code for a cluster
 * environment reads the same on AWS and on Azure. Contracts carry behaviour (how to connect, who may
 * reach what, where a credential comes from), not just IDs. `test/constructs/interfaces.test.ts` runs
 * one suite over every cloud's implementation.
 */
import type { Construct, TerraformResource } from "./core";
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
   * @default - none: pods share the private subnets with the nodes, or an overlay gives them addresses
   */
  readonly podSubnets?: readonly { readonly availabilityZone: string; readonly subnetId: string }[];
}

/** An exec credential plugin, as the kubernetes and helm providers take it. */
export interface ExecCredential {
  readonly apiVersion: string;
  readonly command: string;
  readonly args: readonly string[];
}

/** How Terraform reaches a cluster's API and authenticates, at apply time, with no stored secret. */
export interface ClusterConnection {
  readonly host: string;
  /** PEM of the cluster CA (decoded). */
  readonly clusterCaCertificate: string;
  readonly exec: ExecCredential;
}

/**
 * A permission that a data store or registry grants to a workload identity, in its cloud's own
 * terms. A cluster accepts the grants of its own cloud and refuses the others.
 */
export type AccessGrant =
  | {
      readonly cloud: "aws";
      /** IAM policy statements for the identity's role. */
      readonly statements: readonly {
        readonly sid: string;
        readonly actions: readonly string[];
        readonly resources: readonly string[];
      }[];
    }
  | {
      readonly cloud: "azure";
      /** Azure RBAC role assignments for the identity's principal. */
      readonly roleAssignments: readonly { readonly scope: string; readonly roleDefinitionName: string }[];
    };

/** A service account's cloud identity. */
export interface WorkloadIdentity {
  /** Annotations of the Kubernetes service account. */
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  /** Labels the pods need for the identity to be injected. */
  readonly podLabels: Readonly<Record<string, string>>;
  /**
   * The identity's principal, where a data store maps a role to it by id (Entra on Azure).
   * @default - none: the cloud authorizes the identity by policy alone (IAM on AWS)
   */
  readonly principal?: { readonly objectId: string; readonly name: string };
  /**
   * What a pod using the identity must wait for: the role and its policies (AWS), the federated
   * credential and role assignments (Azure); each cloud's identity service is eventually consistent.
   */
  readonly ready: readonly TerraformResource[];
}

/** What the cloud's add-ons give the cloud-neutral platform. */
export interface PlatformAddOns {
  /** What the ingress gateway's LoadBalancer Service must wait for (the cloud's load balancer controller). */
  readonly gatewayDependsOn: readonly TerraformResource[];
  /** Annotations of the ingress gateway's Service, for the cloud's load balancer. */
  readonly gatewayServiceAnnotations: Readonly<Record<string, string>>;
  /** The metrics API's release, for what needs it (VPA); absent where the cloud runs metrics-server itself. */
  readonly metricsServer?: TerraformResource;
}

/** A public DNS zone the gateway's names are published in. */
export interface DnsPublication {
  readonly zoneName: string;
  readonly zoneId: string;
  /** Names to publish at the gateway's load balancer, comma-separated. */
  readonly recordName: string;
}

/** A managed Kubernetes cluster. */
export interface IKubernetesCluster {
  readonly clusterName: string;
  /** The kubernetes and helm providers' connection. */
  readonly connection: ClusterConnection;
  /** What in-cluster resources must wait for before the first install can succeed. */
  readonly ready: readonly TerraformResource[];
  /** The StorageClass of the platform's volumes, which the cluster creates before any install. */
  readonly storageClassName: string;
  /** Tolerations application pods need to use all of the application capacity (AKS taints its spot pool). */
  readonly workloadTolerations: readonly {
    readonly key: string;
    readonly operator: "Equal" | "Exists";
    readonly value?: string;
    readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
  }[];
  /** A cloud identity for one service account, allowed what `grants` say (grants of this cloud only). */
  workloadIdentity(
    scope: Construct,
    id: string,
    options: {
      readonly namespace: string;
      readonly serviceAccount: string;
      readonly grants: readonly AccessGrant[];
    },
  ): WorkloadIdentity;
  /** Installs the cloud's own add-ons (load balancing, node autoscaling, metrics) into `scope`. */
  installAddOns(
    scope: Construct,
    options: { readonly highAvailability: boolean; readonly dns?: DnsPublication },
  ): PlatformAddOns;
  /**
   * Publishes the gateway's names in a zone of this cloud (ExternalDNS), into `scope`.
   * @default - not supported: the edge publishes this cloud's names
   */
  publishDns?(scope: Construct, dns: DnsPublication): void;
  /** Lets the control plane reach pods on `port` (an admission webhook or aggregated API). */
  allowControlPlaneTo(port: number, what: string): void;
  /** Throws unless the cluster's system nodes hold these pods, with the cloud's own add-ons. */
  fitSystemPods(pods: Required<SystemPods>): void;
  /**
   * Called once every in-cluster resource under `scope` is declared: makes them wait for `ready`
   * and for the cloud's webhooks.
   */
  settle(scope: Construct): void;
}

/**
 * Where connections to a data store may come from, beyond the clusters the stacks already admit:
 * a security group of the store's own cloud (AWS), or an address range (either cloud; across the
 * private link between the clouds, the other cloud's subnet).
 */
export type NetworkPeer = { readonly securityGroupId: string } | { readonly cidr: string };

/** A managed relational database with a primary endpoint. */
export interface IDatabase {
  readonly endpoint: string;
  readonly port: number;
  /**
   * The database the services use.
   * @default "postgres"
   */
  readonly databaseName?: string;
  /** Where the master credentials live (a secret ARN or id), never the password itself; none with Entra-only auth. */
  readonly credentialsSecretRef?: string;
  /** What a workload needs to log in as `role` with a short-lived token from its cloud identity. */
  clientGrant(role: string): AccessGrant;
  /**
   * Admits `peer` to the database's port, as a rule named after `label` (PascalCase, unique per
   * store): a security-group ingress rule on AWS, an NSG rule on the delegated subnet on Azure.
   */
  allowFrom(label: string, peer: NetworkPeer): TerraformResource;
  /** How a one-off Job in a cluster logs in as the database's administrator, to create the services' roles. */
  administration(): DatabaseAdministration;
}

/**
 * The administrator's side of a database, for the Job that creates each service's roles before any
 * release needs them (`constructs/k8s/database-roles.ts`). The credential never passes through
 * Terraform: a container in the Job fetches it with the Job's own cloud identity.
 */
export interface DatabaseAdministration {
  /** What the Job's identity is granted: reading the master secret on AWS; nothing on Azure. */
  readonly grants: readonly AccessGrant[];
  /**
   * A container step that writes the administrator's password (or access token) to
   * `$CREDENTIALS_DIR/password`, using the identity the cluster injects into the pod.
   */
  readonly credentialStep: {
    readonly image: string;
    readonly script: string;
    readonly env: Readonly<Record<string, string>>;
  };
  /**
   * What the Job waits for on the database's side: the master secret's first value and its rotation
   * on AWS, the server on Azure. Only those in the Job's own stack apply (another stack is applied before).
   */
  readonly ready: readonly TerraformResource[];
  /** The role the Job logs in as, given its identity: the master user, or the identity's Entra name. */
  loginRole(identity: WorkloadIdentity): string;
  /**
   * Makes the Job's identity an administrator where the database needs that (an Entra administrator on
   * Azure), into `scope`; returns what the Job must wait for.
   */
  authorize(scope: Construct, id: string, identity: WorkloadIdentity): readonly TerraformResource[];
  /**
   * Idempotent SQL, run by the administrator, that creates the login role `role` for a workload of
   * `identity` (IAM authentication on AWS, the identity's object id on Azure).
   */
  createLoginRoleSql(role: string, identity: WorkloadIdentity): string;
}

/** A managed in-memory cache. */
export interface ICache {
  readonly primaryEndpoint: string;
  readonly port: number;
  /** Where a client's credential comes from: a secret reference, or none where clients use tokens. */
  readonly authSecretRef?: string;
  /** Admits `peer` to the cache's port, as a rule named after `label` (see {@link IDatabase.allowFrom}). */
  allowFrom(label: string, peer: NetworkPeer): TerraformResource;
}

/** Container repositories, one per service. */
export interface IContainerRegistry {
  /** The repository URL of one service, without a tag. */
  repositoryUrl(service: string): string;
}
