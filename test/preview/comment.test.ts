import { describe, expect, it } from "vitest";
import {
  allocateLines,
  type CommentInput,
  coverageFromSummary,
  FULL_PLAN_HINT,
  GITHUB_COMMENT_LIMIT,
  PREVIEW_MARKER,
  renderComment,
  type StackPreview,
} from "../../scripts/preview/comment";
import { costOfPlan } from "../../scripts/preview/cost";
import type { PlanJson, PlanResourceChange } from "../../scripts/preview/plan";
import type { StackFinding } from "../../scripts/preview/policy-diff";
import { fixturePlan, PLANTED_SECRETS } from "./fixtures";

const prices = { region: "eu-west-1", pricesReadOn: "2026-12-02", file: "scripts/preview/prices.json" };

function stack(name: string, plan: PlanJson, extra: Partial<StackPreview> = {}): StackPreview {
  return {
    stack: name,
    plan,
    source: "terraform",
    reason: "changed",
    cost: { delta: costOfPlan(plan) },
    ...extra,
  };
}

const finding = (stack: string, ruleId: string, message: string): StackFinding => ({
  stack,
  ruleId,
  message,
  address: "aws_db_instance.Database_Primary_1B138CD9",
  severity: "HIGH",
  fix: "f",
});

const input: CommentInput = {
  stacks: [
    stack("prod", fixturePlan("prod-change"), {
      cost: { delta: costOfPlan(fixturePlan("prod-change")), headMonthlyUsd: 1500 },
    }),
    stack("edge", fixturePlan("edge-create"), { reason: "added", source: "offline" }),
    stack("prod-blue", fixturePlan("noop"), { reason: "dependent" }),
  ],
  notPlanned: ["bootstrap", "dev"],
  policy: {
    added: [finding("prod", "PLAT-RDS-001", "storage_encrypted must be true")],
    fixed: [finding("staging", "PLAT-S3-004", "bucket has no <lifecycle> | rule")],
    headTotal: 3,
  },
  base: "main (1d80a36)",
  head: "7cc28c7",
  prices,
};

