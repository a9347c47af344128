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
  daysBetween,
  isIsoDate,
  MAX_WAIVER_DAYS,
  reasonProblem,
  todayUtc,
  unwaivableReason,
  WAIVER_EXPIRED_ID,
  WAIVER_INVALID_ID,
  type Waiver,
  waiverProblems,
} from "../../policy/waiver-check.js";
import { WAIVERS } from "../../policy/waivers.js";
import { testContext } from "./helpers.js";

const TODAY = "2026-03-01";

/** The date `days` after today (UTC), for waivers that a real run (today's date) must accept. */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
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
        reason: "cost review in the second quarter",
        expires: "2026-05-30",
      },
    ]);
    expect(findings).toHaveLength(2);
    expect(findings.find((f) => f.address === "aws_db_instance.orders")?.waived).toEqual({
      reason: "cost review in the second quarter",
      expires: "2026-05-30",
      source: "file",
    });
    expect(unwaived(findings).map((f) => f.address)).toEqual(["aws_db_instance.users"]);
  });

  it("matches address globs and honours the stack restriction", () => {
    const glob: Waiver = {
      ruleId: "PLAT-RDS-003",
      address: "aws_db_instance.*",
      reason: "Single-AZ staging until the cost review",
      expires: "2026-05-30",
    };
    expect(unwaived(run([glob]))).toEqual([]);
    expect(unwaived(run([{ ...glob, stack: "staging" }]))).toEqual([]);
    expect(unwaived(run([{ ...glob, stack: "prod" }]))).toHaveLength(2);
    expect(unwaived(run([{ ...glob, ruleId: "PLAT-RDS-005" }]))).toHaveLength(2);
  });

  it("treats the expiry date as the last valid day", () => {
    const w: Waiver = {
      ruleId: "PLAT-RDS-003",
      address: "aws_db_instance.*",
      reason: "Single-AZ staging until the cost review",
      expires: TODAY,
    };
    expect(unwaived(run([w]))).toEqual([]);
  });

  it("reports an expired waiver as PLAT-WAIVER-EXPIRED and does not waive", () => {
    const findings = run([
      {
        ruleId: "PLAT-RDS-003",
        address: "aws_db_instance.orders",
        reason: "temporary single zone setup",
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
      { ruleId: "PLAT-RDS-003", address: "aws_db_instance.orders", reason: "  ", expires: "2026-05-30" },
      {
        ruleId: "PLAT-RDS-003",
        address: "aws_db_instance.users",
        reason: "cost review pending",
        expires: "30/06/2026",
      },
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
      reason: "decommissioned database left over",
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
              [INLINE_WAIVER_KEY]: [
                { ruleId: "PLAT-RDS-003", reason: "single AZ until the review", expires: "2026-05-30" },
              ],
            },
          },
        },
      },
    };
    const [finding] = run([], inline);
    expect(finding!.waived).toEqual({
      reason: "single AZ until the review",
      expires: "2026-05-30",
      source: "inline",
    });
  });

  it("keeps the waiver file valid: reasons of words, dates at most 90 days ahead, waivable rules", () => {
    for (const w of WAIVERS) {
      expect(waiverProblems(w, todayUtc()), `${w.ruleId} ${w.address}`).toEqual([]);
      expect(isIsoDate(w.expires)).toBe(true);
      const rule = all.find((r) => r.id === w.ruleId);
      expect(rule, `${w.ruleId} is not a rule`).toBeDefined();
      expect(unwaivableReason(rule!)).toBeUndefined();
    }
  });

  it("matches globs anchored at both ends", () => {
    expect(addressMatches("aws_s3_bucket.*", "aws_s3_bucket.logs")).toBe(true);
    expect(addressMatches("aws_s3_bucket.*", "aws_s3_bucket_policy.logs")).toBe(false);
    expect(addressMatches("*.logs", "aws_s3_bucket.logs")).toBe(true);
    expect(addressMatches("aws_s3_bucket.logs", "aws_s3_bucket.logs2")).toBe(false);
  });
});

