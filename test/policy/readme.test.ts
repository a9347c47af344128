import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { loadRules } from "../../policy/registry.js";
import { rulesTable, statefulTable } from "../../policy/rules-table.js";
import { STATEFUL } from "../../policy/stateful-types.js";

const readme = readFileSync(path.join(__dirname, "..", "..", "policy", "README.md"), "utf8");
const block = (name: string) =>
  new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`).exec(readme)?.[1];

it("policy/README.md lists exactly the discovered rules (regenerate: npx tsx policy/print-rules-table.ts)", async () => {
  expect(block("rules")).toBe(rulesTable(await loadRules()));
});

it("policy/README.md lists exactly the stateful types (regenerate: npx tsx policy/print-rules-table.ts stateful)", () => {
  expect(block("stateful")).toBe(statefulTable(STATEFUL));
});
