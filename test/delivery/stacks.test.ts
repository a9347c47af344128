import { describe, expect, it } from "vitest";
import {
  branchPattern,
  deployPlanOutputs,
  deployTargets,
  deployWaves,
  remoteStacks,
  tierForRef,
} from "../../.github/scripts/stacks";
import { loadEnvironments } from "../../environments/load";
import type { StackGraph, StackNode } from "../../scripts/graph";

/** A graph of stacks named `name:backend` with their dependencies, without resources. */
function graphOf(stacks: Record<string, string[]>): StackGraph {
  return {
    stacks: Object.entries(stacks).map(([key, dependencies]): StackNode => {
      const [name, backend = "s3"] = key.split(":");
      return { name: name!, backend, dependencies, resources: {}, doc: {} };
    }),
    references: [],
  };
}

const ENVS = loadEnvironments();
/** Today's app plus the edge stack that comes later, reading both colors. */
const LATER = graphOf({
  "bootstrap:local": [],
  dev: [],
  staging: [],
  prod: [],
  "prod-blue": ["prod"],
  "prod-green": ["prod"],
  edge: ["prod-blue", "prod-green"],
});

describe("deploy plan", () => {
  it.each([
    ["refs/heads/develop", "development"],
    ["refs/heads/release/2.4", "staging"],
    ["refs/heads/release/2.4/rc1", "staging"],
    ["refs/heads/hotfix/INFRA-1", "staging"],
    ["refs/heads/main", "production"],
    ["refs/heads/mainline", undefined],
    ["refs/heads/feature/main", undefined],
  ])("%s deploys %s", (ref, tier) => {
    expect(tierForRef(ref)).toBe(tier);
  });

  it("reads branch filters as GitHub does: * stops at a slash, ** does not", () => {
    expect(branchPattern("release/*").test("release/1/2")).toBe(false);
    expect(branchPattern("release/**").test("release/1/2")).toBe(true);
    expect(branchPattern("v1.0").test("v1x0")).toBe(false);
  });

  it("applies an edge stack after both colors, and never a stack with local state", () => {
    expect(deployWaves(LATER, deployTargets(LATER, ENVS, "production"))).toEqual([
      ["prod"],
      ["prod-blue", "prod-green"],
      ["edge"],
    ]);
    expect(remoteStacks(LATER)).not.toContain("bootstrap");
    expect(deployTargets(LATER, ENVS, "development")).toEqual(["dev"]);
  });

  it("leaves out dependencies that another branch deploys", () => {
    const graph = graphOf({
      prod: [],
      "prod-blue": ["prod"],
      "prod-green": ["prod"],
      report: ["dev"],
      dev: [],
    });
    expect(deployWaves(graph, ["prod-blue", "prod-green"])).toEqual([["prod-blue", "prod-green"]]);
  });

  it("refuses a cycle, a stack the app does not have, and more waves than deploy.yml has jobs", () => {
    expect(() => deployWaves(graphOf({ a: ["b"], b: ["a"] }), ["a", "b"])).toThrow(
      "dependency cycle among a, b",
    );
    expect(() => deployWaves(LATER, ["nope"])).toThrow("not in the synthesized app: nope");
    expect(() => deployPlanOutputs(LATER, ENVS, "refs/heads/main", 2)).toThrow(
      'production needs 3 deploy waves ([["prod"],["prod-blue","prod-green"],["edge"]]) but deploy.yml has 2 wave jobs; add one',
    );
    expect(() => deployPlanOutputs(LATER, ENVS, "refs/heads/feature/x", 4)).toThrow(
      "refs/heads/feature/x deploys nothing; deploy branches: develop, release/**, hotfix/**, main",
    );
  });
});
