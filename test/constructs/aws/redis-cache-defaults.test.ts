/**
 * RedisCache built with its required props only, so each documented `@default` (and each safety
 * setting that no prop can turn off) is pinned on the synthesized resources.
 */
import { describe, expect, it } from "vitest";
import { RedisCache } from "../../../constructs/aws/redis-cache";
import { resourcesOf } from "../../helpers";
import { byId, idsOf, synthData } from "./data-fixtures";

const out = synthData((d) => {
  new RedisCache(d.scope, "Cache", {
    name: "acme",
    region: "eu-west-1",
    engineVersion: "7.1",
    nodeType: "cache.t4g.small",
    network: d.network,
    allowedSecurityGroupIds: d.allowed,
  });
  return undefined;
});
const group = byId(out, "aws_elasticache_replication_group", "Cache_ReplicationGroup");
const keys = Object.entries(resourcesOf(out, "aws_kms_key"))
  .filter(([k]) => k.startsWith("Cache_"))
  .map(([, v]) => v);

describe("RedisCache defaults (required props only)", () => {
  it("runs two nodes with automatic failover and Multi-AZ", () => {
    expect(group).toMatchObject({
      num_cache_clusters: 2,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
    });
  });

  it("keeps 7 days of snapshots taken 02:00-03:00, and a final snapshot", () => {
    expect(group).toMatchObject({
      snapshot_retention_limit: 7,
      snapshot_window: "02:00-03:00",
      final_snapshot_identifier: "acme-final",
    });
  });

  it("maintains in sun:05:30-sun:06:30 and does not apply changes immediately", () => {
    expect(group).toMatchObject({
      maintenance_window: "sun:05:30-sun:06:30",
      apply_immediately: false,
      auto_minor_version_upgrade: "true",
    });
  });

  it("encrypts at rest with its own rotating key and requires TLS in transit", () => {
    expect(group).toMatchObject({
      at_rest_encryption_enabled: "true",
      kms_key_id: expect.stringContaining("aws_kms_key.Cache_Key_"),
      transit_encryption_enabled: true,
      transit_encryption_mode: "required",
      auth_token_update_strategy: "ROTATE",
    });
    expect(keys).toHaveLength(2);
    for (const key of keys)
      expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
  });

  it("keeps the AUTH token in a KMS-encrypted secret with a 30-day recovery window", () => {
    expect(byId(out, "aws_secretsmanager_secret", "Cache_AuthSecret")).toMatchObject({
      kms_key_id: expect.stringContaining("aws_kms_key.Cache_Key_"),
      recovery_window_in_days: 30,
    });
  });

  it("adds no prevent_destroy to the replication group, the secret or the keys", () => {
    expect(idsOf(out, "aws_kms_key").filter((k) => k.startsWith("Cache_"))).toEqual([
      "Cache_Key",
      "Cache_LogKey",
    ]);
    expect(group).not.toHaveProperty("lifecycle.prevent_destroy");
    expect(byId(out, "aws_secretsmanager_secret", "Cache_AuthSecret")).not.toHaveProperty(
      "lifecycle.prevent_destroy",
    );
    for (const key of keys) expect(key).not.toHaveProperty("lifecycle.prevent_destroy");
  });

  it("evicts only keys with a TTL (volatile-lru)", () => {
    const parameters = byId(out, "aws_elasticache_parameter_group", "Cache_ParameterGroup");
    expect(parameters.parameter).toContainEqual({ name: "maxmemory-policy", value: "volatile-lru" });
  });

  it("keeps the slow and engine logs 365 days in KMS-encrypted log groups", () => {
    for (const id of ["Cache_SlowLogGroup", "Cache_EngineLogGroup"]) {
      expect(byId(out, "aws_cloudwatch_log_group", id)).toMatchObject({
        retention_in_days: 365,
        kms_key_id: expect.stringContaining("aws_kms_key.Cache_LogKey_"),
      });
    }
  });
});
