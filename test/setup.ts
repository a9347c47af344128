/**
 * Registers cdktf's Terraform matchers with vitest. cdktf ships only a Jest adapter
 * (`Testing.setupJest`), so the matchers are wired here through `expect.extend`, using vitest's own
 * asymmetric matchers for the partial-equality check that the Jest adapter does. cdktf's matcher
 * module loads on a matcher's first use, so test files that never use one never load cdktf here.
 *
 * Also cleans up after each test file: every `tempDir` is removed, including the output folders of
 * `Testing.app`, which cdktf creates per call under the OS temp dir and never removes (about 350 per
 * run otherwise). `Testing.app` is wrapped once the test file has loaded cdktf itself.
 */
import type * as CdktfMatchers from "cdktf/lib/testing/matchers";
import type { TerraformConstructor } from "cdktf/lib/testing/matchers";
import { afterAll, beforeAll, expect } from "vitest";
import { removeTempDirs, tempDir } from "./helpers";

function passEvaluation(items: unknown[], asserted: Record<string, unknown>): boolean {
  if (Object.keys(asserted).length === 0) return items.length > 0;
  return expect.arrayContaining([expect.objectContaining(asserted)]).asymmetricMatch(items);
}

type Assertion = (
  received: string,
  type: TerraformConstructor,
  props: Record<string, unknown>,
) => CdktfMatchers.AssertionReturn;

let matchers: { m: typeof CdktfMatchers; resource: Assertion; dataSource: Assertion; provider: Assertion };

/** cdktf's matcher module, required on first use. */
function cdktfMatchers(): typeof matchers {
  if (!matchers) {
    const m = require("cdktf/lib/testing/matchers") as typeof CdktfMatchers;
    matchers = {
      m,
      resource: m.getToHaveResourceWithProperties(passEvaluation),
      dataSource: m.getToHaveDataSourceWithProperties(passEvaluation),
      provider: m.getToHaveProviderWithProperties(passEvaluation),
    };
  }
  return matchers;
}

function matcher(kind: "resource" | "dataSource" | "provider") {
  return (received: string, type: TerraformConstructor, props: Record<string, unknown> = {}) => {
    const c = cdktfMatchers();
    return c.m.returnMatcherToJest(c[kind](received, type, props));
  };
}

expect.extend({
  toHaveResource: (received: string, type: TerraformConstructor) => matcher("resource")(received, type),
  toHaveResourceWithProperties: matcher("resource"),
  toHaveDataSource: (received: string, type: TerraformConstructor) => matcher("dataSource")(received, type),
  toHaveDataSourceWithProperties: matcher("dataSource"),
  toHaveProvider: (received: string, type: TerraformConstructor) => matcher("provider")(received, type),
  toHaveProviderWithProperties: matcher("provider"),
});

interface CdktfMatcherSet<R = unknown> {
  toHaveResource(type: TerraformConstructor): R;
  toHaveResourceWithProperties(type: TerraformConstructor, properties: Record<string, unknown>): R;
  toHaveDataSource(type: TerraformConstructor): R;
  toHaveDataSourceWithProperties(type: TerraformConstructor, properties: Record<string, unknown>): R;
  toHaveProvider(type: TerraformConstructor): R;
  toHaveProviderWithProperties(type: TerraformConstructor, properties: Record<string, unknown>): R;
}

declare module "vitest" {
  // biome-ignore lint/suspicious/noExplicitAny: matches vitest's own Assertion signature
  interface Assertion<T = any> extends CdktfMatcherSet<T> {}
  interface AsymmetricMatchersContaining extends CdktfMatcherSet {}
}

/** The test file's cdktf, if it loaded one (without loading it here). */
function loadedCdktf(): typeof import("cdktf") | undefined {
  let id: string;
  try {
    id = require.resolve("cdktf");
  } catch {
    return undefined;
  }
  return require.cache[id] ? (require(id) as typeof import("cdktf")) : undefined;
}

const WRAPPED = Symbol.for("platform-infra.testing-app-outdir");

beforeAll(() => {
  const cdktf = loadedCdktf();
  // Once per process: test files share cdktf when vitest runs several in one worker.
  if (!cdktf || WRAPPED in cdktf.Testing.app) return;
  const { Testing } = cdktf;
  const testingApp = Testing.app.bind(Testing);
  Testing.app = Object.assign(
    (options: Parameters<typeof testingApp>[0] = {}) =>
      testingApp({ outdir: tempDir("cdktf-test"), ...options }),
    { [WRAPPED]: true },
  );
});

afterAll(removeTempDirs);
