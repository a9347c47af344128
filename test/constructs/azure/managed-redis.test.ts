import { ManagedRedis as ManagedRedisResource } from "@cdktf/provider-azurerm/lib/managed-redis";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { ResourceGroupTemplateDeployment } from "@cdktf/provider-azurerm/lib/resource-group-template-deployment";
import { describe, expect, it } from "vitest";
import { ManagedRedis, type ManagedRedisProps } from "../../../constructs/azure/managed-redis";
import type {
  ManagedRedisClusteringPolicy,
  ManagedRedisEvictionPolicy,
  ManagedRedisPersistence,
  ManagedRedisSku,
} from "../../../constructs/azure/managed-redis-validation";
import type { Construct } from "../../../constructs/core";
import type { Attrs } from "../../helpers";
import {
  APP_IDENTITY_ID,
  byId,
  errorOf,
  idsOf,
  NETWORK,
  outputsOf,
  policyFindings,
  problem,
  refTo,
  synthWith,
} from "./azure-fixtures";

const base = (production: boolean): ManagedRedisProps => ({
  name: production ? "acme-prod-redis" : "acme-dev-redis",
  resourceGroupName: NETWORK.resourceGroupName,
  location: NETWORK.location,
  production,
  skuName: production ? "Balanced_B5" : "Balanced_B0",
  privateEndpointSubnetId: NETWORK.endpointsSubnetId,
  privateDnsZoneId: NETWORK.redisDnsZoneId,
});

function cache(scope: Construct, props: ManagedRedisProps): ManagedRedis {
  return new ManagedRedis(scope, "Redis", props);
}

function synth(overrides: Partial<ManagedRedisProps> = {}, production = false): string {
  return synthWith((scope) => {
    const redis = cache(scope, { ...base(production), ...overrides });
    return {
      hostname: redis.hostname,
      port: redis.port,
      cacheId: redis.cacheId,
      privateEndpointId: redis.privateEndpointId,
      tokenScope: redis.tokenScope,
    };
  });
}

const MR = "azurerm_managed_redis";
const main = (out: string) => byId(out, MR, "Redis_Cache");
const database = (out: string) => main(out).default_database as Attrs;

