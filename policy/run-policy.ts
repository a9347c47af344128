/**
 * The policy command, callable in-process: `runPolicy(argv, io)` resolves to the exit code
 * (0 no unwaived finding, 1 unwaived findings, 2 error: bad arguments, synth failure, unreadable output).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { contextForStack } from "./context.js";
import { evaluate, unwaived } from "./engine.js";
import { consoleIo, errorMessage, type Io } from "./io.js";
import { loadRules } from "./registry.js";
import { formatReport, type StackResult } from "./report.js";
import { manifestPath, readSynthesizedStacks } from "./synth-out.js";

/** Output directory of `npm run synth`. */
export const DEFAULT_OUT_DIR = "cdktf.out";
/** Usage line. */
export const POLICY_USAGE = "usage: npm run policy -- [--synth] [--dir <cdktf out dir>]";

/** `--help` text. */
export const POLICY_HELP = [
  POLICY_USAGE,
  "",
  "Runs every rule of policy/rules against every stack of <dir>/manifest.json (default cdktf.out),",
  "applying in-code and policy/waivers.ts waivers.",
  "",
  "  --synth            synthesize first (tsx main.ts, into cdktf.out); implied when cdktf.out has no manifest",
  "  --dir <path>       check another cdktf output directory (never synthesized into)",
  "  -h, --help         print this help",
  "",
  "Exit codes: 0 no unwaived finding, 1 unwaived findings, 2 error (bad arguments, failed synth, unreadable output).",
].join("\n");

/** A bad command line or a missing output directory: reported with the usage line. */
class UsageError extends Error {}

interface Options {
  synth: boolean;
  help: boolean;
  dir?: string;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { synth: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--synth") options.synth = true;
    else if (arg === "--help" || arg === "-h") options.help = true;
    else if (arg === "--dir") {
      const dir = argv[++i];
      if (dir === undefined || dir.startsWith("--")) throw new UsageError("--dir needs a path");
      options.dir = dir;
    } else if (arg.startsWith("--dir=")) options.dir = arg.slice("--dir=".length);
    else throw new UsageError(`unknown argument ${arg}`);
  }
  return options;
}

/** Runs `tsx main.ts` (the app synth, writing cdktf.out), inheriting stdio. */
function synth(io: Io): void {
  const tsx = path.join("node_modules", ".bin", process.platform === "win32" ? "tsx.cmd" : "tsx");
  io.err(`policy: synthesizing (${tsx} main.ts)...`);
  const result = spawnSync(tsx, ["main.ts"], { stdio: "inherit" });
  if (result.error) throw new Error(`synth could not start: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`synth failed with exit code ${result.status}`);
}

async function policy(argv: readonly string[], io: Io): Promise<number> {
  const options = parseArgs(argv);
  if (options.help) {
    io.out(POLICY_HELP);
    return 0;
  }
  const dir = options.dir ?? DEFAULT_OUT_DIR;
  // A custom --dir is never synthesized into: the synth writes cdktf.out.
  if (options.synth || (options.dir === undefined && !existsSync(manifestPath(dir)))) synth(io);
  if (!existsSync(manifestPath(dir))) {
    throw new UsageError(`${manifestPath(dir)} not found; run the synth first (npm run synth)`);
  }
  const stacks = readSynthesizedStacks(dir);
  const rules = await loadRules();
  const results: StackResult[] = stacks.map(({ name, doc }) => {
    const ctx = contextForStack(name);
    return { stack: name, tier: ctx.tier, findings: evaluate(name, doc, ctx, rules) };
  });
  io.out(formatReport(results, rules.length));
  return results.some((r) => unwaived(r.findings).length > 0) ? 1 : 0;
}

/** Runs the policy check; never rejects. */
export async function runPolicy(argv: readonly string[], io: Io = consoleIo): Promise<number> {
  try {
    return await policy(argv, io);
  } catch (error) {
    io.err(`policy: error: ${errorMessage(error)}`);
    if (error instanceof UsageError) io.err(POLICY_USAGE);
    return 2;
  }
}
