/**
 * The pull-request comment: Markdown that starts with `PREVIEW_MARKER`, a hidden HTML comment CI uses
 * to find and edit its one sticky comment (`post-comment.ts`). In order:
 *
 * 1. a summary line (stacks with changes, adds/changes/replaces/deletes, the monthly cost delta);
 * 2. **stateful resources deleted or replaced**, first of all, with what the plan guard would block;
 * 3. the plan's provenance: an "offline" label (real Terraform against stand-in providers, e.g. for
 *    forks) and a "synth diff, not a Terraform plan" label where no Terraform plan was available;
 * 4. a table per stack of adds, changes, replaces and deletes;
 * 5. policy findings added and fixed;
 * 6. the estimated monthly cost per stack and its delta, with what was not priced;
 * 7. each stack's plan, folded in `<details>` (`plan-text.ts`).
 *
 * It always fits GitHub's comment limit (`GITHUB_COMMENT_LIMIT`, 65,536 characters): when too long,
 * stacks without changes are dropped first, then the folded plans are shortened (each cut at a line,
 * with "full plan in the job summary / artifact"), then the folded plans are left out and long tables
 * capped, and a last cut at a line boundary guarantees the limit.
 *
 * Redaction: plans render through `plan-text.ts` (sensitivity marks, secret names, secret patterns);
 * then the finished comment passes `redactText` and has every string the plans mark sensitive scrubbed.
 */
import { type ChangeKind, guardPlan } from "../../policy/plan-guard";
import { isStatefulType } from "../../policy/stateful-types";
import type { ChangeReason } from "./changed-stacks";
import { type Cost, formatUsd } from "./cost";
import type { PlanJson, PlanSource } from "./plan";
import { renderPlanText } from "./plan-text";
import type { PolicyDiff, StackFinding } from "./policy-diff";
import { collectSensitiveStrings, redactText, scrubStrings } from "./redact";

/** Hidden marker that identifies the preview comment. */
export const PREVIEW_MARKER = "<!-- platform-infra-plan-preview -->";
/** GitHub's maximum comment body, in characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** Where the untruncated plan is. */
export const FULL_PLAN_HINT = "full plan in the job summary / artifact";

/** One planned stack. */
export interface StackPreview {
  stack: string;
  /** Why it was planned. */
  reason?: ChangeReason;
  plan: PlanJson;
  source: PlanSource;
  /** Said next to the stack (e.g. why the offline planner fell back). */
  note?: string;
  /** Cost: the plan's monthly delta and, when known, the head stack's monthly total. */
  cost?: { delta: Cost; headMonthlyUsd?: number };
}

/** Everything the comment shows. */
export interface CommentInput {
  stacks: readonly StackPreview[];
  /** Stacks not planned because their configuration did not change. */
  notPlanned?: readonly string[];
  policy?: PolicyDiff;
  /** Labels of the compared revisions, e.g. a short SHA. */
  base?: string;
  head?: string;
  /** Label every plan as made against stand-in providers (also implied by an `offline` plan source). */
  offline?: boolean;
  /** For the cost footnote: region and date of the price table. */
  prices?: { region: string; pricesReadOn: string; file: string };
  /** Test coverage of the head (vitest's json-summary), against the quality gate. */
  coverage?: Coverage;
}

/** Percentages per measure, and the gate each must reach. */
export interface Coverage {
  readonly lines: number;
  readonly statements: number;
  readonly functions: number;
  readonly branches: number;
  readonly threshold: number;
}

/** Reads vitest's `coverage-summary.json` (reporter json-summary) into {@link Coverage}. */
export function coverageFromSummary(summary: unknown, threshold = 80): Coverage {
  const total = (summary as { total?: Record<string, { pct?: unknown }> }).total ?? {};
  const pct = (k: string) => {
    const v = total[k]?.pct;
    if (typeof v !== "number") throw new Error(`coverage summary has no total.${k}.pct`);
    return v;
  };
  return {
    lines: pct("lines"),
    statements: pct("statements"),
    functions: pct("functions"),
    branches: pct("branches"),
    threshold,
  };
}

