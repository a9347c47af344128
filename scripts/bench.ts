/**
 * `npm run bench`: prints wall time and peak RSS of a full synth, next to the naive alternative
 * (loading the four provider packages from their roots), measured in the same run so the ratio is
 * meaningful on a noisy machine. Also times the type-check. Figures only; no assertions.
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

function bench(label: string, command: string, args: string[]): Sample {
  const samples = Array.from({ length: runs }, () => measure(command, args));
  const result = {
    seconds: median(samples.map((s) => s.seconds)),
    rssMiB: median(samples.map((s) => s.rssMiB)),
  };
  console.log(
    `${label.padEnd(44)} ${result.seconds.toFixed(2).padStart(6)} s  ${result.rssMiB.toFixed(0).padStart(5)} MiB peak RSS`,
  );
  return result;
}

const out = mkdtempSync(join(tmpdir(), "platform-bench-"));
try {
  console.log(
    `median of ${runs} run(s) each, on ${process.platform} ${process.arch}, node ${process.version}`,
  );
  // The same command as `npm run synth`: tsx's loader inside one node process.
  const full = bench("full synth (node --import tsx main.ts)", process.execPath, [
    "--import",
    "tsx",
    "main.ts",
    "--out",
    join(out, "cdktf.out"),
  ]);
  const naive = bench("naive: require() of the 4 provider roots", process.execPath, [
    "-e",
    ["aws", "azurerm", "kubernetes", "helm"].map((p) => `require("@cdktf/provider-${p}");`).join(""),
  ]);
  const typecheck = bench("type-check (tsc --noEmit; RSS is the launcher)", "node_modules/.bin/tsc", [
    "--noEmit",
    "-p",
    "tsconfig.json",
  ]);
  console.log("");
  console.log(
    `synth time / naive load time: ${((100 * full.seconds) / naive.seconds).toFixed(0)}% (target <= 30%)`,
  );
  console.log(
    `synth peak RSS: ${full.rssMiB.toFixed(0)} MiB (target <= 400 MiB); naive: ${naive.rssMiB.toFixed(0)} MiB`,
  );
  console.log(`type-check: ${typecheck.seconds.toFixed(2)} s (target < 20 s)`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
