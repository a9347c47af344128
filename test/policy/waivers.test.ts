import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { type Construct, TerraformResource, TerraformStack, Testing } from "../../constructs/core.js";
import { evaluate, unwaived } from "../../policy/engine.js";
import { loadRules } from "../../policy/registry.js";
import { readSynthesizedStacks } from "../../policy/synth-out.js";
import type { StackDoc } from "../../policy/types.js";
import { INLINE_WAIVER_KEY, waive } from "../../policy/waive.js";
import {
  addressMatches,
  isIsoDate,
  WAIVER_EXPIRED_ID,
  WAIVER_INVALID_ID,
  type Waiver,
} from "../../policy/waiver-check.js";
import { WAIVERS } from "../../policy/waivers.js";
import { testContext } from "./helpers.js";

const TODAY = "2026-03-01";
describe("waivers", async () => {
  const all = await loadRules();
  const multiAz = all.filter((r) => r.id === "PLAT-RDS-003");
  const ctx = testContext({ stack: "staging", tier: "staging" });
  const doc: StackDoc = {
    resource: { aws_db_instance: { orders: { multi_az: false }, users: { multi_az: false } } },
  };
  const run = (waivers: Waiver[], d: StackDoc = doc) =>
    evaluate("staging", d, ctx, multiAz, { waivers, today: TODAY });

  it("reports findings when nothing is waived", () => {
    expect(unwaived(run([])).map((f) => f.address)).toEqual([
      "aws_db_instance.orders",
      "aws_db_instance.users",
    ]);
  });

  it("waives a finding matched by rule id and exact address; waived findings do not count", () => {
    const findings = run([
      {
        ruleId: "PLAT-RDS-003",
        address: "aws_db_instance.orders",
        reason: "cost review Q2",
        expires: "2026-06-30",
      },
    ]);
    expect(findings).toHaveLength(2);
    expect(findings.find((f) => f.address === "aws_db_instance.orders")?.waived).toEqual({
      reason: "cost review Q2",
      expires: "2026-06-30",
      source: "file",
    });
    expect(unwaived(findings).map((f) => f.address)).toEqual(["aws_db_instance.users"]);
  });

  it("matches address globs and honours the stack restriction", () => {
    const glob: Waiver = {
      ruleId: "PLAT-RDS-003",
      address: "aws_db_instance.*",
      reason: "r",
      expires: "2026-06-30",
    };
    expect(unwaived(run([glob]))).toEqual([]);
    expect(unwaived(run([{ ...glob, stack: "staging" }]))).toEqual([]);
    expect(unwaived(run([{ ...glob, stack: "prod" }]))).toHaveLength(2);
    expect(unwaived(run([{ ...glob, ruleId: "PLAT-RDS-005" }]))).toHaveLength(2);
  });

  it("treats the expiry date as the last valid day", () => {
    const w: Waiver = { ruleId: "PLAT-RDS-003", address: "aws_db_instance.*", reason: "r", expires: TODAY };
    expect(unwaived(run([w]))).toEqual([]);
  });

  it("reports an expired waiver as PLAT-WAIVER-EXPIRED and does not waive", () => {
    const findings = run([
      {
        ruleId: "PLAT-RDS-003",
        address: "aws_db_instance.orders",
        reason: "temporary",
        expires: "2026-02-28",
      },
    ]);
    const open = unwaived(findings);
    expect(open.map((f) => f.ruleId)).toEqual(["PLAT-RDS-003", "PLAT-RDS-003", WAIVER_EXPIRED_ID]);
    const expired = open.find((f) => f.ruleId === WAIVER_EXPIRED_ID)!;
    expect(expired.address).toBe("aws_db_instance.orders");
    expect(expired.message).toContain("expired on 2026-02-28");
  });

  it("rejects a waiver without a reason or with a malformed date (PLAT-WAIVER-INVALID)", () => {
    const findings = run([
      { ruleId: "PLAT-RDS-003", address: "aws_db_instance.orders", reason: "  ", expires: "2026-06-30" },
      { ruleId: "PLAT-RDS-003", address: "aws_db_instance.users", reason: "ok", expires: "30/06/2026" },
    ]);
    const invalid = findings.filter((f) => f.ruleId === WAIVER_INVALID_ID);
    expect(invalid.map((f) => f.message)).toEqual([
      expect.stringContaining("reason is empty"),
      expect.stringContaining('expires is "30/06/2026"'),
    ]);
    expect(findings.filter((f) => f.waived !== undefined)).toEqual([]);
  });

  it("ignores file waivers for resources absent from the stack", () => {
    const w: Waiver = {
      ruleId: "PLAT-RDS-003",
      address: "aws_db_instance.gone",
      reason: "r",
      expires: "2020-01-01",
    };
    expect(run([w]).map((f) => f.ruleId)).toEqual(["PLAT-RDS-003", "PLAT-RDS-003"]);
  });

  it('applies in-code waivers found under "//".policy_waivers', () => {
    const inline: StackDoc = {
      resource: {
        aws_db_instance: {
          orders: {
            multi_az: false,
            "//": {
              [INLINE_WAIVER_KEY]: [{ ruleId: "PLAT-RDS-003", reason: "single AZ", expires: "2026-12-31" }],
            },
          },
        },
      },
    };
    const [finding] = run([], inline);
    expect(finding!.waived).toEqual({ reason: "single AZ", expires: "2026-12-31", source: "inline" });
  });

  it("keeps the waiver file well-formed", () => {
    for (const w of WAIVERS) {
      expect(w.reason.trim()).not.toBe("");
      expect(isIsoDate(w.expires)).toBe(true);
    }
  });

  it("matches globs anchored at both ends", () => {
    expect(addressMatches("aws_s3_bucket.*", "aws_s3_bucket.logs")).toBe(true);
    expect(addressMatches("aws_s3_bucket.*", "aws_s3_bucket_policy.logs")).toBe(false);
    expect(addressMatches("*.logs", "aws_s3_bucket.logs")).toBe(true);
    expect(addressMatches("aws_s3_bucket.logs", "aws_s3_bucket.logs2")).toBe(false);
  });
});