function coverageSection(c: Coverage | undefined): string[] {
  if (c === undefined) return [];
  const measures = (["lines", "statements", "functions", "branches"] as const).map((k) => ({ k, v: c[k] }));
  const low = measures.filter((m) => m.v < c.threshold);
  const text = measures.map((m) => `${m.k} ${m.v.toFixed(1)}%`).join(", ");
  return [
    "### Quality gates",
    "",
    low.length === 0
      ? `Coverage ${text}: every measure at least ${c.threshold}%.`
      : `**Coverage below ${c.threshold}%** in ${low.map((m) => m.k).join(", ")}: ${text}.`,
    "",
  ];
}

/** Options of `renderComment`. */
export interface RenderOptions {
  /** Maximum length of the comment. @default GITHUB_COMMENT_LIMIT */
  maxChars?: number;
}

type Counts = Record<ChangeKind, number>;

interface Prepared extends StackPreview {
  counts: Counts;
  lines: string[];
  acting: number;
  blocked: number;
}

interface Knobs {
  /** Include stacks whose plan has no changes as rows and sections. */
  quietStacks: boolean;
  /** Per stack, the most plan lines shown; `undefined`: all; 0 with `plans: false`: no section. */
  lineCaps?: Map<string, number>;
  plans: boolean;
  /** Most rows in the danger, findings and cost tables. */
  maxRows: number;
}

const SOURCE_LABEL: Record<PlanSource, string> = {
  terraform: "terraform plan",
  offline: "offline plan",
  "synth-diff": "synth diff",
};

function escapeCell(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/\s*\n\s*/g, " ");
}

/** A code span that is safe in a table cell (code spans need no HTML escaping; pipes still do). */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|")}${pad}${fence}`;
}

function changeSummary(c: Counts): string {
  return `${c.create} to add, ${c.update} to change, ${c.replace} to replace, ${c.delete} to destroy`;
}

function prepare(stack: StackPreview): Prepared {
  const verdict = guardPlan(stack.plan);
  const c = verdict.counts;
  return {
    ...stack,
    counts: c,
    lines: renderPlanText(stack.plan),
    // Reading a data source changes nothing: a plan of reads only is a plan without changes.
    acting: c.create + c.update + c.replace + c.delete + c.forget,
    blocked: verdict.blocked.length,
  };
}

interface Danger {
  stack: string;
  address: string;
  type: string;
  kind: "delete" | "replace";
  forcedBy: string[];
}

function dangers(stacks: readonly Prepared[]): Danger[] {
  return stacks.flatMap((s) =>
    (s.plan.resource_changes ?? []).flatMap((rc): Danger[] => {
      const actions = rc.change.actions;
      const kind = actions.includes("delete")
        ? actions.includes("create")
          ? "replace"
          : "delete"
        : undefined;
      if (kind === undefined || !isStatefulType(rc.type)) return [];
      const forcedBy = (rc.change.replace_paths ?? []).map((p) => p.join("."));
      return [{ stack: s.stack, address: rc.address, type: rc.type, kind, forcedBy }];
    }),
  );
}

function capped<T>(rows: readonly T[], max: number): { shown: readonly T[]; more: number } {
  return rows.length > max
    ? { shown: rows.slice(0, max), more: rows.length - max }
    : { shown: rows, more: 0 };
}

function total(stacks: readonly Prepared[], kind: ChangeKind): number {
  return stacks.reduce((n, s) => n + s.counts[kind], 0);
}

function summarySection(input: CommentInput, stacks: readonly Prepared[]): string[] {
  const changing = stacks.filter((s) => s.acting > 0);
  const revisions =
    input.base !== undefined || input.head !== undefined
      ? ` · ${code(input.base ?? "base")} → ${code(input.head ?? "head")}`
      : "";
  const costs = stacks.filter((s) => s.cost !== undefined);
  const delta = costs.reduce((n, s) => n + s.cost!.delta.usd, 0);
  const costText = costs.length > 0 ? ` · est. **${formatUsd(delta, true)}/month**` : "";
  const headline =
    changing.length === 0
      ? "**No infrastructure changes.**"
      : `**${changing.length} stack${changing.length === 1 ? "" : "s"} with changes:** ${total(stacks, "create")} to add, ${total(stacks, "update")} to change, ${total(stacks, "replace")} to replace, ${total(stacks, "delete")} to destroy`;
  return ["## Infrastructure plan preview", "", `${headline}${costText}${revisions}`, ""];
}

