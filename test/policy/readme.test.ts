import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { loadRules } from "../../policy/registry.js";
import { rulesTable } from "../../policy/rules-table.js";

it("policy/README.md lists exactly the discovered rules (regenerate: npx tsx policy/print-rules-table.ts)", async () => {
  const readme = readFileSync(path.join(__dirname, "..", "..", "policy", "README.md"), "utf8");
  const listed = /<!-- rules:start -->\n([\s\S]*?)\n<!-- rules:end -->/.exec(readme)?.[1];
  expect(listed).toBe(rulesTable(await loadRules()));
});
