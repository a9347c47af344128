/**
 * Registers cdktf's Terraform matchers with vitest. cdktf ships only a Jest adapter
 * (`Testing.setupJest`), so the matchers are wired here through `expect.extend`, using vitest's own
 * asymmetric matchers for the partial-equality check that the Jest adapter does.
 *
 * Also cleans up after each test file: every `tempDir` is removed, including the output folders of
 * `Testing.app`, which cdktf creates per call under the OS temp dir and never removes (about 350 per
 * run otherwise).
 */
import { Testing } from "cdktf";
import {
  getToHaveDataSourceWithProperties,
  getToHaveProviderWithProperties,
  getToHaveResourceWithProperties,
  returnMatcherToJest,
  type TerraformConstructor,
} from "cdktf/lib/testing/matchers";
import { afterAll, expect } from "vitest";
import { removeTempDirs, tempDir } from "./helpers";

function passEvaluation(items: unknown[], asserted: Record<string, unknown>): boolean {
  if (Object.keys(asserted).length === 0) return items.length > 0;
  return expect.arrayContaining([expect.objectContaining(asserted)]).asymmetricMatch(items);
}

const resource = getToHaveResourceWithProperties(passEvaluation);
const dataSource = getToHaveDataSourceWithProperties(passEvaluation);
const provider = getToHaveProviderWithProperties(passEvaluation);

expect.extend({
  toHaveResource: (received: string, type: TerraformConstructor) =>
    returnMatcherToJest(resource(received, type, {})),
  toHaveResourceWithProperties: (
    received: string,
    type: TerraformConstructor,
    props: Record<string, unknown>,
  ) => returnMatcherToJest(resource(received, type, props)),
  toHaveDataSource: (received: string, type: TerraformConstructor) =>
    returnMatcherToJest(dataSource(received, type, {})),
  toHaveDataSourceWithProperties: (
    received: string,
    type: TerraformConstructor,
    props: Record<string, unknown>,
  ) => returnMatcherToJest(dataSource(received, type, props)),
  toHaveProvider: (received: string, type: TerraformConstructor) =>
    returnMatcherToJest(provider(received, type, {})),
  toHaveProviderWithProperties: (
    received: string,
    type: TerraformConstructor,
    props: Record<string, unknown>,
  ) => returnMatcherToJest(provider(received, type, props)),
});

interface CdktfMatchers<R = unknown> {
  toHaveResource(type: TerraformConstructor): R;
  toHaveResourceWithProperties(type: TerraformConstructor, properties: Record<string, unknown>): R;
  toHaveDataSource(type: TerraformConstructor): R;
  toHaveDataSourceWithProperties(type: TerraformConstructor, properties: Record<string, unknown>): R;
  toHaveProvider(type: TerraformConstructor): R;
  toHaveProviderWithProperties(type: TerraformConstructor, properties: Record<string, unknown>): R;
}

declare module "vitest" {
  // biome-ignore lint/suspicious/noExplicitAny: matches vitest's own Assertion signature
  interface Assertion<T = any> extends CdktfMatchers<T> {}
  interface AsymmetricMatchersContaining extends CdktfMatchers {}
}

afterAll(removeTempDirs);

const testingApp = Testing.app.bind(Testing);
Testing.app = (options = {}) => testingApp({ outdir: tempDir("cdktf-test"), ...options });