describe("waive() in code", () => {
  function fakeResource() {
    const overrides: Array<[string, unknown]> = [];
    return { overrides, addOverride: (p: string, v: unknown) => overrides.push([p, v]) };
  }

  it("accumulates waivers into one //.policy_waivers override", () => {
    const r = fakeResource();
    waive(r, "PLAT-RDS-003", "a", "2026-12-31");
    waive(r, "PLAT-RDS-005", "b", "2026-12-31");
    expect(r.overrides.at(-1)).toEqual([
      "//.policy_waivers",
      [
        { ruleId: "PLAT-RDS-003", reason: "a", expires: "2026-12-31" },
        { ruleId: "PLAT-RDS-005", reason: "b", expires: "2026-12-31" },
      ],
    ]);
  });

  it("refuses a waiver without a reason or with a bad date", () => {
    expect(() => waive(fakeResource(), "PLAT-RDS-003", " ", "2026-12-31")).toThrow(/reason is empty/);
    expect(() => waive(fakeResource(), "PLAT-RDS-003", "r", "2026-02-30")).toThrow(/expected YYYY-MM-DD/);
  });

  function build(stack: Construct): void {
    const db = new TerraformResource(stack, "orders", { terraformResourceType: "aws_db_instance" });
    db.addOverride("multi_az", false);
    waive(db, "PLAT-RDS-003", "Single-AZ until the Q3 cost review", "2099-12-31");
    const users = new TerraformResource(stack, "users", { terraformResourceType: "aws_db_instance" });
    users.addOverride("multi_az", false);
  }

  it("survives a real synth (Testing.fullSynth) and waives end to end", async () => {
    const stack = new TerraformStack(Testing.app(), "staging");
    build(stack);
    // fullSynth makes a temp folder of its own, which tempDir does not track.
    const outDir = Testing.fullSynth(stack);
    onTestFinished(() => rmSync(outDir, { recursive: true, force: true }));
    const [synthesized] = readSynthesizedStacks(outDir);
    expect(synthesized!.name).toBe("staging");
    const raw = JSON.parse(readFileSync(path.join(outDir, "stacks", "staging", "cdk.tf.json"), "utf8"));
    expect(raw.resource.aws_db_instance.orders["//"].policy_waivers).toEqual([
      { ruleId: "PLAT-RDS-003", reason: "Single-AZ until the Q3 cost review", expires: "2099-12-31" },
    ]);
    const rules = (await loadRules()).filter((r) => r.id === "PLAT-RDS-003");
    const findings = evaluate("staging", synthesized!.doc, testContext({ tier: "staging" }), rules, {
      waivers: [],
    });
    expect(findings.map((f) => [f.address, f.waived?.source])).toEqual([
      ["aws_db_instance.orders", "inline"],
      ["aws_db_instance.users", undefined],
    ]);
  });

  it('is stripped by Testing.synthScope, which drops every "//" key (so tests use fullSynth)', () => {
    const json = JSON.parse(Testing.synthScope((scope) => build(scope)));
    expect(json.resource.aws_db_instance.orders).toEqual({ multi_az: false });
  });
});
