/**
 * The plan-guard command, callable in-process: `runPlanGuard(argv, io)` returns the exit code
 * (0 nothing blocked, 1 blocked changes, 2 unreadable input or bad arguments).
 */
import { consoleIo, errorMessage, type Io } from "./io.js";
import {
  type Allowance,
  formatVerdict,
  guardPlan,
  parseAllowArg,
  readAllowFile,
  readPlanFile,
} from "./plan-guard.js";

/** Usage line. */
export const PLAN_GUARD_USAGE =
  "usage: npm run plan-guard -- <plan.json> [--allow <address>=<reason> ...] [--allow-file <file.json>]";

function guard(argv: readonly string[], io: Io): number {
  let planFile: string | undefined;
  const allowances: Allowance[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = (): string => {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value\n${PLAN_GUARD_USAGE}`);
      return value;
    };
    if (arg === "--allow") allowances.push(parseAllowArg(next()));
    else if (arg.startsWith("--allow=")) allowances.push(parseAllowArg(arg.slice("--allow=".length)));
    else if (arg === "--allow-file") allowances.push(...readAllowFile(next()));
    else if (arg.startsWith("--")) throw new Error(`unknown option ${arg}\n${PLAN_GUARD_USAGE}`);
    else if (planFile === undefined) planFile = arg;
    else throw new Error(`unexpected argument ${arg}\n${PLAN_GUARD_USAGE}`);
  }
  if (planFile === undefined) throw new Error(`missing plan file\n${PLAN_GUARD_USAGE}`);
  const verdict = guardPlan(readPlanFile(planFile), allowances);
  io.out(formatVerdict(verdict));
  return verdict.ok ? 0 : 1;
}

/** Runs the plan guard; never throws. */
export function runPlanGuard(argv: readonly string[], io: Io = consoleIo): number {
  try {
    return guard(argv, io);
  } catch (error) {
    io.err(`plan-guard: error: ${errorMessage(error)}`);
    return 2;
  }
}
