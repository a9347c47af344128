import { describe, expect, it } from "vitest";
import { ref } from "../../policy/lib/fixture.js";
import { loadRules } from "../../policy/registry.js";
import {
  holdsAuditLogs,
  isStatefulResource,
  isStatefulType,
  PREVENT_DESTROY_TYPES,
  STATEFUL,
  STATEFUL_TYPES,
} from "../../policy/stateful-types.js";

describe("the stateful list", () => {
  it("is one sorted list without duplicates, covering clusters, zones, secrets, vaults, locks, versioning and registries", () => {
    expect(STATEFUL_TYPES).toEqual([...new Set(STATEFUL_TYPES)].sort());
    for (const type of [
      "aws_eks_cluster",
      "azurerm_kubernetes_cluster",
      "aws_route53_zone",
      "azurerm_dns_zone",
      "cloudflare_zone",
      "aws_secretsmanager_secret",
      "azurerm_key_vault",
      "aws_cloudwatch_log_group",
      "aws_backup_vault_lock_configuration",
      "aws_s3_bucket_versioning",
      "azurerm_postgresql_flexible_server",
      "azurerm_managed_redis",
      "azurerm_redis_cache",
      "azurerm_storage_account",
      "azurerm_storage_container",
      "aws_ecr_repository",
      "azurerm_container_registry",
    ]) {
      expect(isStatefulType(type), type).toBe(true);
    }
    expect(isStatefulType("aws_iam_role")).toBe(false);
    expect(STATEFUL.every((t) => t.holds.trim() !== "")).toBe(true);
  });

  it("drives PLAT-DATA-001 through the entries that require prevent_destroy", async () => {
    const rule = (await loadRules()).find((r) => r.id === "PLAT-DATA-001")!;
    expect(rule.resourceTypes).toEqual(PREVENT_DESTROY_TYPES);
    expect(PREVENT_DESTROY_TYPES).not.toContain("aws_eks_cluster");
    expect(PREVENT_DESTROY_TYPES).toContain("aws_route53_zone");
    expect(PREVENT_DESTROY_TYPES).toContain("aws_ecr_repository");
    expect(PREVENT_DESTROY_TYPES).toContain("azurerm_container_registry");
  });

  it("counts a log group as stateful when it holds audit logs (name contains /eks/ or audit)", () => {
    expect(holdsAuditLogs({ name: "/aws/eks/prod-blue/cluster" })).toBe(true);
    expect(holdsAuditLogs({ name: "/platform/prod/Audit" })).toBe(true);
    expect(holdsAuditLogs({ name: "/platform/prod/redis/slow-log" })).toBe(false);
    expect(holdsAuditLogs({ name: ref("var.name") })).toBe(true);
    expect(
      isStatefulResource("aws_cloudwatch_log_group", { name: "/aws/rds/instance/prod/postgresql" }),
    ).toBe(false);
    expect(isStatefulResource("aws_cloudwatch_log_group", undefined)).toBe(true);
    expect(isStatefulResource("aws_db_instance", { identifier: "x" })).toBe(true);
    expect(isStatefulResource("aws_iam_role", {})).toBe(false);
  });
});
