/**
 * The rule list and the stateful list of `policy/README.md`, generated from the code so they cannot
 * drift (a test compares them with the README). Regenerate with `npx tsx policy/print-rules-table.ts`
 * (rules) and `npx tsx policy/print-rules-table.ts stateful`.
 */
import type { StatefulType } from "./stateful-types.js";
import type { Rule } from "./types.js";
import { unwaivableReason } from "./waiver-check.js";

function waivable(rule: Rule): string {
  if (unwaivableReason(rule) === undefined) return "yes";
  return rule.severity === "CRITICAL" ? "no (critical)" : "no (data loss)";
}

/** Markdown table: id, severity, whether it can be waived, checkov, trivy, description. */
export function rulesTable(rules: readonly Rule[]): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  return [
    "| Rule | Severity | Waivable | Checkov | Trivy | Requires |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rules.map(
      (r) =>
        `| ${r.id} | ${r.severity} | ${waivable(r)} | ${r.checkov ?? "-"} | ${r.trivy ?? "-"} | ${cell(r.description)} |`,
    ),
  ].join("\n");
}

/** Markdown table of the stateful list (`policy/stateful-types.ts`): type, condition, prevent_destroy. */
export function statefulTable(types: readonly StatefulType[]): string {
  return [
    "| Type | Holds | Stateful when | PLAT-DATA-001 requires prevent_destroy |",
    "| --- | --- | --- | --- |",
    ...types.map(
      (t) =>
        `| ${t.type} | ${t.holds} | ${t.whenDescription ?? "always"} | ${t.preventDestroy ? "yes" : "no"} |`,
    ),
  ].join("\n");
}
