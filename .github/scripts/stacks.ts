/**
 * CI's view of the synthesized stacks, so that no workflow lists stacks by hand.
 *
 *   npx tsx .github/scripts/stacks.ts remote --dir cdktf.out
 *       JSON list of the stacks CI can plan and apply: every stack with a remote backend
 *       (`bootstrap` keeps its state locally and is applied by hand).
 *   npx tsx .github/scripts/stacks.ts deploy-plan --dir cdktf.out --ref refs/heads/main --waves 4
 *       `key=value` lines for $GITHUB_OUTPUT: the GitHub environment, the stacks the branch deploys, and
 *       `wave1` ... `waveN` (JSON lists; a stack's dependencies are all in earlier waves).
 */
import { parseArgs } from "node:util";
import { ENVIRONMENTS_DIR, loadEnvironments, stackNamesOf } from "../../environments/load";
import type { Environment, Tier } from "../../environments/schema";
import { readStackGraph, type StackGraph } from "../../scripts/graph";

/** Which push deploys which tier; the GitHub environment is named after the tier. */
export const DEPLOY_BRANCHES: readonly { readonly branch: string; readonly tier: Tier }[] = [
  { branch: "develop", tier: "development" },
  { branch: "release/**", tier: "staging" },
  { branch: "hotfix/**", tier: "staging" },
  { branch: "main", tier: "production" },
];

/** A GitHub branch filter as a regular expression: `*` stops at `/`, `**` does not. */
export function branchPattern(filter: string): RegExp {
  const body = filter
    .split("**")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", "[^/]*"))
    .join(".*");
  return new RegExp(`^${body}$`);
}

/** The tier a pushed ref deploys, or undefined for a ref that deploys nothing. */
export function tierForRef(ref: string): Tier | undefined {
  const branch = ref.replace(/^refs\/heads\//, "");
  return DEPLOY_BRANCHES.find((b) => branchPattern(b.branch).test(branch))?.tier;
}

/** Stacks with a remote backend, in name order. */
export function remoteStacks(graph: StackGraph): string[] {
  return graph.stacks.filter((s) => s.backend !== "local").map((s) => s.name);
}

/**
 * The stacks a tier deploys: those its environments produce, plus every stack that depends on one of
 * them (a stack such as `edge` that reads both colors), less stacks with a local backend.
 */
export function deployTargets(graph: StackGraph, envs: readonly Environment[], tier: Tier): string[] {
  const remote = new Set(remoteStacks(graph));
  const targets = new Set(
    envs
      .filter((e) => e.tier === tier)
      .flatMap(stackNamesOf)
      .filter((s) => remote.has(s)),
  );
  for (let grew = true; grew; ) {
    grew = false;
    for (const stack of graph.stacks) {
      if (
        !targets.has(stack.name) &&
        remote.has(stack.name) &&
        stack.dependencies.some((d) => targets.has(d))
      ) {
        targets.add(stack.name);
        grew = true;
      }
    }
  }
  return [...targets].sort();
}

/** Layers `targets` so that each stack comes after every target it depends on. Throws on a cycle. */
export function deployWaves(graph: StackGraph, targets: readonly string[]): string[][] {
  const pending = new Map(
    graph.stacks
      .filter((s) => targets.includes(s.name))
      .map((s) => [s.name, s.dependencies.filter((d) => targets.includes(d))]),
  );
  const missing = targets.filter((t) => !pending.has(t));
  if (missing.length) throw new Error(`not in the synthesized app: ${missing.join(", ")}`);
  const waves: string[][] = [];
  const done = new Set<string>();
  while (pending.size > 0) {
    const wave = [...pending].filter(([, deps]) => deps.every((d) => done.has(d))).map(([name]) => name);
    if (wave.length === 0) throw new Error(`dependency cycle among ${[...pending.keys()].join(", ")}`);
    wave.sort();
    for (const name of wave) {
      pending.delete(name);
      done.add(name);
    }
    waves.push(wave);
  }
  return waves;
}

/** Remote stacks that no deploy branch applies; CI warns about them. */
export function undeployedStacks(graph: StackGraph, envs: readonly Environment[]): string[] {
  const deployed = new Set(DEPLOY_BRANCHES.flatMap((b) => deployTargets(graph, envs, b.tier)));
  return remoteStacks(graph).filter((s) => !deployed.has(s));
}

/** The `$GITHUB_OUTPUT` lines for one pushed ref. */
export function deployPlanOutputs(
  graph: StackGraph,
  envs: readonly Environment[],
  ref: string,
  maxWaves: number,
): string[] {
  const tier = tierForRef(ref);
  if (!tier)
    throw new Error(
      `${ref} deploys nothing; deploy branches: ${DEPLOY_BRANCHES.map((b) => b.branch).join(", ")}`,
    );
  const stacks = deployTargets(graph, envs, tier);
  const waves = deployWaves(graph, stacks);
  if (waves.length > maxWaves) {
    throw new Error(
      `${tier} needs ${waves.length} deploy waves (${JSON.stringify(waves)}) but deploy.yml has ${maxWaves} wave jobs; add one`,
    );
  }
  return [
    `environment=${tier}`,
    `stacks=${JSON.stringify(stacks)}`,
    ...Array.from({ length: maxWaves }, (_, i) => `wave${i + 1}=${JSON.stringify(waves[i] ?? [])}`),
  ];
}

if (require.main === module) {
  const { values, positionals } = parseArgs({
    options: {
      dir: { type: "string", default: "cdktf.out" },
      ref: { type: "string" },
      waves: { type: "string", default: "4" },
    },
    allowPositionals: true,
  });
  try {
    const graph = readStackGraph(values.dir);
    if (positionals[0] === "remote") {
      console.log(JSON.stringify(remoteStacks(graph)));
    } else if (positionals[0] === "deploy-plan" && values.ref) {
      const envs = loadEnvironments(ENVIRONMENTS_DIR);
      for (const stack of undeployedStacks(graph, envs)) {
        console.error(
          `::warning title=Stack deployed by no branch::${stack} has a remote backend but no deploy branch applies it`,
        );
      }
      console.log(deployPlanOutputs(graph, envs, values.ref, Number(values.waves)).join("\n"));
    } else {
      throw new Error(
        "usage: stacks.ts remote --dir <synth> | deploy-plan --dir <synth> --ref <ref> [--waves N]",
      );
    }
  } catch (err) {
    console.error(`::error::${(err as Error).message}`);
    process.exitCode = 1;
  }
}
