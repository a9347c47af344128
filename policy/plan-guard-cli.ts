/**
 * `npm run plan-guard -- <plan.json> [--allow <address>=<reason> ...] [--allow-file <file.json>]`
 * Exit codes: 0 nothing blocked, 1 blocked changes, 2 unreadable input or bad arguments.
 */
import { runPlanGuard } from "./run-plan-guard.js";

process.exitCode = runPlanGuard(process.argv.slice(2));
