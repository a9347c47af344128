import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  choosePlanner,
  filePlanner,
  loadPlanStack,
  offlinePlanner,
  type PlanRequest,
  synthDiffPlanner,
} from "../../scripts/preview/planner";
import { tempDir } from "../helpers";
import { fixturePlan, PLANS_DIR } from "./fixtures";

const request: PlanRequest = {
  stack: "prod",
  headStackDir: "/out/head/stacks/prod",
  baseStackDir: "/out/base/stacks/prod",
  baseDoc: { resource: { aws_vpc: { Vpc: { cidr_block: "10.0.0.0/16" } } } },
  headDoc: { resource: { aws_vpc: { Vpc: { cidr_block: "10.1.0.0/16" } } } },
};

describe("planners", () => {
  it("synth diff: labelled as such, with a note on changes outside resources", async () => {
    const planned = await synthDiffPlanner()(request);
    expect(planned.source).toBe("synth-diff");
    expect(planned.plan.resource_changes?.[0]?.change.actions).toEqual(["update"]);
    expect(planned.note).toBeUndefined();
    const versioned = await synthDiffPlanner()({
      ...request,
      headDoc: { ...request.headDoc, terraform: { required_version: ">= 1.11.4" } },
    });
    expect(versioned.note).toBe("changed outside resources: terraform");
  });

  it("offline: calls planStack with the head stack folder and the base folder", async () => {
    const calls: unknown[][] = [];
    const planner = offlinePlanner(async (...args) => {
      calls.push(args);
      return fixturePlan("prod-change");
    });
    const planned = await planner(request);
    expect(calls).toEqual([["/out/head/stacks/prod", { baseStackDir: "/out/base/stacks/prod" }]]);
    expect(planned.source).toBe("offline");
    expect(planned.plan.resource_changes).toHaveLength(14);
  });

  it("offline: accepts plan JSON text and a synchronous planStack", async () => {
    const planned = await offlinePlanner(() => JSON.stringify(fixturePlan("noop")))(request);
    expect(planned.source).toBe("offline");
  });

  it("offline: falls back to the synth diff, with a note, when planning fails or the stack was removed", async () => {
    const failing = offlinePlanner(() => {
      throw new Error("terraform not found\nsecond line");
    });
    expect(await failing(request)).toMatchObject({
      source: "synth-diff",
      note: "offline plan failed: terraform not found",
    });
    const invalid = await offlinePlanner(() => ({ not: "a plan" }))(request);
    expect(invalid.source).toBe("synth-diff");
    expect(invalid.note).toMatch(
      /^offline plan failed: offline plan of prod: not a terraform show -json plan/,
    );
    const { headStackDir: _h, headDoc: _d, ...removed } = request;
    expect(await failing(removed)).toMatchObject({
      source: "synth-diff",
      note: expect.stringMatching(/removed in head/),
    });
  });

  it("files: reads the stack's plan file, else falls back", async () => {
    const planner = filePlanner(new Map([["prod", path.join(PLANS_DIR, "prod-change.json")]]));
    expect((await planner(request)).source).toBe("terraform");
    expect((await planner({ ...request, stack: "dev" })).source).toBe("synth-diff");
    const offline = filePlanner(
      new Map([["prod", path.join(PLANS_DIR, "noop.json")]]),
      synthDiffPlanner(),
      "offline",
    );
    expect((await offline(request)).source).toBe("offline");
  });
});

describe("the offline harness seam", () => {
  function repoWithHarness(source: string | undefined): string {
    const root = tempDir("preview-repo");
    if (source !== undefined) {
      mkdirSync(path.join(root, "test", "terraform"), { recursive: true });
      writeFileSync(path.join(root, "test", "terraform", "harness.ts"), source);
    }
    return root;
  }

  it("uses planStack when the harness exports it", async () => {
    const root = repoWithHarness(
      `export function planStack(dir: string) { return { format_version: "1.2", resource_changes: [], dir }; }\n`,
    );
    expect(await loadPlanStack(root)).toMatchObject({ file: "test/terraform/harness.ts" });
    const chosen = await choosePlanner("auto", root);
    expect(chosen.description).toBe("offline Terraform plans (test/terraform/harness.ts)");
    expect((await chosen.planner(request)).source).toBe("offline");
  });

  it("falls back to the synth diff when there is no harness, or it has no planStack, or it fails to load", async () => {
    const none = await choosePlanner("auto", repoWithHarness(undefined));
    expect(none.description).toMatch(/^synth diff \(no planStack exported by test\/terraform\/harness.ts/);
    expect((await none.planner(request)).source).toBe("synth-diff");
    const other = await choosePlanner("auto", repoWithHarness("export const somethingElse = 1;\n"));
    expect(other.description).toMatch(/^synth diff/);
    const broken = await choosePlanner("auto", repoWithHarness("throw new Error('half-built');\n"));
    expect(broken.description).toMatch(/failed to load: half-built/);
  });

  it("refuses --planner offline without a harness, and honours --planner synth-diff", async () => {
    await expect(choosePlanner("offline", repoWithHarness(undefined))).rejects.toThrow(/--planner offline/);
    const root = repoWithHarness(`export function planStack() { throw new Error("must not be called"); }\n`);
    expect((await choosePlanner("synth-diff", root)).description).toBe("synth diff (requested)");
  });
});
