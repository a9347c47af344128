// Preloaded by scripts/bench.ts through NODE_OPTIONS: reports this process's peak RSS and its CPU time
// (user+sys, all threads) on exit. The bench prefers /proc's figure for CPU, which also counts what runs
// before this preload and any grandchildren; this one is the fallback off Linux.
process.on("exit", () => {
  const usage = process.resourceUsage();
  process.stderr.write(
    `BENCH_MAX_RSS_KB ${usage.maxRSS}\nBENCH_CPU_US ${usage.userCPUTime + usage.systemCPUTime}\n`,
  );
});