describe("ManagedRedis", () => {
  const dev = synth();
  const prod = synth({}, true);

  it("creates a highly available, private, TLS-only cache with Entra authentication", () => {
    expect(dev).toHaveResourceWithProperties(ManagedRedisResource, {
      name: "acme-dev-redis",
      resource_group_name: "acme-dev-data",
      location: "westeurope",
      sku_name: "Balanced_B0",
      high_availability_enabled: true,
      public_network_access: "Disabled",
      default_database: {
        client_protocol: "Encrypted",
        access_keys_authentication_enabled: false,
        clustering_policy: "EnterpriseCluster",
        eviction_policy: "VolatileLRU",
        persistence_redis_database_backup_frequency: "1h",
      },
    });
    expect(main(prod)).toMatchObject({ sku_name: "Balanced_B5", high_availability_enabled: true });
  });

  it.each<[ManagedRedisPersistence, string | undefined, string, string]>([
    ["rdb", undefined, "persistence_redis_database_backup_frequency", "1h"],
    ["rdb", "12h", "persistence_redis_database_backup_frequency", "12h"],
    ["aof", undefined, "persistence_append_only_file_backup_frequency", "1s"],
  ])("persists with %s every %s", (persistence, persistenceFrequency, attr, value) => {
    const db = database(synth({ persistence, persistenceFrequency }));
    expect(db[attr]).toBe(value);
    const other = attr.includes("append")
      ? "persistence_redis_database_backup_frequency"
      : "persistence_append_only_file_backup_frequency";
    expect(db).not.toHaveProperty(other);
  });

  it("takes eviction and clustering policies from props", () => {
    expect(database(synth({ evictionPolicy: "NoEviction", clusteringPolicy: "OSSCluster" }))).toMatchObject({
      eviction_policy: "NoEviction",
      clustering_policy: "OSSCluster",
    });
  });

  it("is reached through a private endpoint registered in the privatelink.redis.azure.net zone", () => {
    expect(dev).toHaveResourceWithProperties(PrivateEndpoint, {
      name: "acme-dev-redis-pe",
      resource_group_name: "acme-dev-data",
      location: "westeurope",
      subnet_id: NETWORK.endpointsSubnetId,
      private_service_connection: {
        name: "acme-dev-redis-psc",
        private_connection_resource_id: refTo(dev, MR, "Redis_Cache", "id"),
        subresource_names: ["redisEnterprise"],
        is_manual_connection: false,
      },
      private_dns_zone_group: { name: "default", private_dns_zone_ids: [NETWORK.redisDnsZoneId] },
    });
  });

  describe("production", () => {
    it("prevents destroy and locks the cache against deletion", () => {
      expect(main(prod).lifecycle).toEqual({ prevent_destroy: true });
      expect(prod).toHaveResourceWithProperties(ManagementLock, {
        name: "acme-prod-redis-cannot-delete",
        scope: refTo(prod, MR, "Redis_Cache", "id"),
        lock_level: "CanNotDelete",
      });
      expect(idsOf(prod, "azurerm_management_lock")).toEqual(["Redis_DeleteLock"]);
    });

    it("keeps the lock when preventDestroy is turned off explicitly", () => {
      const out = synth({ preventDestroy: false }, true);
      expect(main(out)).not.toHaveProperty("lifecycle");
      expect(idsOf(out, "azurerm_management_lock")).toEqual(["Redis_DeleteLock"]);
    });
  });

  describe("non-production", () => {
    it("has no lock and no prevent_destroy by default", () => {
      expect(main(dev)).not.toHaveProperty("lifecycle");
      expect(idsOf(dev, "azurerm_management_lock")).toEqual([]);
    });

    it("can be protected explicitly", () => {
      expect(main(synth({ preventDestroy: true })).lifecycle).toEqual({ prevent_destroy: true });
    });
  });

  it.each([
    ["production", prod, "production"],
    ["staging-like", synth({ preventDestroy: true }), "staging"],
    ["development", dev, "development"],
  ] as const)("passes every policy rule (%s)", async (_, out, tier) => {
    expect(await policyFindings(out, tier)).toEqual([]);
  });

  it("would fail the policy as azurerm_redis_cache or without prevent_destroy (the check sees it)", async () => {
    const doc = JSON.parse(prod) as { resource: Record<string, Record<string, Attrs>> };
    const [[name, values]] = Object.entries(doc.resource[MR]!) as [[string, Attrs]];
    delete values.lifecycle;
    expect((await policyFindings(JSON.stringify(doc), "production")).map((f) => f.split(" ")[0])).toEqual([
      "PLAT-DATA-001",
    ]);
    doc.resource.azurerm_redis_cache = { [name]: { ...values, lifecycle: { prevent_destroy: true } } };
    delete doc.resource[MR];
    expect((await policyFindings(JSON.stringify(doc), "production")).map((f) => f.split(" ")[0])).toEqual([
      "PLAT-AZREDIS-003",
    ]);
  });

  it("exposes hostname, port 10000, ids and the token scope", () => {
    expect(outputsOf(dev)).toEqual({
      hostname: refTo(dev, MR, "Redis_Cache", "hostname"),
      port: 10000,
      cacheId: refTo(dev, MR, "Redis_Cache", "id"),
      privateEndpointId: refTo(dev, "azurerm_private_endpoint", "Redis_PrivateEndpoint", "id"),
      tokenScope: "https://redis.azure.com/.default",
    });
  });

  describe("grantAccess", () => {
    let access: Attrs = {};
    const out = synthWith((scope) => {
      const redis = cache(scope, base(false));
      access = { ...redis.grantAccess("UserService", APP_IDENTITY_ID) };
      return { host: access.host };
    });
    const deployment = byId(out, "azurerm_resource_group_template_deployment", "Redis_AccessUserService");

    it("assigns the default access policy of the default database to the identity", () => {
      expect(out).toHaveResourceWithProperties(ResourceGroupTemplateDeployment, {
        name: "acme-dev-redis-access-userservice",
        resource_group_name: "acme-dev-data",
        deployment_mode: "Incremental",
      });
      const template = JSON.parse(String(deployment.template_content)) as { resources: Attrs[] };
      expect(template.resources).toEqual([
        {
          type: "Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments",
          apiVersion: "2025-07-01",
          name: "[format('{0}/default/{1}', parameters('cacheName'), parameters('assignmentName'))]",
          properties: { accessPolicyName: "default", user: { objectId: "[parameters('objectId')]" } },
        },
      ]);
    });

    it("passes the cache name (a dependency), the assignment name and the object id as parameters", () => {
      const parameters = String(deployment.parameters_content);
      expect(parameters).toMatch(/^\$\{jsonencode\(/);
      expect(parameters).toContain(refTo(out, MR, "Redis_Cache", "name").slice(2, -1));
      expect(parameters).toContain('"UserService"');
      expect(parameters).toContain(`"${APP_IDENTITY_ID}"`);
    });

    it("tells the client to sign in as its object id with an Entra token", () => {
      expect(access).toMatchObject({
        port: 10000,
        username: APP_IDENTITY_ID,
        tokenScope: "https://redis.azure.com/.default",
      });
      expect(outputsOf(out).host).toBe(refTo(out, MR, "Redis_Cache", "hostname"));
    });

    it("rejects a bad or repeated label and an object id that is not a UUID", () => {
      const attempt = (grants: [string, string][]) =>
        errorOf(() =>
          synthWith((scope) => {
            const redis = cache(scope, base(false));
            for (const [label, id] of grants) redis.grantAccess(label, id);
            return undefined;
          }),
        );
      const allowed = "a PascalCase name of 1..60 letters and digits, not used by another grant";
      expect(attempt([["user-service", APP_IDENTITY_ID]])).toContain(
        problem("label", "user-service", allowed),
      );
      expect(
        attempt([
          ["UserService", APP_IDENTITY_ID],
          ["UserService", APP_IDENTITY_ID],
        ]),
      ).toContain(problem("label", "UserService", allowed));
      expect(attempt([["UserService", "me"]])).toContain(
        problem("objectId", "me", "a UUID (or a reference)"),
      );
    });
  });

  describe("validation", () => {
    it.each<[string, Partial<ManagedRedisProps>, string]>([
      [
        "name",
        { name: "acme--redis" },
        problem(
          "name",
          "acme--redis",
          "3..63 lower-case letters, digits and single dashes, starting and ending with a letter or digit",
        ),
      ],
      [
        "skuName",
        { skuName: "Enterprise_E10" as ManagedRedisSku },
        'skuName: got "Enterprise_E10"; allowed: one of Balanced_B0, Balanced_B1,',
      ],
      [
        "persistence",
        { persistence: "snapshot" as ManagedRedisPersistence },
        problem("persistence", "snapshot", "one of rdb, aof"),
      ],
      [
        "persistenceFrequency for rdb",
        { persistenceFrequency: "1s" },
        problem("persistenceFrequency", "1s", "one of 1h, 6h, 12h"),
      ],
      [
        "persistenceFrequency for aof",
        { persistence: "aof", persistenceFrequency: "1h" },
        problem("persistenceFrequency", "1h", "one of 1s"),
      ],
      [
        "evictionPolicy",
        { evictionPolicy: "volatile-lru" as ManagedRedisEvictionPolicy },
        'evictionPolicy: got "volatile-lru"; allowed: one of VolatileLRU, AllKeysLRU,',
      ],
      [
        "clusteringPolicy",
        { clusteringPolicy: "Cluster" as ManagedRedisClusteringPolicy },
        problem("clusteringPolicy", "Cluster", "one of EnterpriseCluster, OSSCluster, NoCluster"),
      ],
      [
        "privateEndpointSubnetId",
        { privateEndpointSubnetId: "" },
        problem("privateEndpointSubnetId", "", "an Azure resource id (or a reference)"),
      ],
      [
        "privateDnsZoneId",
        { privateDnsZoneId: NETWORK.postgresDnsZoneId },
        problem(
          "privateDnsZoneId",
          NETWORK.postgresDnsZoneId,
          "an Azure resource id ending in /privatelink.redis.azure.net (or a reference)",
        ),
      ],
    ])("rejects %s, naming field, value and what is allowed", (_, overrides, message) => {
      expect(errorOf(() => synth(overrides))).toContain(message);
    });

    it("reports every problem at once, with the construct path and a hint", () => {
      const message = errorOf(() => synth({ name: "x", persistenceFrequency: "2h" }));
      expect(message).toMatch(/^ManagedRedis stack\/Redis: 2 invalid prop\(s\)/);
      expect(message).toContain("; hint: the frequencies rdb persistence accepts");
    });
  });
});
