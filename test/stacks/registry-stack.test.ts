/**
 * A self-contained environment's registry is a stack of its own, applied before the environment:
 * its repositories admit the environment's node roles (created later, so matched by name), and the
 * environment's workloads and migrations take their images from it, not from a registry of their own.
 */
import { describe, expect, it } from "vitest";
import { registryStackOf } from "../../environments/load";
import { type Attrs, deliveredObjects, readStack, resourcesOf, synthDir } from "../helpers";

const outdir = synthDir();

describe.each(["dev", "staging"])("the registry of %s", (env) => {
  const registry = readStack(outdir, registryStackOf(env));
  const stack = readStack(outdir, env);

  it("holds only the repositories, their key and policies", () => {
    const types = Object.keys(registry.resource as object).sort();
    expect(types).toEqual([
      "aws_ecr_lifecycle_policy",
      "aws_ecr_repository",
      "aws_ecr_repository_policy",
      "aws_kms_alias",
      "aws_kms_key",
    ]);
    expect(Object.values(resourcesOf(registry, "aws_ecr_repository")).map((r) => r.name)).toEqual([
      `${env}/user-service`,
    ]);
    // The environment keeps no registry of its own.
    expect(resourcesOf(stack, "aws_ecr_repository")).toEqual({});
  });

  it("lets the environment's node roles pull, matched by the prefix they are created with", () => {
    const prefixes = Object.values(resourcesOf(stack, "aws_iam_role"))
      .map((r) => r.name_prefix as string | undefined)
      .filter((p): p is string => p?.endsWith("-node-") === true);
    expect(prefixes).toEqual([`${env}-node-`]);
    const documents = (registry.data as Record<string, Record<string, Attrs>>).aws_iam_policy_document!;
    const pull = Object.entries(documents).find(([k]) => k.startsWith("Registry_PullPolicy"))![1];
    // biome-ignore lint/suspicious/noExplicitAny: synthesized JSON
    const [statement] = (pull as any).statement;
    expect(statement.condition[0].values).toEqual([
      expect.stringMatching(new RegExp(`:role/${prefixes[0]}\\*$`)),
    ]);
  });

  it("is where every image of the environment's releases comes from", () => {
    const images = deliveredObjects(outdir, env).flatMap(({ object }) => {
      // biome-ignore lint/suspicious/noExplicitAny: free-form Kubernetes objects
      const pod = (object as any).spec?.template?.spec;
      return (pod?.containers ?? []).map((c: { image: string }) => c.image);
    });
    const own = images.filter((i: string) => i.includes("remote_state"));
    expect(own.length).toBeGreaterThanOrEqual(2); // the workload and its migration
    for (const image of own) {
      expect(image).toMatch(
        new RegExp(`^\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-${env}-registry\\.`),
      );
    }
  });
});