describe("renderComment", () => {
  const comment = renderComment(input);
  const sectionAt = (heading: string) => comment.indexOf(heading);

  it("starts with the hidden marker", () => {
    expect(PREVIEW_MARKER).toBe("<!-- platform-infra-plan-preview -->");
    expect(comment.startsWith(`${PREVIEW_MARKER}\n`)).toBe(true);
  });

  it("opens with a summary line", () => {
    const delta = input.stacks.reduce((n, s) => n + s.cost!.delta.usd, 0);
    expect(delta).toBeGreaterThan(300);
    expect(comment).toContain(
      `**2 stacks with changes:** 8 to add, 6 to change, 2 to replace, 1 to destroy · est. **+$${delta.toFixed(2)}/month** · \`main (1d80a36)\` → \`7cc28c7\``,
    );
  });

  it("flags deletes and replaces of stateful resources before anything else", () => {
    const danger = sectionAt("### ⚠️ 2 stateful resources deleted or replaced");
    expect(danger).toBeGreaterThan(0);
    expect(danger).toBeLessThan(sectionAt("### Stacks"));
    expect(danger).toBeLessThan(sectionAt("> **Offline plan**"));
    expect(comment).toContain("| prod | `aws_s3_bucket.Storage_Logs_Bucket_F246DA3E` | **delete** |");
    expect(comment).toContain(
      "| prod | `aws_elasticache_replication_group.Cache_ReplicationGroup_BFE59FF3` | **replace** (forced by `at_rest_encryption_enabled`) |",
    );
    // A replaced TLS key is no stateful resource; the guard still counts it.
    expect(comment).not.toContain("| `tls_private_key");
    expect(comment).toContain("it would block 3 change(s) in these plans.");
  });

  it("labels offline plans and synth diffs", () => {
    expect(comment).toContain("> **Offline plan** (edge): real `terraform plan` against stand-in providers");
    expect(renderComment({ ...input, offline: true })).toContain("> **Offline plan**: real `terraform plan`");
    const diff = renderComment({
      ...input,
      stacks: [stack("dev", fixturePlan("noop"), { source: "synth-diff" })],
    });
    expect(diff).toContain("> **Synth diff, not a Terraform plan** (dev)");
    expect(diff).toContain("**No infrastructure changes.**");
  });

  it("has a table of adds, changes, replaces and deletes per stack", () => {
    expect(comment).toContain("| prod | changed | terraform plan | 2 | 6 | 2 | 1 |");
    expect(comment).toContain("| edge | added | offline plan | 6 | 0 | 0 | 0 |");
    expect(comment).toContain("| prod-blue | dependent | terraform plan | 0 | 0 | 0 | 0 | $0.00 |");
    expect(comment).toContain("Not planned (configuration unchanged): bootstrap, dev.");
  });

  it("lists policy findings added and fixed, escaped for a table", () => {
    expect(comment).toContain("**1 added, 1 fixed** (head: 3 unwaived in total).");
    expect(comment).toContain(
      "| prod | HIGH | PLAT-RDS-001 | `aws_db_instance.Database_Primary_1B138CD9` | storage_encrypted must be true |",
    );
    expect(comment).toContain("bucket has no &lt;lifecycle&gt; \\| rule |");
  });

  it("shows the cost per stack, what was not priced, and that it is an estimate", () => {
    expect(comment).toContain("### Estimated monthly cost");
    expect(comment).toMatch(
      /\| prod \| \$1,500\.00 \| \+\$364\.49 \| `aws_db_instance\.Database_Primary_1B138CD9` \+\$271\.56/,
    );
    expect(comment).toContain(
      "Not priced: `aws_globalaccelerator_accelerator` ×1 (type not in the price table).",
    );
    expect(comment).toContain("Usage-based, not priced: `aws_cloudwatch_log_group`.");
    expect(comment).toContain(
      "_An estimate, not a quote: on-demand list prices for eu-west-1 read on 2026-12-02",
    );
  });

  it("folds each stack's plan", () => {
    expect(comment).toContain(
      "<details><summary><b>prod</b>: 2 to add, 6 to change, 2 to replace, 1 to destroy (terraform plan)</summary>",
    );
    expect(comment).toContain(
      '```diff\n~ aws_db_instance.Database_Primary_1B138CD9\n    instance_class: "db.t4g.medium" -> "db.r6g.large"',
    );
    expect(comment).toContain(
      "<b>prod-blue</b>: 0 to add, 0 to change, 0 to replace, 0 to destroy (terraform plan)</summary>\n\n```diff\n<= data.aws_partition.Partition\n```",
    );
  });

  it("never prints a secret from the plans, even when it leaks elsewhere", () => {
    for (const secret of PLANTED_SECRETS) expect(comment).not.toContain(secret);
    expect(comment).toContain('"postgresql://grafana:(redacted)@db2.internal:5432/grafana"');
    const leaky = renderComment({
      ...input,
      policy: {
        added: [finding("prod", "PLAT-X-001", "password fixture-db-password-7Q2x is a literal")],
        fixed: [],
        headTotal: 1,
      },
    });
    expect(leaky).not.toContain("fixture-db-password-7Q2x");
    expect(leaky).toContain("password (sensitive value) is a literal");
  });
});

function resourceChange(
  i: number,
  actions: PlanResourceChange["change"]["actions"],
  type = "aws_security_group",
): PlanResourceChange {
  return {
    address: `${type}.Resource_${String(i).padStart(6, "0")}_ABCDEF12`,
    mode: "managed",
    type,
    name: `Resource_${i}`,
    change: {
      actions,
      before: actions[0] === "create" ? null : { description: `before ${i} ${"x".repeat(40)}`, port: i },
      after: actions[0] === "delete" ? null : { description: `after ${i} ${"y".repeat(40)}`, port: i + 1 },
      after_unknown: {},
    },
  };
}

function hugePlan(count: number): PlanJson {
  const changes = Array.from({ length: count }, (_, i) =>
    resourceChange(i, i % 3 === 0 ? ["create"] : i % 3 === 1 ? ["update"] : ["delete"]),
  );
  changes.push({
    ...resourceChange(count, ["delete", "create"], "aws_db_instance"),
    address: "aws_db_instance.Primary",
  });
  return { format_version: "1.2", resource_changes: changes };
}

