import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    globalSetup: ["test/global-setup.ts"],
    pool: "forks",
    maxWorkers: 2,
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
