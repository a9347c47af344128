/**
 * The environment schema is per cloud: an environment may have an AWS side, an Azure side or both.
 * Without its `aws` section, staging yields its Azure stacks only (and the Azure state account),
 * with no AWS stack and no AWS resource anywhere.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../environments/errors";
import { parseEnvironments } from "../../environments/load";
import { synthApp } from "../../stacks/app";
import { loadRaw, setPath } from "../environments/fixtures";
import { readStack, tempDir } from "../helpers";

function problemsOf(doc: Record<string, unknown>, file: string): string {
  try {
    parseEnvironments(new Map([[file, doc]]));
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  return "";
}

describe("an environment on Azure alone", () => {
  const staging = setPath(loadRaw("staging"), "aws", undefined);
  const envs = parseEnvironments(new Map([["staging.json", staging]]));
  const outdir = tempDir("azure-only");
  synthApp(envs, outdir);
  const stacks = readdirSync(join(outdir, "stacks")).sort();

  it("parses, and yields the Azure stacks only", () => {
    expect(stacks).toEqual(["bootstrap-azure", "staging-azure", "staging-azure-cluster"]);
  });

  it.each([
    "staging-azure",
    "staging-azure-cluster",
  ])("%s holds no AWS resource and no AWS provider", (stack) => {
    const doc = readStack(outdir, stack);
    const types = [...Object.keys(doc.resource ?? {}), ...Object.keys(doc.provider ?? {})];
    expect(types.filter((t) => t === "aws" || t.startsWith("aws_"))).toEqual([]);
  });

  it("refuses an environment on no cloud, and an edge without the AWS state beside it", () => {
    const none = setPath(setPath(loadRaw("staging"), "aws", undefined), "azure", undefined);
    expect(problemsOf(none, "staging.json")).toMatch(
      /aws: got \(missing\); allowed: an aws or an azure section/,
    );
    const edgeOnly = setPath(loadRaw("prod"), "aws", undefined);
    expect(problemsOf(edgeOnly, "prod.json")).toMatch(
      /edge: got .*; allowed: an edge only with an aws section/,
    );
  });
});