describe("waiver limits", async () => {
  const all = await loadRules();
  const pick = (...ids: string[]) => all.filter((r) => ids.includes(r.id));
  const staging = testContext({ stack: "staging", tier: "staging" });
  const db: StackDoc = {
    resource: { aws_db_instance: { orders: { multi_az: false, deletion_protection: false } } },
  };
  const waiver = (overrides: Partial<Waiver>): Waiver => ({
    ruleId: "PLAT-RDS-003",
    address: "aws_db_instance.orders",
    reason: "Single-AZ until the Q3 cost review (INFRA-123)",
    expires: "2026-05-30",
    ...overrides,
  });
  const run = (rules: string[], waivers: Waiver[], doc: StackDoc = db) =>
    evaluate("staging", doc, staging, pick(...rules), { waivers, today: TODAY });
  const invalid = (findings: ReturnType<typeof run>) =>
    findings.filter((f) => f.ruleId === WAIVER_INVALID_ID).map((f) => f.message);

  it.each([
    "x",
    "todo",
    "n/a",
    "ok fine",
    "TODO tbd fixme",
    "see ticket",
    "INFRA-123",
  ])("refuses the reason %j", (reason) => {
    expect(reasonProblem(reason)).toMatch(/expected .*why the risk is accepted/);
    const findings = run(["PLAT-RDS-003"], [waiver({ reason })]);
    expect(invalid(findings)).toHaveLength(1);
    expect(unwaived(findings).map((f) => f.ruleId)).toContain("PLAT-RDS-003");
  });

  it("accepts a reason of three or more words and names the rule when it refuses one", () => {
    expect(reasonProblem("Single-AZ until the Q3 cost review (INFRA-123)")).toBeUndefined();
    expect(reasonProblem("Break-glass bastion, INFRA-7")).toBeUndefined();
    expect(invalid(run(["PLAT-RDS-003"], [waiver({ reason: "n/a" })]))).toEqual([
      'policy/waivers.ts for PLAT-RDS-003 is invalid: reason "n/a" has 0 word(s); expected at least 3 words of letters saying why the risk is accepted',
    ]);
  });

  it("accepts an expiry up to 90 days ahead and refuses one day more", () => {
    expect(daysBetween(TODAY, "2026-05-30")).toBe(MAX_WAIVER_DAYS);
    expect(unwaived(run(["PLAT-RDS-003"], [waiver({ expires: "2026-05-30" })]))).toEqual([]);
    const findings = run(["PLAT-RDS-003"], [waiver({ expires: "2026-05-31" })]);
    expect(invalid(findings)).toEqual([
      "policy/waivers.ts for PLAT-RDS-003 is invalid: expires 2026-05-31 is 91 days after 2026-03-01; expected at most 90 days ahead",
    ]);
    expect(findings.filter((f) => f.waived !== undefined)).toEqual([]);
  });

  it("refuses to waive CRITICAL and data-loss rules, in the file and in code", () => {
    const critical = run(["PLAT-DATA-001"], [waiver({ ruleId: "PLAT-DATA-001" })]);
    expect(invalid(critical)).toEqual([
      "policy/waivers.ts for PLAT-DATA-001 is invalid: PLAT-DATA-001 is CRITICAL; critical rules cannot be waived",
    ]);
    expect(unwaived(critical).map((f) => f.ruleId)).toEqual(["PLAT-DATA-001", WAIVER_INVALID_ID]);
    const inline: StackDoc = {
      resource: {
        aws_db_instance: {
          orders: {
            deletion_protection: false,
            "//": {
              [INLINE_WAIVER_KEY]: [
                {
                  ruleId: "PLAT-RDS-005",
                  reason: "Deletion protection off for the migration",
                  expires: "2026-04-01",
                },
              ],
            },
          },
        },
      },
    };
    const dataLoss = run(["PLAT-RDS-005"], [], inline);
    expect(invalid(dataLoss)).toEqual([
      "in-code waiver for PLAT-RDS-005 is invalid: PLAT-RDS-005 guards against data loss; data-loss rules cannot be waived",
    ]);
    expect(dataLoss.find((f) => f.ruleId === "PLAT-RDS-005")?.waived).toBeUndefined();
  });

  it("marks the data-loss rules", () => {
    expect(all.filter((r) => r.dataLoss === true).map((r) => r.id)).toEqual([
      "PLAT-AZKV-001",
      "PLAT-AZST-004",
      "PLAT-DATA-001",
      "PLAT-ECACHE-005",
      "PLAT-KMS-003",
      "PLAT-RDS-004",
      "PLAT-RDS-005",
      "PLAT-RDS-013",
      "PLAT-S3-001",
      "PLAT-S3-012",
    ]);
  });

  it("holds the waivers in the code to the 90-day limit", () => {
    const at = "helm_release.Platform_Logging_FluentBit_Release_E1D42203";
    const reason = "Fluent Bit reads root-owned container logs from the node";
    expect(
      waiverProblems({ ruleId: "PLAT-K8S-008", address: at, reason, expires: "2027-03-01" }, "2026-12-02"),
    ).toEqual([]);
    expect(
      waiverProblems({ ruleId: "PLAT-K8S-008", address: at, reason, expires: "2027-07-01" }, "2026-12-02"),
    ).toEqual(["expires 2027-07-01 is 211 days after 2026-12-02; expected at most 90 days ahead"]);
  });
});

describe("waive() in code", () => {
  function fakeResource() {
    const overrides: Array<[string, unknown]> = [];
    return { overrides, addOverride: (p: string, v: unknown) => overrides.push([p, v]) };
  }

  it("accumulates waivers into one //.policy_waivers override", () => {
    const r = fakeResource();
    waive(r, "PLAT-RDS-003", "single AZ until review", "2026-12-31");
    waive(r, "PLAT-RDS-006", "password auth until migration", "2026-12-31");
    expect(r.overrides.at(-1)).toEqual([
      "//.policy_waivers",
      [
        { ruleId: "PLAT-RDS-003", reason: "single AZ until review", expires: "2026-12-31" },
        { ruleId: "PLAT-RDS-006", reason: "password auth until migration", expires: "2026-12-31" },
      ],
    ]);
  });

  it("refuses a waiver without a reason or with a bad date", () => {
    expect(() => waive(fakeResource(), "PLAT-RDS-003", " ", "2026-12-31")).toThrow(/reason is empty/);
    expect(() => waive(fakeResource(), "PLAT-RDS-003", "todo", "2026-12-31")).toThrow(
      'waive(PLAT-RDS-003): reason "todo" has 1 word(s); expected at least 3 words of letters saying why the risk is accepted',
    );
    expect(() => waive(fakeResource(), "PLAT-RDS-003", "Single-AZ until review", "2026-02-30")).toThrow(
      /expected YYYY-MM-DD/,
    );
  });

  function build(stack: Construct): void {
    const db = new TerraformResource(stack, "orders", { terraformResourceType: "aws_db_instance" });
    db.addOverride("multi_az", false);
    waive(db, "PLAT-RDS-003", "Single-AZ until the Q3 cost review", inDays(30));
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
      { ruleId: "PLAT-RDS-003", reason: "Single-AZ until the Q3 cost review", expires: inDays(30) },
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
