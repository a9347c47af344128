import { describe, expect, inject, it } from "vitest";
import { type Inventory, missing, readInventory, statefulAddresses } from "../../scripts/inventory";

const current = statefulAddresses(inject("synthDir"));
const golden = readInventory();

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
    expect(Object.keys(golden).sort()).toEqual(["prod", "prod-blue", "prod-green"]);
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
});
