import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadRules } from "../../policy/registry";
import {
  diffFindings,
  policyDiff,
  policyFindings,
  type StackFinding,
} from "../../scripts/preview/policy-diff";
import { synthDir, tempDir } from "../helpers";

const finding = (stack: string, ruleId: string, address: string, message = "m"): StackFinding => ({
  stack,
  ruleId,
  address,
  message,
  severity: "HIGH",
  fix: "f",
});

describe("diffFindings", () => {
  it("reports findings only in head as added and only in base as fixed", () => {
    const base = [finding("prod", "PLAT-A-001", "x.a"), finding("prod", "PLAT-B-001", "x.b")];
    const head = [finding("prod", "PLAT-B-001", "x.b"), finding("dev", "PLAT-C-001", "x.c")];
    const diff = diffFindings(base, head);
    expect(diff.added).toEqual([finding("dev", "PLAT-C-001", "x.c")]);
    expect(diff.fixed).toEqual([finding("prod", "PLAT-A-001", "x.a")]);
    expect(diff.headTotal).toBe(2);
  });

  it("pairs equal messages first; a changed message is neither added nor fixed", () => {
    const base = [finding("s", "R", "a", "retention is 7"), finding("s", "R", "a", "no tags")];
    const head = [
      finding("s", "R", "a", "retention is 14"),
      finding("s", "R", "a", "no tags"),
      finding("s", "R", "a", "no kms"),
    ];
    const diff = diffFindings(base, head);
    expect(diff.fixed).toEqual([]);
    expect(diff.added.map((f) => f.message)).toEqual(["no kms"]);
  });

  it("keys findings by stack: the same finding in another stack is new", () => {
    const diff = diffFindings([finding("prod-blue", "R", "a")], [finding("prod-green", "R", "a")]);
    expect(diff.added).toHaveLength(1);
    expect(diff.fixed).toHaveLength(1);
  });
});

describe("policyDiff over real stacks", () => {
  it("reports the finding a change introduces, and the reverse as fixed", async () => {
    const base = synthDir();
    const head = path.join(tempDir("preview-policy"), "out");
    cpSync(base, head, { recursive: true });
    const file = path.join(head, "stacks", "prod", "cdk.tf.json");
    const doc = JSON.parse(readFileSync(file, "utf8"));
    doc.resource.aws_db_instance.Database_Primary_1B138CD9.storage_encrypted = false;
    writeFileSync(file, JSON.stringify(doc));

    const rules = await loadRules();
    const introduced = await policyDiff(base, head, { rules });
    expect(introduced.fixed).toEqual([]);
    expect(introduced.added.length).toBeGreaterThan(0);
    expect(introduced.added.every((f) => f.stack === "prod")).toBe(true);
    expect(introduced.added.map((f) => f.address)).toContain("aws_db_instance.Database_Primary_1B138CD9");

    const reverted = diffFindings(
      await policyFindings(head, { rules }),
      await policyFindings(base, { rules }),
    );
    expect(reverted.added).toEqual([]);
    expect(reverted.fixed.map((f) => f.ruleId).sort()).toEqual(introduced.added.map((f) => f.ruleId).sort());
  });
});
