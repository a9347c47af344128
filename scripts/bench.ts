/**
 * `npm run bench`: prints wall time and peak RSS of a full synth, next to the naive alternative
 * (loading the four provider packages from their roots), measured in the same run so the ratio is
 * meaningful on a noisy machine. The naive load is timed with plain node (the target's baseline, the
 * stricter one) and through tsx, the way this project runs code. Also times the type-check. Figures
 * only; no assertions.
 *
 *   npm run bench -- --runs 5
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" } } });
const runs = Math.max(1, Number(values.runs));
const reporter = resolve(__dirname, "report-rss.cjs");

interface Sample {
  readonly seconds: number;
  readonly rssMiB: number;
}

function measure(command: string, args: string[]): Sample {
  const started = performance.now();
  const run = spawnSync(command, args, {
    encoding: "utf8",
    env: { ...process.env, NODE_OPTIONS: `--require ${reporter}` },
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${run.stdout}\n${run.stderr}`);
  const rss = [...run.stderr.matchAll(/BENCH_MAX_RSS_KB (\d+)/g)].map((m) => Number(m[1]));
  return { seconds, rssMiB: Math.max(0, ...rss) / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Job {
  readonly label: string;
  readonly command: string;
  readonly args: string[];
}

/**
 * Runs the jobs round-robin (A, B, C, A, B, C, ...) so that a burst of load on this shared machine
 * hits every job alike, and reports each job's medians plus, per round, the first job's time as a
 * share of the second's and of the third's.
 */
function benchInterleaved(jobs: readonly Job[]): { results: Sample[]; ratios: number[][] } {
  const samples: Sample[][] = jobs.map(() => []);
  const ratios: number[][] = [[], []];
  for (let round = 0; round < runs; round++) {
    const measured = jobs.map((job, i) => {
      const sample = measure(job.command, job.args);
      samples[i]!.push(sample);
      return sample;
    });
    ratios[0]!.push(measured[0]!.seconds / measured[1]!.seconds);
    ratios[1]!.push(measured[0]!.seconds / measured[2]!.seconds);
  }
  const results = samples.map((list, i) => {
    const result = { seconds: median(list.map((s) => s.seconds)), rssMiB: median(list.map((s) => s.rssMiB)) };
    console.log(
      `${jobs[i]!.label.padEnd(46)} ${result.seconds.toFixed(2).padStart(6)} s  ${result.rssMiB.toFixed(0).padStart(5)} MiB peak RSS`,
    );
    return result;
  });
  return { results, ratios };
}

const NAIVE_LOAD = ["aws", "azurerm", "kubernetes", "helm"]
  .map((p) => `require("@cdktf/provider-${p}");`)
  .join("");

const out = mkdtempSync(join(tmpdir(), "platform-bench-"));
try {
  console.log(
    `${runs} interleaved round(s), medians, on ${process.platform} ${process.arch}, node ${process.version}`,
  );
  const { results, ratios } = benchInterleaved([
    // The same command as `npm run synth`: tsx's loader inside one node process.
    {
      label: "full synth (node --import tsx main.ts)",
      command: process.execPath,
      args: ["--import", "tsx", "main.ts", "--out", join(out, "cdktf.out")],
    },
    {
      label: "naive: require() of the 4 provider roots",
      command: process.execPath,
      args: ["-e", NAIVE_LOAD],
    },
    // The same load the way this project runs code, through tsx's loader (which lexes every module).
    {
      label: "naive, through tsx (node --import tsx)",
      command: process.execPath,
      args: ["--import", "tsx", "-e", NAIVE_LOAD],
    },
    {
      label: "type-check (tsc --noEmit; RSS is the launcher)",
      command: "node_modules/.bin/tsc",
      args: ["--noEmit", "-p", "tsconfig.json"],
    },
  ]);
  const [full, naive, , typecheck] = results as [Sample, Sample, Sample, Sample];
  const share = (xs: number[]) =>
    `median ${(100 * median(xs)).toFixed(0)}% of per-round ratios (${xs.map((r) => `${(100 * r).toFixed(0)}%`).join(", ")})`;
  console.log("");
  console.log(`synth time / naive load time: ${share(ratios[0]!)}; target <= 30%`);
  console.log(`synth time / naive load through tsx: ${share(ratios[1]!)}; for reference`);
  console.log(
    `synth peak RSS: ${full.rssMiB.toFixed(0)} MiB (target <= 400 MiB); naive: ${naive.rssMiB.toFixed(0)} MiB`,
  );
  console.log(`type-check: ${typecheck.seconds.toFixed(2)} s (target < 20 s)`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
