import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsSecretsmanagerRandomPassword } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password";
import { ElasticacheParameterGroup } from "@cdktf/provider-aws/lib/elasticache-parameter-group";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { describe, expect, it } from "vitest";
import { RedisCache, type RedisCacheProps, type RedisVersion } from "../../../constructs/aws/redis-cache";
import type { MaxmemoryPolicy } from "../../../constructs/aws/redis-cache-validation";
import { type Attrs, resourcesOf } from "../../helpers";
import {
  byId,
  type DataScope,
  dataOf,
  dev,
  errorOf,
  idsOf,
  keyOf,
  outputsOf,
  problem,
  refTo,
  statementsOf,
  synthData,
} from "./data-fixtures";

function cache(d: DataScope, overrides: Partial<RedisCacheProps> = {}): RedisCache {
  return new RedisCache(d.scope, "Cache", {
    ...dev.aws!.cache,
    name: dev.name,
    region: dev.aws!.region,
    network: d.network,
    allowedSecurityGroupIds: d.allowed,
    ...overrides,
  });
}

function synth(overrides: Partial<RedisCacheProps> = {}): string {
  return synthData((d) => {
    const c = cache(d, overrides);
    return {
      primary: c.primaryEndpoint,
      reader: c.readerEndpoint,
      port: c.port,
      secret: c.authSecretRef,
      securityGroup: c.securityGroupId,
      key: c.kmsKeyArn,
    };
  });
}

const RG = "aws_elasticache_replication_group";
const group = (out: string) => byId(out, RG, "Cache_ReplicationGroup");

