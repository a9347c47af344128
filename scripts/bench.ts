/**
 * `npm run bench`: CPU time (user+sys of the child), wall time and peak RSS of a full synth through
 * the fast entry (`npm run synth`, scripts/fast-entry/run.cjs) and through the previous tsx entry, next
 * to the naive alternative (plain node loading the four provider packages from their roots), measured
 * in the same interleaved rounds so the ratios hold on a noisy, shared machine. Also times the
 * type-check, and checks in every round that both entries wrote byte-identical `cdktf.out` trees.
 * Prints one plain line per step. Exits 1 only when the two outputs differ; the targets are reported,
 * not enforced.
 *
 *   npm run bench -- --runs 5
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { estimateRollback, renderRollback, rollbackPaths } from "./rollback-estimate";
import { diffTrees, entriesUnder } from "./tree-diff";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" } } });
const runs = Math.max(1, Number(values.runs));
const reporter = resolve(__dirname, "report-rss.cjs");
const fastEntry = resolve(__dirname, "fast-entry", "run.cjs");

/** The targets, as shares of the naive load measured in the same round. */
const TARGET_CPU = 0.15;
const TARGET_WALL = 0.12;
const TARGET_RSS_MB = 200;
const TARGET_TYPECHECK_S = 20;

interface Sample {
  readonly cpu: number;
  readonly wall: number;
  readonly rssMB: number;
  readonly stderr: string;
  readonly failed: boolean;
}

/** Clock ticks per second of /proc's times; 100 on every Linux build node ships for. */
const CLK_TCK = 100;

/**
 * CPU seconds (user+sys) of every child this process has waited for, grandchildren included, from
 * /proc/self/stat (`cutime`, `cstime`); undefined off Linux.
 */
function reapedChildrenCpu(): number | undefined {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) / CLK_TCK;
  } catch {
    return undefined;
  }
}

/** Children run without DEBUG, which would send the fast entry back to tsx. */
const childEnv = (() => {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: `--require ${reporter}` };
  delete env.DEBUG;
  return env;
})();