function dangerSection(stacks: readonly Prepared[], maxRows: number): string[] {
  const found = dangers(stacks);
  if (found.length === 0) return [];
  const { shown, more } = capped(found, maxRows);
  const blocked = stacks.reduce((n, s) => n + s.blocked, 0);
  return [
    `### ⚠️ ${found.length} stateful resource${found.length === 1 ? "" : "s"} deleted or replaced`,
    "",
    "Their data would be lost. The plan guard (`npm run plan-guard`) blocks these unless an allow file names the address with a reason" +
      (blocked > 0 ? `; it would block ${blocked} change(s) in these plans.` : "."),
    "",
    "| stack | resource | action |",
    "|---|---|---|",
    ...shown.map(
      (d) =>
        `| ${escapeCell(d.stack)} | ${code(d.address)} | **${d.kind}**${d.forcedBy.length > 0 ? ` (forced by ${d.forcedBy.map(code).join(", ")})` : ""} |`,
    ),
    ...(more > 0 ? [`| … | ${more} more | |`] : []),
    "",
  ];
}

function provenanceSection(input: CommentInput, stacks: readonly Prepared[]): string[] {
  const out: string[] = [];
  const offline = stacks.filter((s) => s.source === "offline").map((s) => s.stack);
  if (input.offline || offline.length > 0) {
    out.push(
      `> **Offline plan**${input.offline ? "" : ` (${offline.join(", ")})`}: real \`terraform plan\` against stand-in providers, without cloud credentials. Values computed by the cloud, drift and provider-side validation are not real; the apply runs a real plan.`,
      "",
    );
  }
  const diffs = stacks.filter((s) => s.source === "synth-diff").map((s) => s.stack);
  if (diffs.length > 0) {
    out.push(
      `> **Synth diff, not a Terraform plan** (${diffs.join(", ")}): derived by comparing the synthesized resources of base and head. It knows nothing of the deployed state or of values computed at apply time, and tells a replacement from an update only for the attributes of stateful types that force one.`,
      "",
    );
  }
  const notes = stacks.filter((s) => s.note !== undefined);
  for (const s of notes) out.push(`- **${escapeCell(s.stack)}**: ${escapeCell(s.note!)}`);
  if (notes.length > 0) out.push("");
  return out;
}

function stacksSection(input: CommentInput, stacks: readonly Prepared[], knobs: Knobs): string[] {
  const rows = stacks.filter((s) => knobs.quietStacks || s.acting > 0);
  const quiet = stacks.filter((s) => s.acting === 0).map((s) => s.stack);
  const out = ["### Stacks", ""];
  if (rows.length > 0) {
    out.push(
      "| stack | planned because | plan | add | change | replace | destroy | est. Δ/month |",
      "|---|---|---|--:|--:|--:|--:|--:|",
      ...rows.map((s) => {
        const c = s.counts;
        const cost = s.cost === undefined ? "—" : formatUsd(s.cost.delta.usd, true);
        return `| ${escapeCell(s.stack)} | ${s.reason ?? "—"} | ${SOURCE_LABEL[s.source]} | ${c.create} | ${c.update} | ${c.replace} | ${c.delete} | ${cost} |`;
      }),
      "",
    );
  }
  if (!knobs.quietStacks && quiet.length > 0)
    out.push(`No changes in the plan: ${quiet.map(escapeCell).join(", ")}.`, "");
  if ((input.notPlanned ?? []).length > 0) {
    out.push(`Not planned (configuration unchanged): ${input.notPlanned!.map(escapeCell).join(", ")}.`, "");
  }
  return out;
}

function findingRows(findings: readonly StackFinding[], maxRows: number): string[] {
  const { shown, more } = capped(findings, maxRows);
  return [
    "| stack | severity | rule | resource | finding |",
    "|---|---|---|---|---|",
    ...shown.map(
      (f) =>
        `| ${escapeCell(f.stack)} | ${f.severity} | ${escapeCell(f.ruleId)} | ${code(f.address)} | ${escapeCell(f.message)} |`,
    ),
    ...(more > 0 ? [`| … | | | ${more} more | |`] : []),
    "",
  ];
}

