/**
 * The plan-guard command, callable in-process: `runPlanGuard(argv, io)` returns the exit code
 * (0 nothing blocked, 1 blocked changes or, with --strict, unused allowances, 2 unreadable input or
 * bad arguments). Errors are one line (plus the usage line for argument errors), never a stack trace.
 */
import { existsSync } from "node:fs";
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
  "usage: npm run plan-guard -- <plan.json> [--allow <address>=<reason> ...] [--allow-file <file.json>] [--strict]";

/** `--help` text. */
export const PLAN_GUARD_HELP = [
  PLAN_GUARD_USAGE,
  "",
  "Blocks data-losing changes in a Terraform JSON plan (terraform show -json plan.out > plan.json):",
  "deletes and forgets of stateful resources, any replacement, and updates that weaken a protection.",
  "",
  "  <plan.json>                  the plan, as terraform show -json prints it (not a state file)",
  "  --allow <address>=<reason>   let one blocked change through; exact address, no wildcards",
  '  --allow-file <file.json>     [{ "address": ..., "reason": ... }] or { "<address>": "<reason>" }',
  "  --strict                     also fail when an allowance allows nothing (a stale allow file)",
  "  -h, --help                   print this help",
  "",
  "Exit codes: 0 nothing blocked, 1 blocked (or unused allowances with --strict), 2 bad input or arguments.",
].join("\n");

/** A bad command line: reported with the usage line. */
class UsageError extends Error {}

function guard(argv: readonly string[], io: Io): number {
  let planFile: string | undefined;
  let strict = false;
  const allowances: Allowance[] = [];
  const allowFile = (file: string) => {
    if (!existsSync(file)) throw new UsageError(`allow file ${file} not found`);
    allowances.push(...readAllowFile(file));
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = (): string => {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      return value;
    };
    if (arg === "--help" || arg === "-h") {
      io.out(PLAN_GUARD_HELP);
      return 0;
    }
    if (arg === "--strict") strict = true;
    else if (arg === "--allow") allowances.push(parseAllowArg(next()));
    else if (arg.startsWith("--allow=")) allowances.push(parseAllowArg(arg.slice("--allow=".length)));
    else if (arg === "--allow-file") allowFile(next());
    else if (arg.startsWith("--allow-file=")) allowFile(arg.slice("--allow-file=".length));
    else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else if (planFile === undefined) planFile = arg;
    else throw new UsageError(`unexpected argument ${arg}`);
  }
  if (planFile === undefined) throw new UsageError("missing plan file");
  if (!existsSync(planFile)) throw new UsageError(`plan file ${planFile} not found`);
  const verdict = guardPlan(readPlanFile(planFile), allowances, { strict });
  io.out(formatVerdict(verdict));
  return verdict.ok ? 0 : 1;
}

/** Runs the plan guard; never throws. */
export function runPlanGuard(argv: readonly string[], io: Io = consoleIo): number {
  try {
    return guard(argv, io);
  } catch (error) {
    io.err(`plan-guard: error: ${errorMessage(error)}`);
    if (error instanceof UsageError) io.err(PLAN_GUARD_USAGE);
    return 2;
  }
}
