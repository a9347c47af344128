/**
 * Plain-text report of policy findings: a table per stack, waived findings listed separately, and a
 * summary line.
 */
import type { Finding, Severity, Tier } from "./types.js";

const SEVERITY_ORDER: readonly Severity[] = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];

/** Most severe first, then by rule id and address. */
function bySeverity(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.address.localeCompare(b.address)
  );
}

/** Findings of one stack. */
export interface StackResult {
  stack: string;
  tier: Tier;
  findings: Finding[];
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** The report for all stacks. */
export function formatReport(results: readonly StackResult[], ruleCount: number): string {
  const out: string[] = [];
  let open = 0;
  let waived = 0;
  for (const { stack, tier, findings } of results) {
    const active = findings.filter((f) => f.waived === undefined).sort(bySeverity);
    const accepted = findings.filter((f) => f.waived !== undefined).sort(bySeverity);
    open += active.length;
    waived += accepted.length;
    out.push(`== ${stack} (${tier}): ${active.length} finding(s), ${accepted.length} waived`);
    if (active.length > 0) {
      const rows = active.flatMap((f) => [
        [f.severity, f.ruleId, f.address, f.message],
        ["", "", "", `fix: ${f.fix}`],
      ]);
      out.push(...table(["SEVERITY", "RULE", "RESOURCE", "MESSAGE / FIX"], rows).map((l) => `  ${l}`));
    }
    if (accepted.length > 0) {
      out.push("  waived:");
      const rows = accepted.map((f) => [
        f.ruleId,
        f.address,
        `expires ${f.waived!.expires} (${f.waived!.source})`,
        `${f.waived!.reason} [${f.message}]`,
      ]);
      out.push(...table(["RULE", "RESOURCE", "EXPIRES", "REASON [FINDING]"], rows).map((l) => `    ${l}`));
    }
    out.push("");
  }
  const verdict = open === 0 ? "PASS" : "FAIL";
  out.push(
    `policy ${verdict}: ${results.length} stack(s), ${ruleCount} rule(s), ${open} unwaived finding(s), ${waived} waived`,
  );
  return out.join("\n");
}
