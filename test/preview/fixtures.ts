/**
 * Shared fixtures of the preview tests: the recorded plans (`fixtures/plans/*.json`, real
 * `terraform show -json` format 1.2), the secrets planted in them, and a writer for small synth outputs.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadPlanFile, type PlanJson } from "../../scripts/preview/plan";
import { tempDir } from "../helpers";

/** Folder of the recorded plans. */
export const PLANS_DIR = path.join(__dirname, "fixtures", "plans");

/** A recorded plan by file name without `.json`. */
export function fixturePlan(name: "prod-change" | "edge-create" | "noop"): PlanJson {
  return loadPlanFile(path.join(PLANS_DIR, `${name}.json`));
}

/**
 * Every secret planted in `prod-change.json`, whether Terraform marks it sensitive (password,
 * auth_token, secret_string, set_sensitive, Kubernetes Secret data, private_key_pem) or not (values
 * only the name and pattern redaction catch). None may ever appear in rendered output.
 */
export const PLANTED_SECRETS: readonly string[] = [
  "fixture-db-password-7Q2x",
  "fixture-rotated-password-Ld9w",
  "fixture-redis-auth-9Kp3RedisToken",
  "fixture-set-sensitive-Qw3r",
  "fixture-grafana-admin-4Zr8",
  "fixture-pagerduty-key-Mn5b",
  "fixture-pagerduty-key-Rotated",
  "fixtureSlackToken123",
  "Pa55word-fixture",
  "Fx7kQ2mN9pR4sT6vW8yZ1aB3cD5eF7gH9jK2lM4n",
  "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJmaXh0dXJlLWp3dCJ9.fixtureJwtSignatureAbc123",
  "MIIEfixturePrivateKeyMaterialDoNotPrint",
  "MIIEfixtureTlsKeyOld",
];

/** One stack of a synth output written by `writeSynthOut`. */
export interface FakeStack {
  doc: Record<string, unknown>;
  dependencies?: string[];
  /** Files under the stack's `assets/` folder, relative path to content. */
  assets?: Record<string, string>;
}

/** Writes a minimal cdktf output folder (manifest plus `stacks/<name>/cdk.tf.json`); returns its path. */
export function writeSynthOut(stacks: Record<string, FakeStack>, dir = tempDir("preview-out")): string {
  const manifest: Record<string, unknown> = {};
  for (const [name, stack] of Object.entries(stacks)) {
    const stackDir = path.join(dir, "stacks", name);
    mkdirSync(stackDir, { recursive: true });
    writeFileSync(path.join(stackDir, "cdk.tf.json"), JSON.stringify(stack.doc, null, 2));
    for (const [rel, content] of Object.entries(stack.assets ?? {})) {
      mkdirSync(path.dirname(path.join(stackDir, "assets", rel)), { recursive: true });
      writeFileSync(path.join(stackDir, "assets", rel), content);
    }
    manifest[name] = {
      name,
      constructPath: name,
      dependencies: stack.dependencies ?? [],
      synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
      workingDirectory: `stacks/${name}`,
    };
  }
  writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: manifest }));
  return dir;
}