function policySection(policy: PolicyDiff | undefined, maxRows: number): string[] {
  if (policy === undefined) return [];
  const out = ["### Policy findings", ""];
  const { added, fixed } = policy;
  if (added.length === 0 && fixed.length === 0) {
    out.push(`No policy findings added or fixed (head: ${policy.headTotal} unwaived).`, "");
    return out;
  }
  out.push(
    `**${added.length} added, ${fixed.length} fixed** (head: ${policy.headTotal} unwaived in total).`,
    "",
  );
  if (added.length > 0) out.push("Added:", "", ...findingRows(added, maxRows));
  if (fixed.length > 0) out.push("Fixed:", "", ...findingRows(fixed, maxRows));
  return out;
}

function costSection(input: CommentInput, stacks: readonly Prepared[], knobs: Knobs): string[] {
  const costs = stacks.filter((s) => s.cost !== undefined && (knobs.quietStacks || s.acting > 0));
  if (costs.length === 0) return [];
  const out = [
    "### Estimated monthly cost",
    "",
    "| stack | est. monthly (head) | Δ/month | largest changes |",
    "|---|--:|--:|---|",
  ];
  for (const s of costs) {
    const { delta, headMonthlyUsd } = s.cost!;
    const top = [...delta.lines].sort((a, b) => Math.abs(b.usd) - Math.abs(a.usd)).slice(0, 3);
    const largest = top
      .map((l) => `${code(l.address)} ${formatUsd(l.usd, true)} (${escapeCell(l.detail)})`)
      .join("<br>");
    const head = headMonthlyUsd === undefined ? "—" : formatUsd(headMonthlyUsd);
    out.push(`| ${escapeCell(s.stack)} | ${head} | ${formatUsd(delta.usd, true)} | ${largest || "—"} |`);
  }
  out.push("");
  const unpriced = new Map<string, { count: number; why: string }>();
  const usage = new Map<string, number>();
  for (const s of costs) {
    for (const [type, u] of s.cost!.delta.unpriced) {
      unpriced.set(type, { count: (unpriced.get(type)?.count ?? 0) + u.count, why: u.why });
    }
    for (const [type, u] of s.cost!.delta.usageBased) usage.set(type, (usage.get(type) ?? 0) + u.count);
  }
  if (unpriced.size > 0) {
    const { shown, more } = capped(
      [...unpriced].sort(([a], [b]) => a.localeCompare(b)),
      knobs.maxRows,
    );
    out.push(
      `Not priced: ${shown.map(([type, u]) => `${code(type)} ×${u.count} (${escapeCell(u.why)})`).join(", ")}${more > 0 ? `, and ${more} more types` : ""}.`,
      "",
    );
  }
  if (usage.size > 0) {
    out.push(`Usage-based, not priced: ${[...usage.keys()].sort().map(code).join(", ")}.`, "");
  }
  const table = input.prices;
  out.push(
    `_An estimate, not a quote: on-demand list prices${table ? ` for ${table.region} read on ${table.pricesReadOn} (${code(table.file)}, where each number's source or estimate is stated)` : ""}; no usage charges, discounts or taxes._`,
    "",
  );
  return out;
}

function fence(lines: readonly string[]): string {
  const longest = Math.max(2, ...lines.flatMap((l) => [...l.matchAll(/`+/g)].map((m) => m[0].length)));
  return "`".repeat(longest + 1);
}

function planSection(stacks: readonly Prepared[], knobs: Knobs): string[] {
  if (!knobs.plans) {
    return stacks.some((s) => s.acting > 0)
      ? ["### Plans", "", `Plans left out to fit the comment: ${FULL_PLAN_HINT}.`, ""]
      : [];
  }
  const shown = stacks.filter((s) => knobs.quietStacks || s.acting > 0);
  if (shown.length === 0) return [];
  const out = ["### Plans", ""];
  for (const s of shown) {
    const cap = knobs.lineCaps?.get(s.stack) ?? s.lines.length;
    const lines = s.lines.slice(0, cap);
    const hidden = s.lines.length - lines.length;
    const body = lines.length > 0 ? lines : hidden > 0 ? [] : ["No changes."];
    const f = fence(body);
    out.push(
      `<details><summary><b>${escapeCell(s.stack)}</b>: ${changeSummary(s.counts)} (${SOURCE_LABEL[s.source]})</summary>`,
      "",
      `${f}diff`,
      ...body,
      f,
      ...(hidden > 0
        ? ["", `… ${hidden} more line${hidden === 1 ? "" : "s"} not shown; ${FULL_PLAN_HINT}.`]
        : []),
      "",
      "</details>",
      "",
    );
  }
  return out;
}

function compose(input: CommentInput, stacks: readonly Prepared[], knobs: Knobs): string {
  return [
    ...summarySection(input, stacks),
    ...dangerSection(stacks, knobs.maxRows),
    ...provenanceSection(input, stacks),
    ...stacksSection(input, stacks, knobs),
    ...policySection(input.policy, knobs.maxRows),
    ...coverageSection(input.coverage),
    ...costSection(input, stacks, knobs),
    ...planSection(stacks, knobs),
  ]
    .join("\n")
    .trimEnd();
}

/**
 * Line caps that fit `budget` characters of plan text: stacks are served smallest first, each taking
 * all its lines when they fit in an equal share of what is left, else its share cut at a line.
 */
export function allocateLines(
  plans: ReadonlyArray<{ stack: string; lines: readonly string[] }>,
  budget: number,
): Map<string, number> {
  const caps = new Map<string, number>();
  const sizes = plans.map((p) => ({ ...p, size: p.lines.reduce((n, l) => n + l.length + 1, 0) }));
  let left = Math.max(0, budget);
  const order = [...sizes].sort((a, b) => a.size - b.size);
  order.forEach((p, i) => {
    const share = Math.floor(left / (order.length - i));
    if (p.size <= share) {
      caps.set(p.stack, p.lines.length);
      left -= p.size;
      return;
    }
    let used = 0;
    let n = 0;
    while (n < p.lines.length && used + p.lines[n]!.length + 1 <= share) used += p.lines[n++]!.length + 1;
    caps.set(p.stack, n);
    left -= used;
  });
  return caps;
}

function finish(body: string, secrets: ReadonlySet<string>): string {
  return `${PREVIEW_MARKER}\n${scrubStrings(redactText(body), secrets)}\n`;
}

/** Renders the comment; see the module comment. The result is never longer than `maxChars`. */
export function renderComment(input: CommentInput, options: RenderOptions = {}): string {
  const limit = options.maxChars ?? GITHUB_COMMENT_LIMIT;
  const stacks = input.stacks.map(prepare);
  const secrets = collectSensitiveStrings(input.stacks.map((s) => s.plan));
  const fits = (text: string) => text.length <= limit;
  const full = finish(compose(input, stacks, { quietStacks: true, plans: true, maxRows: Infinity }), secrets);
  if (fits(full)) return full;

  const knobs: Knobs = { quietStacks: false, plans: true, maxRows: Infinity };
  const lean = finish(compose(input, stacks, knobs), secrets);
  if (fits(lean)) return lean;

  // Shorten the folded plans: measure the comment with no plan lines, share out the rest.
  const changing = stacks.filter((s) => s.acting > 0);
  const empty = new Map(changing.map((s) => [s.stack, 0]));
  const skeleton = finish(compose(input, stacks, { ...knobs, lineCaps: empty }), secrets);
  // Redaction can lengthen a line a little; keep a margin for it.
  const budget = Math.floor((limit - skeleton.length) * 0.95) - 200;
  if (budget > 0) {
    const shortened = finish(
      compose(input, stacks, { ...knobs, lineCaps: allocateLines(changing, budget) }),
      secrets,
    );
    if (fits(shortened)) return shortened;
  }

  for (const maxRows of [200, 50, 10]) {
    const summary = finish(compose(input, stacks, { ...knobs, plans: false, maxRows }), secrets);
    if (fits(summary)) return summary;
  }
  const note = `\n\n… cut to fit GitHub's comment limit; ${FULL_PLAN_HINT}.\n`;
  const summary = finish(compose(input, stacks, { ...knobs, plans: false, maxRows: 10 }), secrets);
  const cut = summary.lastIndexOf("\n", limit - note.length);
  return `${summary.slice(0, Math.max(cut, PREVIEW_MARKER.length))}${note}`;
}
