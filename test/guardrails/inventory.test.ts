import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { indexStack } from "../../policy/stack-index";
import { isStatefulResource, STATEFUL_TYPES } from "../../policy/stateful-types";
import type { StackDoc } from "../../policy/types";
import {
  INVENTORY_STACKS,
  type Inventory,
  main,
  missing,
  readInventory,
  statefulAddresses,
} from "../../scripts/inventory";
import { readStack, synthDir as sharedSynthDir, tempDir } from "../helpers";

const synthDir = sharedSynthDir();
const current = statefulAddresses(synthDir);
const golden = readInventory();
const typeOf = (address: string) => address.slice(0, address.indexOf("."));

describe("golden inventory of stateful production resources", () => {
  it("lists databases, caches, buckets and keys in every production stack", () => {
    for (const type of [
      "aws_db_instance",
      "aws_elasticache_replication_group",
      "aws_s3_bucket",
      "aws_kms_key",
    ]) {
      expect(
        golden.prod!.some((a) => a.startsWith(`${type}.`)),
        type,
      ).toBe(true);
    }
    for (const type of [
      "azurerm_postgresql_flexible_server",
      "azurerm_managed_redis",
      "azurerm_storage_account",
      "azurerm_key_vault",
    ]) {
      expect(
        golden["prod-azure"]!.some((a) => a.startsWith(`${type}.`)),
        type,
      ).toBe(true);
    }
    expect(Object.keys(golden).sort()).toEqual([
      "prod",
      "prod-azure",
      "prod-azure-blue",
      "prod-azure-green",
      "prod-blue",
      "prod-edge",
      "prod-green",
    ]);
  });

  it("is made from the one stateful list (policy/stateful-types.ts): only its types, all of them found", () => {
    const recorded = Object.values(golden).flat();
    expect(recorded.filter((a) => !STATEFUL_TYPES.includes(typeOf(a)))).toEqual([]);
    const synthesized = INVENTORY_STACKS.flatMap((stack) =>
      indexStack(readStack(synthDir, stack) as StackDoc).all.map((r) => r.type),
    );
    const listedTypes = STATEFUL_TYPES.filter((t) => synthesized.includes(t)).sort();
    expect([...new Set(recorded.map(typeOf))].sort()).toEqual(listedTypes);
    for (const type of [
      "aws_eks_cluster",
      "aws_route53_zone",
      "aws_secretsmanager_secret",
      "aws_s3_bucket_versioning",
    ]) {
      expect(listedTypes, type).toContain(type);
    }
  });

  it("records every resource the plan guard protects (audit log groups, clusters, zones, ...)", () => {
    const guarded = INVENTORY_STACKS.flatMap((stack) =>
      indexStack(readStack(synthDir, stack) as StackDoc)
        .all.filter((r) => isStatefulResource(r.type, r.values))
        .map((r) => `${stack}: ${r.address}`),
    );
    expect(guarded).toContain(
      "prod-blue: aws_cloudwatch_log_group.Cluster_ControlPlaneLogs_LogGroup_8B82AC0A",
    );
    const recorded = Object.entries(golden).flatMap(([stack, addresses]) =>
      addresses.map((a) => `${stack}: ${a}`),
    );
    expect(guarded.filter((a) => !recorded.includes(a))).toEqual([]);
  });

  it("still synthesizes every inventoried address (a rename would destroy data)", () => {
    expect(missing(golden, current)).toEqual([]);
  });

  it("has every new stateful address recorded on purpose (npm run inventory -- --write)", () => {
    expect(missing(current, golden)).toEqual([]);
  });

  it("detects a renamed construct", () => {
    const renamed: Inventory = {
      ...current,
      prod: current.prod!.map((a) =>
        a.replace(/^aws_db_instance\.Database_/, "aws_db_instance.PrimaryDatabase_"),
      ),
    };
    expect(missing(golden, renamed)).toEqual(
      golden.prod!.filter((a) => a.startsWith("aws_db_instance.Database_")).map((a) => `prod: ${a}`),
    );
  });

  it("is a gate: exit 1 when a stateful address would go, 2 with one line on a usage error", () => {
    const out: string[] = [];
    const err: string[] = [];
    const run = (...args: string[]) =>
      main(
        args,
        (l) => out.push(l),
        (l) => err.push(l),
      );
    expect(run("--dir", synthDir)).toBe(0);
    expect(run("--bogus")).toBe(2);
    expect(err.at(-1)).toBe(
      "inventory: Unknown option '--bogus'\nusage: npm run inventory -- [--dir cdktf.out] [--write]",
    );
    expect(run("--dir", "/nonexistent")).toBe(2);
    expect(err.at(-1)).toMatch(
      /^inventory: no synthesized stack prod, prod-blue, prod-green, prod-edge, prod-azure, prod-azure-blue, prod-azure-green in \/nonexistent; run npm run synth first\n/,
    );
    expect(run("--help")).toBe(0);
    expect(out.at(-1)).toMatch(/^usage: npm run inventory/);
    const dir = tempDir("inventory-gone");
    cpSync(synthDir, dir, { recursive: true });
    const file = join(dir, "stacks", "prod", "cdk.tf.json");
    const doc = JSON.parse(readFileSync(file, "utf8"));
    delete doc.resource.aws_db_instance;
    writeFileSync(file, JSON.stringify(doc));
    expect(run("--dir", dir)).toBe(1);
    expect(err.at(-1)).toMatch(/^inventory: \d+ stateful address\(es\) would be destroyed/);
  });
});