describe("renderComment under GitHub's limit", () => {
  it("shortens a huge plan to fit, keeping the marker, the stateful flags and a pointer to the full plan", () => {
    const huge: CommentInput = {
      stacks: [
        stack("prod", hugePlan(20_000)),
        stack("staging", hugePlan(3_000)),
        stack("dev", fixturePlan("prod-change")),
        ...Array.from({ length: 5 }, (_, i) =>
          stack(`quiet-${i}`, fixturePlan("noop"), { reason: "dependent" }),
        ),
      ],
      prices,
    };
    const comment = renderComment(huge);
    expect(comment.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(comment.startsWith(PREVIEW_MARKER)).toBe(true);
    expect(comment).toContain("### ⚠️ 4 stateful resources deleted or replaced");
    expect(comment).toContain("| prod | `aws_db_instance.Primary` | **replace** |");
    // Quiet stacks go first: one line instead of rows and sections.
    expect(comment).toContain("No changes in the plan: quiet-0, quiet-1, quiet-2, quiet-3, quiet-4.");
    expect(comment).not.toContain("<b>quiet-0</b>");
    // The small plan survives whole; the big ones are cut at a line, with the note.
    expect(comment).toContain("<b>dev</b>");
    expect(comment).toContain("~ aws_db_instance.Database_Primary_1B138CD9");
    expect(comment).toMatch(new RegExp(`… \\d+ more lines not shown; ${FULL_PLAN_HINT}\\.`));
    expect(comment.match(/<details>/g)).toHaveLength(3);
    expect(comment.match(/<\/details>/g)).toHaveLength(3);
    for (const secret of PLANTED_SECRETS) expect(comment).not.toContain(secret);
  });

  it("drops quiet stacks before touching any plan", () => {
    const small: CommentInput = {
      stacks: [
        stack("prod", fixturePlan("prod-change")),
        ...Array.from({ length: 40 }, (_, i) => stack(`q${i}`, fixturePlan("noop"))),
      ],
    };
    const full = renderComment(small, { maxChars: 1_000_000 });
    const lean = renderComment(small, { maxChars: full.length - 1 });
    expect(lean.length).toBeLessThan(full.length);
    expect(lean).not.toContain("<b>q0</b>");
    expect(lean).not.toContain(FULL_PLAN_HINT);
    expect(lean).toContain("-/+ tls_private_key.Platform_GatewayKey_1A2B3C4D");
  });

  it("leaves the plans out, then caps tables, and finally cuts at a line, but never exceeds the limit", () => {
    const many: CommentInput = {
      stacks: [stack("prod", hugePlan(2_000))],
      policy: {
        added: Array.from({ length: 5_000 }, (_, i) =>
          finding("prod", `PLAT-X-${i}`, `message ${i} ${"z".repeat(60)}`),
        ),
        fixed: [],
        headTotal: 5_000,
      },
    };
    const comment = renderComment(many);
    expect(comment.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(comment).toContain(`Plans left out to fit the comment: ${FULL_PLAN_HINT}.`);
    expect(comment).toMatch(/\| … \| \| \| \d+ more \| \|/);
    for (const limit of [20_000, 3_000, 600]) {
      const tiny = renderComment(many, { maxChars: limit });
      expect(tiny.length).toBeLessThanOrEqual(limit);
      expect(tiny.startsWith(PREVIEW_MARKER)).toBe(true);
    }
  });
});

describe("allocateLines", () => {
  it("gives small plans all their lines and shares the rest equally", () => {
    const lines = (n: number) => Array.from({ length: n }, () => "123456789");
    const caps = allocateLines(
      [
        { stack: "small", lines: lines(2) },
        { stack: "big-a", lines: lines(1000) },
        { stack: "big-b", lines: lines(1000) },
      ],
      1020,
    );
    expect(caps.get("small")).toBe(2);
    expect(caps.get("big-a")).toBe(50);
    expect(caps.get("big-b")).toBe(50);
  });
});

describe("coverage in the comment", () => {
  const summary = (pct: Record<string, number>) => ({
    total: Object.fromEntries(Object.entries(pct).map(([k, v]) => [k, { pct: v, total: 1, covered: 1 }])),
  });

  it("reports the head's coverage against the 80% gate", () => {
    const ok = coverageFromSummary(
      summary({ lines: 94.32, statements: 93.03, functions: 96.44, branches: 86.98 }),
    );
    expect(renderComment({ stacks: [], coverage: ok })).toContain(
      "### Quality gates\n\nCoverage lines 94.3%, statements 93.0%, functions 96.4%, branches 87.0%: every measure at least 80%.",
    );
    const low = coverageFromSummary(summary({ lines: 79.9, statements: 90, functions: 90, branches: 70 }));
    expect(renderComment({ stacks: [], coverage: low })).toContain(
      "**Coverage below 80%** in lines, branches:",
    );
    expect(renderComment({ stacks: [] })).not.toContain("Quality gates");
  });

  it("refuses a summary without the totals", () => {
    expect(() => coverageFromSummary({ total: { lines: { pct: 90 } } })).toThrow(/no total\.statements\.pct/);
  });
});