/** Runs one command to its end; a failure is fatal unless `mayFail` (a type-check still has a duration). */
function measure(command: string, args: readonly string[], mayFail = false): Sample {
  const cpuBefore = reapedChildrenCpu();
  const started = performance.now();
  const run = spawnSync(command, args, { encoding: "utf8", env: childEnv, maxBuffer: 64 * 1024 * 1024 });
  const wall = (performance.now() - started) / 1000;
  const cpuAfter = reapedChildrenCpu();
  if (run.status !== 0 && !mayFail) {
    throw new Error(`${command} ${args.join(" ")} failed:\n${run.stdout}\n${run.stderr}`);
  }
  const reported = (name: string) =>
    [...run.stderr.matchAll(new RegExp(`${name} (\\d+)`, "g"))].map((m) => Number(m[1]));
  const cpu =
    cpuBefore !== undefined && cpuAfter !== undefined
      ? cpuAfter - cpuBefore
      : reported("BENCH_CPU_US").reduce((a, b) => a + b, 0) / 1e6;
  return {
    cpu,
    wall,
    rssMB: (Math.max(0, ...reported("BENCH_MAX_RSS_KB")) * 1024) / 1e6,
    stderr: run.stderr,
    failed: run.status !== 0,
  };
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fancy = process.stdout.isTTY === true && !process.env.CI;

interface Job {
  readonly key: "fast" | "tsx" | "naive" | "typecheck";
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Time it even when it exits non-zero (the type-check, while someone's edit does not compile). */
  readonly mayFail?: boolean;
}

const NAIVE_LOAD = ["aws", "azurerm", "kubernetes", "helm"]
  .map((p) => `require("@cdktf/provider-${p}");`)
  .join("");

/** One timed run; a fast-entry run that had to rebuild (a source changed meanwhile) is run again. */
function step(job: Job, progress: string): Sample {
  if (fancy) process.stdout.write(`${progress} ${job.label} ...`);
  let sample = measure(job.command, job.args, job.mayFail);
  for (let retry = 0; retry < 2 && sample.stderr.includes("fast entry: rebuilt"); retry++) {
    if (fancy) process.stdout.write(" (rebuilt: a source changed; again) ...");
    else console.log(`${progress} ${job.label}: rebuilt the bundle (a source changed), measuring again`);
    sample = measure(job.command, job.args);
  }
  const line = `cpu ${sample.cpu.toFixed(2)} s, wall ${sample.wall.toFixed(2)} s, ${sample.rssMB.toFixed(0)} MB peak RSS${
    sample.failed ? " (exited non-zero)" : ""
  }`;
  if (fancy) process.stdout.write(` ${line}\n`);
  else console.log(`${progress} ${job.label}: ${line}`);
  return sample;
}

const ratioLine = (name: string, xs: readonly number[], target: string) =>
  `${name.padEnd(22)} median ${median(xs).toFixed(3)} (rounds: ${xs.map((r) => r.toFixed(3)).join(", ")}); ${target}`;
const verdict = (ok: boolean) => (ok ? "met" : "MISSED");

const out = mkdtempSync(join(tmpdir(), "platform-bench-"));
const fastOut = join(out, "fast", "cdktf.out");
const tsxOut = join(out, "tsx", "cdktf.out");
const jobs: readonly Job[] = [
  {
    key: "fast",
    label: "fast entry (npm run synth)",
    command: process.execPath,
    args: [fastEntry, "--out", fastOut],
  },
  {
    key: "tsx",
    label: "tsx entry (node --import tsx main.ts)",
    command: process.execPath,
    args: ["--import", "tsx", "main.ts", "--out", tsxOut],
  },
  {
    key: "naive",
    label: "naive: require() of the 4 provider roots",
    command: process.execPath,
    args: ["-e", NAIVE_LOAD],
  },
  {
    key: "typecheck",
    label: "type-check (tsc --noEmit; RSS is the launcher)",
    command: "node_modules/.bin/tsc",
    args: ["--noEmit", "-p", "tsconfig.json"],
    mayFail: true,
  },
];

try {
  console.log(`${runs} interleaved round(s) on ${process.platform} ${process.arch}, node ${process.version}`);
  console.log("warm-up: fast entry, building its bundle and code cache if they are stale");
  const warm = measure(process.execPath, [fastEntry, "--out", fastOut]);
  console.log(
    `warm-up: done in ${warm.wall.toFixed(2)} s${warm.stderr.includes("rebuilt") ? " (rebuilt)" : ""}`,
  );

  const samples = new Map<Job["key"], Sample[]>(jobs.map((j) => [j.key, []]));
  const ratios = {
    fastCpu: [] as number[],
    fastWall: [] as number[],
    tsxCpu: [] as number[],
    tsxWall: [] as number[],
  };
  let compared = 0;
  for (let round = 1; round <= runs; round++) {
    const got = new Map<Job["key"], Sample>();
    for (const job of jobs) {
      const sample = step(job, `round ${round}/${runs}:`);
      got.set(job.key, sample);
      samples.get(job.key)!.push(sample);
    }
    const [fast, tsx, naive] = (["fast", "tsx", "naive"] as const).map((k) => got.get(k)!) as [
      Sample,
      Sample,
      Sample,
    ];
    ratios.fastCpu.push(fast.cpu / naive.cpu);
    ratios.fastWall.push(fast.wall / naive.wall);
    ratios.tsxCpu.push(tsx.cpu / naive.cpu);
    ratios.tsxWall.push(tsx.wall / naive.wall);
    const problems = diffTrees(fastOut, tsxOut);
    if (problems.length > 0) {
      console.log(`round ${round}/${runs}: OUTPUTS DIFFER between the fast and the tsx entry:`);
      for (const p of problems.slice(0, 20)) console.log(`  ${p}`);
      process.exitCode = 1;
    } else {
      compared = entriesUnder(fastOut).filter((e) => !e.endsWith("/")).length;
      console.log(`round ${round}/${runs}: outputs identical (${compared} files, byte for byte)`);
    }
  }

  const med = (key: Job["key"]) => {
    const list = samples.get(key)!;
    return {
      cpu: median(list.map((s) => s.cpu)),
      wall: median(list.map((s) => s.wall)),
      rssMB: median(list.map((s) => s.rssMB)),
    };
  };
  console.log("");
  console.log(`${"medians".padEnd(48)} ${"cpu".padStart(7)} ${"wall".padStart(7)} ${"peak RSS".padStart(9)}`);
  for (const job of jobs) {
    const m = med(job.key);
    console.log(
      `${job.label.padEnd(48)} ${m.cpu.toFixed(2).padStart(5)} s ${m.wall.toFixed(2).padStart(5)} s ${m.rssMB.toFixed(0).padStart(6)} MB`,
    );
  }
  const fast = med("fast");
  const typecheck = med("typecheck");
  console.log("");
  console.log(
    ratioLine(
      "fast / naive, cpu:",
      ratios.fastCpu,
      `target <= ${TARGET_CPU}: ${verdict(median(ratios.fastCpu) <= TARGET_CPU)}`,
    ),
  );
  console.log(
    ratioLine(
      "fast / naive, wall:",
      ratios.fastWall,
      `target about ${TARGET_WALL}: ${verdict(median(ratios.fastWall) <= TARGET_WALL)}`,
    ),
  );
  console.log(ratioLine("tsx / naive, cpu:", ratios.tsxCpu, "the previous entry, for comparison"));
  console.log(ratioLine("tsx / naive, wall:", ratios.tsxWall, "the previous entry, for comparison"));
  console.log(
    `fast synth peak RSS:   ${fast.rssMB.toFixed(0)} MB; target <= ${TARGET_RSS_MB} MB: ${verdict(fast.rssMB <= TARGET_RSS_MB)}`,
  );
  console.log(
    `type-check wall:       ${typecheck.wall.toFixed(2)} s; target < ${TARGET_TYPECHECK_S} s: ${verdict(typecheck.wall < TARGET_TYPECHECK_S)}`,
  );
  for (const line of renderRollback(rollbackPaths(fastOut).map((p) => estimateRollback(p))))
    console.log(line);
  console.log(
    process.exitCode === 1
      ? "outputs: the fast entry's cdktf.out DIFFERS from the tsx entry's (see above)"
      : `outputs: the fast and the tsx entry wrote identical cdktf.out trees in every round (${compared} files)`,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
