import { ManagedRedis as ManagedRedisResource } from "@cdktf/provider-azurerm/lib/managed-redis";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { ResourceGroupTemplateDeployment } from "@cdktf/provider-azurerm/lib/resource-group-template-deployment";
import { Construct, Fn, type TerraformResource } from "../core";
import type { ICache, NetworkPeer } from "../interfaces";
import type {
  ManagedRedisClusteringPolicy,
  ManagedRedisEvictionPolicy,
  ManagedRedisPersistence,
  ManagedRedisProps,
} from "./managed-redis-props";
import { validateAccessGrant, validateManagedRedisProps } from "./managed-redis-validation";
import { allowRangeInto } from "./network";

export type { ManagedRedisProps } from "./managed-redis-props";

/** The port of a Managed Redis database (TLS). */
export const MANAGED_REDIS_PORT = 10000;
/** The audience of the Entra access token a client presents as its password. */
export const REDIS_ENTRA_TOKEN_SCOPE = "https://redis.azure.com/.default";
/** The Private Link sub-resource (group id) of `Microsoft.Cache/redisEnterprise`. */
export const MANAGED_REDIS_SUBRESOURCE = "redisEnterprise";
/**
 * API version of the access policy assignments: the one azurerm 4.55 uses for `Microsoft.Cache`
 * (azurerm has no resource for them before 4.60).
 */
export const ACCESS_POLICY_API_VERSION = "2025-07-01";

/** One `Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments` on the `default` database. */
const ACCESS_POLICY_TEMPLATE = {
  $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  contentVersion: "1.0.0.0",
  parameters: {
    cacheName: { type: "string" },
    assignmentName: { type: "string" },
    objectId: { type: "string" },
  },
  resources: [
    {
      type: "Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments",
      apiVersion: ACCESS_POLICY_API_VERSION,
      name: "[format('{0}/default/{1}', parameters('cacheName'), parameters('assignmentName'))]",
      properties: { accessPolicyName: "default", user: { objectId: "[parameters('objectId')]" } },
    },
  ],
};

/** How a client connects: no access key, an Entra access token. */
export interface EntraCacheAccess {
  readonly host: string;
  readonly port: number;
  /** The Redis user name: the identity's object id. */
  readonly username: string;
  /** The client presents an access token for this scope as its password, over TLS. */
  readonly tokenScope: string;
}

/**
 * Azure Managed Redis (the successor of Azure Cache for Redis): high availability on, persistence,
 * TLS only, public network access off with a private endpoint in the given subnet and DNS zone, Entra
 * authentication only (access keys off), and in production `prevent_destroy` and a delete lock.
 * {@link grantAccess} lets an Entra identity in. See constructs/azure/README.md.
 */
export class ManagedRedis extends Construct implements ICache {
  /** Host name of the cache (resolves to the private endpoint inside the VNet). */
  public readonly hostname: string;
  /** The cache contract's name for `hostname`. No secret exists: clients use Entra tokens (`grantAccess`). */
  public get primaryEndpoint(): string {
    return this.hostname;
  }
  public readonly port = MANAGED_REDIS_PORT;
  public readonly cacheId: string;
  public readonly privateEndpointId: string;
  /** Clients authenticate with an Entra token for this scope; there is no stored credential. */
  public readonly tokenScope = REDIS_ENTRA_TOKEN_SCOPE;
  public readonly persistence: ManagedRedisPersistence;
  public readonly persistenceFrequency: string;
  public readonly evictionPolicy: ManagedRedisEvictionPolicy;
  public readonly clusteringPolicy: ManagedRedisClusteringPolicy;
  public readonly preventDestroy: boolean;
  /** True in production: a CanNotDelete management lock on the cache. */
  public readonly deleteLock: boolean;
  private readonly props: ManagedRedisProps;
  private readonly cache: ManagedRedisResource;
  private readonly grants = new Set<string>();

  constructor(scope: Construct, id: string, props: ManagedRedisProps) {
    super(scope, id);
    this.props = props;
    this.persistence = props.persistence ?? "rdb";
    this.persistenceFrequency = props.persistenceFrequency ?? (this.persistence === "aof" ? "1s" : "1h");
    this.evictionPolicy = props.evictionPolicy ?? "VolatileLRU";
    this.clusteringPolicy = props.clusteringPolicy ?? "EnterpriseCluster";
    this.preventDestroy = props.preventDestroy ?? props.production;
    this.deleteLock = props.production;
    validateManagedRedisProps(`ManagedRedis ${this.node.path}`, props, this);

    this.cache = new ManagedRedisResource(this, "Cache", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      skuName: props.skuName,
      highAvailabilityEnabled: true,
      publicNetworkAccess: "Disabled",
      defaultDatabase: {
        clientProtocol: "Encrypted",
        accessKeysAuthenticationEnabled: false,
        clusteringPolicy: this.clusteringPolicy,
        evictionPolicy: this.evictionPolicy,
        ...(this.persistence === "aof"
          ? { persistenceAppendOnlyFileBackupFrequency: this.persistenceFrequency }
          : { persistenceRedisDatabaseBackupFrequency: this.persistenceFrequency }),
      },
      tags: props.tags,
      lifecycle: this.preventDestroy ? { preventDestroy: true } : undefined,
    });
    const endpoint = new PrivateEndpoint(this, "PrivateEndpoint", {
      name: `${props.name}-pe`,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      subnetId: props.privateEndpointSubnetId,
      privateServiceConnection: {
        name: `${props.name}-psc`,
        privateConnectionResourceId: this.cache.id,
        subresourceNames: [MANAGED_REDIS_SUBRESOURCE],
        isManualConnection: false,
      },
      privateDnsZoneGroup: { name: "default", privateDnsZoneIds: [props.privateDnsZoneId] },
      tags: props.tags,
    });
    if (this.deleteLock) {
      new ManagementLock(this, "DeleteLock", {
        name: `${props.name}-cannot-delete`,
        scope: this.cache.id,
        lockLevel: "CanNotDelete",
        notes: "Production cache: remove this lock deliberately before any delete.",
      });
    }

    this.hostname = this.cache.hostname;
    this.cacheId = this.cache.id;
    this.privateEndpointId = endpoint.id;
  }

  /**
   * Lets the Entra identity `objectId` (a managed identity) use the cache: an access policy assignment
   * of the `default` policy on the default database, `Access<label>`. azurerm 4.55 has no resource for
   * it, so an ARM template deployment creates it; destroying the deployment deletes the assignment.
   */
  /** Admits `peer` (an address range) to the cache's port on its private endpoint's subnet. */
  public allowFrom(label: string, peer: NetworkPeer): TerraformResource {
    return allowRangeInto(`ManagedRedis ${this.node.path}`, this.props.inboundRules, label, peer, [
      String(this.port),
    ]);
  }

  public grantAccess(label: string, objectId: string): EntraCacheAccess {
    validateAccessGrant(`ManagedRedis ${this.node.path}`, label, objectId, this.grants);
    this.grants.add(label);
    new ResourceGroupTemplateDeployment(this, `Access${label}`, {
      name: `${this.props.name}-access-${label.toLowerCase()}`.slice(0, 64),
      resourceGroupName: this.props.resourceGroupName,
      deploymentMode: "Incremental",
      templateContent: JSON.stringify(ACCESS_POLICY_TEMPLATE),
      parametersContent: Fn.jsonencode({
        cacheName: { value: this.cache.name },
        assignmentName: { value: label },
        objectId: { value: objectId },
      }),
    });
    return { host: this.hostname, port: this.port, username: objectId, tokenScope: this.tokenScope };
  }
}
