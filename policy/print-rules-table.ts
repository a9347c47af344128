/**
 * Prints the README rule table, `npx tsx policy/print-rules-table.ts`, or the stateful-type table,
 * `npx tsx policy/print-rules-table.ts stateful`.
 */
import { loadRules } from "./registry.js";
import { rulesTable, statefulTable } from "./rules-table.js";
import { STATEFUL } from "./stateful-types.js";

if (process.argv[2] === "stateful") console.log(statefulTable(STATEFUL));
else {
  loadRules().then(
    (rules) => console.log(rulesTable(rules)),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 2;
    },
  );
}
