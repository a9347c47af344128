/**
 * Prints the README rule table: `npx tsx policy/print-rules-table.ts`.
 */
import { loadRules } from "./registry.js";
import { rulesTable } from "./rules-table.js";

loadRules().then(
  (rules) => console.log(rulesTable(rules)),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  },
);
