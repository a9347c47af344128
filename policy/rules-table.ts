/**
 * The rule list of `policy/README.md`, generated from the rules themselves so it cannot drift
 * (a test compares it with the README). Regenerate with `npx tsx policy/print-rules-table.ts`.
 */
import type { Rule } from "./types.js";

/** Markdown table: id, severity, checkov, trivy, description. */
export function rulesTable(rules: readonly Rule[]): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  return [
    "| Rule | Severity | Checkov | Trivy | Requires |",
    "| --- | --- | --- | --- | --- |",
    ...rules.map(
      (r) => `| ${r.id} | ${r.severity} | ${r.checkov ?? "-"} | ${r.trivy ?? "-"} | ${cell(r.description)} |`,
    ),
  ].join("\n");
}
