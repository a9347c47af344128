import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Files that take longest, most of it in child processes (Terraform over every stack, the tsx entry
 * beside the fast one, promtool's burn series): started first, so that they overlap with everything
 * else rather than finish the run alone. Vitest already orders by the previous run's durations; this
 * covers a first run.
 */
const HEAVY_FIRST = [
  "test/terraform/stacks.test.ts",
  "test/scripts/fast-entry.test.ts",
  "test/slo/burn-conditions.test.ts",
];

class HeavyFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = HEAVY_FIRST.findIndex((h) => f.moduleId.endsWith(h));
      return i === -1 ? HEAVY_FIRST.length : i;
    };
    return sorted
      .map((f, i) => ({ f, i }))
      .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
      .map((x) => x.f);
  }
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    globalSetup: ["test/global-setup.ts"],
    pool: "forks",
    maxWorkers: 2,
    // Test files share their worker's loaded modules (cdktf and the provider bindings, mostly)
    // instead of loading them afresh per file: that was about two thirds of the suite's CPU time.
    // setup.ts still runs before each file and removes each file's temp folders after it.
    isolate: false,
    sequence: { sequencer: HeavyFirstSequencer },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // `npm run coverage` (and the pull-request workflow): the source document's quality gate, 80%.
    coverage: {
      provider: "v8",
      include: ["{constructs,environments,policy,scripts,slo,stacks}/**/*.ts"],
      reporter: ["text-summary", "json-summary"],
      thresholds: { lines: 80, statements: 80, functions: 80, branches: 80 },
    },
  },
});