describe("RedisCache", () => {
  const out = synth();
  const key = refTo(out, "aws_kms_key", "Cache_Key", "arn");

  it("creates a replication group from the dev settings", () => {
    expect(out).toHaveResourceWithProperties(ElasticacheReplicationGroup, {
      replication_group_id: "dev",
      engine: "redis",
      engine_version: "7.1",
      node_type: "cache.t4g.small",
      num_cache_clusters: 1,
      port: 6379,
      subnet_group_name: refTo(out, "aws_elasticache_subnet_group", "Network_CacheSubnetGroup", "name"),
      security_group_ids: [refTo(out, "aws_security_group", "Cache_SecurityGroup", "id")],
      parameter_group_name: refTo(out, "aws_elasticache_parameter_group", "Cache_ParameterGroup", "name"),
      auto_minor_version_upgrade: "true",
      apply_immediately: false,
      maintenance_window: "sun:05:30-sun:06:30",
    });
  });

  it.each([
    [1, false],
    [2, true],
    [6, true],
  ])("with %i node(s) sets failover and Multi-AZ to %s", (nodes, on) => {
    expect(group(synth({ nodes }))).toMatchObject({
      num_cache_clusters: nodes,
      automatic_failover_enabled: on,
      multi_az_enabled: on,
    });
  });

  it("encrypts at rest with its own key and requires TLS", () => {
    expect(group(out)).toMatchObject({
      at_rest_encryption_enabled: "true",
      kms_key_id: key,
      transit_encryption_enabled: true,
      transit_encryption_mode: "required",
    });
    expect(byId(out, "aws_kms_key", "Cache_Key")).toMatchObject({ enable_key_rotation: true });
  });

  describe("AUTH token", () => {
    it("takes the token from a Secrets Manager secret, never a literal", () => {
      const version = refTo(
        out,
        "aws_secretsmanager_secret_version",
        "Cache_AuthSecretVersion",
        "secret_string",
      );
      expect(group(out)).toMatchObject({ auth_token: version, auth_token_update_strategy: "ROTATE" });
      for (const g of Object.values(resourcesOf(synth({ nodes: 3 }), RG))) {
        expect(g.auth_token).toMatch(/^\$\{aws_secretsmanager_secret_version\.[^}]+\.secret_string\}$/);
      }
    });

    it("lets Secrets Manager generate the value and keeps the first one", () => {
      const generator = Object.keys(dataOf(out, "aws_secretsmanager_random_password"));
      expect(generator).toHaveLength(1);
      expect(out).toHaveDataSourceWithProperties(DataAwsSecretsmanagerRandomPassword, {
        password_length: 64,
        exclude_punctuation: true,
        include_space: false,
      });
      expect(out).toHaveResourceWithProperties(SecretsmanagerSecretVersion, {
        secret_id: refTo(out, "aws_secretsmanager_secret", "Cache_AuthSecret", "id"),
        secret_string: `\${data.aws_secretsmanager_random_password.${generator[0]}.random_password}`,
        lifecycle: { ignore_changes: ["secret_string"] },
      });
    });

    it("encrypts the secret with the cache key", () => {
      expect(out).toHaveResourceWithProperties(SecretsmanagerSecret, {
        name: "dev/redis/auth-token",
        kms_key_id: key,
        recovery_window_in_days: 30,
      });
    });
  });

  it("keeps daily snapshots and a final snapshot", () => {
    expect(group(out)).toMatchObject({
      snapshot_retention_limit: 1,
      snapshot_window: "02:00-03:00",
      final_snapshot_identifier: "dev-final",
    });
    expect(group(synth({ snapshotRetentionDays: 35 }))).toMatchObject({ snapshot_retention_limit: 35 });
  });

  it("sets eviction and snapshot headroom in a redis7 parameter group", () => {
    expect(out).toHaveResourceWithProperties(ElasticacheParameterGroup, {
      name: "dev-redis7",
      family: "redis7",
      lifecycle: { create_before_destroy: true },
      parameter: expect.arrayContaining([
        { name: "maxmemory-policy", value: "volatile-lru" },
        { name: "reserved-memory-percent", value: "25" },
      ]),
    });
    expect(synth({ maxmemoryPolicy: "allkeys-lru" })).toHaveResourceWithProperties(
      ElasticacheParameterGroup,
      {
        parameter: expect.arrayContaining([{ name: "maxmemory-policy", value: "allkeys-lru" }]),
      },
    );
  });

  it("delivers slow and engine logs as JSON to KMS-encrypted log groups", () => {
    expect(group(out).log_delivery_configuration).toEqual([
      {
        log_type: "slow-log",
        destination_type: "cloudwatch-logs",
        destination: refTo(out, "aws_cloudwatch_log_group", "Cache_SlowLogGroup", "name"),
        log_format: "json",
      },
      {
        log_type: "engine-log",
        destination_type: "cloudwatch-logs",
        destination: refTo(out, "aws_cloudwatch_log_group", "Cache_EngineLogGroup", "name"),
        log_format: "json",
      },
    ]);
    expect(out).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "/platform/dev/redis/slow-log",
      retention_in_days: 365,
      kms_key_id: refTo(out, "aws_kms_key", "Cache_LogKey", "arn"),
    });
    expect(synth({ logRetentionDays: 30 })).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "/platform/dev/redis/engine-log",
      retention_in_days: 30,
    });
    const policy = statementsOf(out, byId(out, "aws_kms_key", "Cache_LogKey").policy);
    expect(policy).toContainEqual(
      expect.objectContaining({
        principals: [{ type: "Service", identifiers: ["logs.eu-west-1.amazonaws.com"] }],
        condition: [
          expect.objectContaining({
            test: "ArnEquals",
            variable: "kms:EncryptionContext:aws:logs:arn",
            values: [
              expect.stringMatching(/:log-group:\/platform\/dev\/redis\/slow-log$/),
              expect.stringMatching(/:log-group:\/platform\/dev\/redis\/engine-log$/),
            ],
          }),
        ],
      }),
    );
  });

  it("opens 6379 only to the allowed security groups", () => {
    expect(out).toHaveResourceWithProperties(SecurityGroup, {
      name_prefix: "dev-redis-",
      description: expect.stringContaining("port 6379 from allowed security groups only"),
    });
    const sg = byId(out, "aws_security_group", "Cache_SecurityGroup");
    expect(sg).not.toHaveProperty("ingress");
    expect(sg).not.toHaveProperty("egress");
    expect(out).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      security_group_id: refTo(out, "aws_security_group", "Cache_SecurityGroup", "id"),
      referenced_security_group_id: refTo(out, "aws_security_group", "ClusterNodes", "id"),
      ip_protocol: "tcp",
      from_port: 6379,
      to_port: 6379,
      description: "Redis from ClusterNodes",
    });
    expect(idsOf(out, "aws_vpc_security_group_ingress_rule")).toEqual(["Cache_IngressClusterNodes"]);
    const rules = Object.values(resourcesOf(out, "aws_vpc_security_group_ingress_rule"));
    for (const attr of ["cidr_ipv4", "cidr_ipv6", "prefix_list_id"])
      expect(rules[0]).not.toHaveProperty(attr);
  });

  describe("preventDestroy", () => {
    const stateful = [
      [RG, "Cache_ReplicationGroup"],
      ["aws_secretsmanager_secret", "Cache_AuthSecret"],
      ["aws_kms_key", "Cache_Key"],
      ["aws_kms_key", "Cache_LogKey"],
    ] as const;

    it("protects the replication group, the secret and the keys when on", () => {
      const on = synth({ preventDestroy: true });
      for (const [type, id] of stateful) {
        expect(byId(on, type, id).lifecycle, `${type}.${id}`).toEqual({ prevent_destroy: true });
      }
    });

    it("leaves them unprotected when off", () => {
      for (const [type, id] of stateful) {
        expect(
          (byId(out, type, id).lifecycle as Attrs | undefined)?.prevent_destroy,
          `${type}.${id}`,
        ).toBeUndefined();
      }
    });
  });

  it("exposes the endpoints, port, secret ARN, security group and key", () => {
    const rg = keyOf(out, RG, "Cache_ReplicationGroup");
    expect(outputsOf(out)).toEqual({
      primary: `\${${RG}.${rg}.primary_endpoint_address}`,
      reader: `\${${RG}.${rg}.reader_endpoint_address}`,
      port: 6379,
      secret: refTo(out, "aws_secretsmanager_secret", "Cache_AuthSecret", "arn"),
      securityGroup: refTo(out, "aws_security_group", "Cache_SecurityGroup", "id"),
      key,
    });
  });

  describe("validation", () => {
    it.each<[string, Partial<RedisCacheProps>, string]>([
      [
        "name",
        { name: "a-very-long-cache-name-that-exceeds-forty-chars" },
        problem(
          "name",
          "a-very-long-cache-name-that-exceeds-forty-chars",
          "2..40 lower-case letters, digits and single dashes, starting with a letter",
        ),
      ],
      [
        "engineVersion",
        { engineVersion: "6.2" as RedisVersion },
        problem("engineVersion", "6.2", "one of 7.0, 7.1"),
      ],
      [
        "nodeType",
        { nodeType: "r6g.large" },
        problem("nodeType", "r6g.large", "an ElastiCache node type starting with cache."),
      ],
      ["nodes = 0", { nodes: 0 }, problem("nodes", 0, "an integer 1..6")],
      ["nodes > 6", { nodes: 7 }, problem("nodes", 7, "an integer 1..6")],
      [
        "snapshotRetentionDays = 0",
        { snapshotRetentionDays: 0 },
        problem("snapshotRetentionDays", 0, "an integer 1..35"),
      ],
      [
        "snapshotRetentionDays > 35",
        { snapshotRetentionDays: 36 },
        problem("snapshotRetentionDays", 36, "an integer 1..35"),
      ],
      ["logRetentionDays", { logRetentionDays: 10 }, "logRetentionDays: got 10; allowed: one of 1, 3, 5, 7,"],
      [
        "maxmemoryPolicy",
        { maxmemoryPolicy: "lru" as MaxmemoryPolicy },
        'maxmemoryPolicy: got "lru"; allowed: one of volatile-lru, allkeys-lru,',
      ],
      [
        "snapshotWindow",
        { snapshotWindow: "2-3" },
        problem("snapshotWindow", "2-3", "a UTC window hh:mm-hh:mm"),
      ],
      [
        "maintenanceWindow",
        { maintenanceWindow: "sunday" },
        problem("maintenanceWindow", "sunday", "a UTC window ddd:hh:mm-ddd:hh:mm"),
      ],
      [
        "allowedSecurityGroupIds",
        { allowedSecurityGroupIds: {} },
        problem("allowedSecurityGroupIds", {}, "at least one security group"),
      ],
    ])("rejects %s, naming field, value and what is allowed", (_, overrides, message) => {
      expect(errorOf(() => synth(overrides))).toContain(message);
    });

    it("reports every problem at once, with the construct path and a hint", () => {
      const message = errorOf(() => synth({ nodes: 9, nodeType: "t4g.small" }));
      expect(message).toMatch(/^RedisCache stack\/Cache: 2 invalid prop\(s\)/);
      expect(message).toContain("; hint: a primary plus up to 5 replicas; 2 or more for failover");
    });
  });
});
