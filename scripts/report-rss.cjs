// Preloaded by scripts/bench.ts through NODE_OPTIONS: reports this process's peak RSS on exit.
process.on("exit", () => {
  process.stderr.write(`BENCH_MAX_RSS_KB ${process.resourceUsage().maxRSS}\n`);
});
