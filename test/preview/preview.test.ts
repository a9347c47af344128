import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { PREVIEW_MARKER } from "../../scripts/preview/comment";
import { synthDiffPlanner } from "../../scripts/preview/planner";
import {
  buildComment,
  main,
  parsePlanArgs,
  resolveCommit,
  withBaseWorktree,
} from "../../scripts/preview/preview";
import { synthDir, tempDir } from "../helpers";
import { PLANS_DIR } from "./fixtures";

/** A copy of the global synth with prod edited: a bigger database and one bucket fewer. */
function editedHead(): string {
  const head = path.join(tempDir("preview-head"), "out");
  cpSync(synthDir(), head, { recursive: true });
  const file = path.join(head, "stacks", "prod", "cdk.tf.json");
  const doc = JSON.parse(readFileSync(file, "utf8"));
  doc.resource.aws_db_instance.Database_Primary_1B138CD9.instance_class = "db.r6g.xlarge";
  delete doc.resource.aws_s3_bucket.Storage_Logs_Bucket_F246DA3E;
  writeFileSync(file, JSON.stringify(doc));
  return head;
}

const quiet = () => vi.spyOn(console, "error").mockImplementation(() => undefined);

describe("buildComment", () => {
  it("previews a change to prod: dependents planned, stateful delete flagged, cost and policy diffed", async () => {
    const lines: string[] = [];
    const comment = await buildComment({
      baseDir: synthDir(),
      headDir: editedHead(),
      planner: synthDiffPlanner(),
      baseLabel: "base",
      headLabel: "head",
      log: (l) => lines.push(l),
    });
    expect(comment.startsWith(PREVIEW_MARKER)).toBe(true);
    expect(lines[0]).toBe(
      "preview: 3 stack(s) to plan: prod (changed), prod-blue (dependent), prod-green (dependent)",
    );
    expect(comment).toContain("**1 stack with changes:** 0 to add, 1 to change, 0 to replace, 1 to destroy");
    expect(comment).toContain("### ⚠️ 1 stateful resource deleted or replaced");
    expect(comment).toContain("| prod | `aws_s3_bucket.Storage_Logs_Bucket_F246DA3E` | **delete** |");
    expect(comment).toContain("> **Synth diff, not a Terraform plan** (prod, prod-blue, prod-green)");
    expect(comment).toContain(
      "Not planned (configuration unchanged): bootstrap, bootstrap-azure, dev, dev-registry, prod-azure, prod-azure-blue, prod-azure-green, prod-edge, staging, staging-azure, staging-azure-cluster, staging-registry.",
    );
    expect(comment).toContain('    instance_class: "db.r6g.large" -> "db.r6g.xlarge"');
    expect(comment).toMatch(
      /\| prod \| changed \| synth diff \| 0 \| 1 \| 0 \| 1 \| \+\$\d{3},?\d*\.\d\d \|/,
    );
    expect(comment).toContain("### Policy findings");
  });
});

describe("preview CLI", () => {
  it("writes the comment for two synth outputs, with a plan file for one stack", async () => {
    const out = path.join(tempDir("preview-cli"), "comment.md");
    const errors = quiet();
    try {
      const code = await main([
        "--base-dir",
        synthDir(),
        "--head-dir",
        editedHead(),
        "--planner",
        "synth-diff",
        "--plan",
        `prod=${path.join(PLANS_DIR, "prod-change.json")}`,
        "--offline",
        "--out",
        out,
      ]);
      expect(code).toBe(0);
    } finally {
      errors.mockRestore();
    }
    const comment = readFileSync(out, "utf8");
    expect(comment).toContain("| prod | changed | offline plan |");
    expect(comment).toContain("> **Offline plan**: real `terraform plan` against stand-in providers");
    expect(comment).toContain("| prod-blue | dependent | synth diff |");
  });

  it.each([
    [[], /give --base, or both --base-dir and --head-dir/],
    [["--base", "HEAD", "--base-dir", "x", "--head-dir", "y"], /give --base, or both/],
    [["--base-dir", "x"], /give --base, or both/],
    [["--base", "HEAD", "--planner", "magic"], /--planner: unknown "magic"/],
    [["--base", "HEAD", "--planner", "synth-diff", "--plan", "prod"], /--plan expects <stack>=<plan.json>/],
  ])("rejects %j", async (argv, message) => {
    const errors = quiet();
    try {
      expect(await main(argv)).toBe(2);
      expect(String(errors.mock.calls.at(-1)?.[0])).toMatch(message);
    } finally {
      errors.mockRestore();
    }
  });

  it("parses --plan values", () => {
    expect(parsePlanArgs(["prod=plans/prod.json"])).toEqual(
      new Map([["prod", path.resolve("plans/prod.json")]]),
    );
  });
});

describe("withBaseWorktree", () => {
  function repo(): string {
    const dir = tempDir("preview-git");
    const run = (...args: string[]) => {
      const r = spawnSync("git", ["-C", dir, ...args], { encoding: "utf8" });
      if (r.status !== 0) throw new Error(r.stderr);
      return r.stdout.trim();
    };
    run("init", "--quiet");
    run("config", "user.email", "t@example.com");
    run("config", "user.name", "t");
    writeFileSync(path.join(dir, "a.txt"), "one");
    run("add", "a.txt");
    run("commit", "--quiet", "-m", "one");
    writeFileSync(path.join(dir, "a.txt"), "two");
    run("commit", "--quiet", "-am", "two");
    return dir;
  }

  it("checks out the base ref detached, links node_modules, and removes the worktree afterwards", async () => {
    const root = repo();
    cpSync(path.join(__dirname, "fixtures"), path.join(root, "node_modules"), { recursive: true });
    const parent = tempDir("preview-wt");
    const seen = await withBaseWorktree(root, "HEAD~1", parent, async (tree, commit) => {
      expect(commit).toBe(resolveCommit(root, "HEAD~1"));
      expect(existsSync(path.join(tree, "node_modules", "plans"))).toBe(true);
      return readFileSync(path.join(tree, "a.txt"), "utf8");
    });
    expect(seen).toBe("one");
    expect(existsSync(path.join(parent, "base-tree"))).toBe(false);
    const list = spawnSync("git", ["-C", root, "worktree", "list"], { encoding: "utf8" })
      .stdout.trim()
      .split("\n");
    expect(list).toHaveLength(1);
  });

  it("removes the worktree when the work fails, and names a bad ref", async () => {
    const root = repo();
    const parent = tempDir("preview-wt");
    await expect(
      withBaseWorktree(root, "HEAD", parent, async () => {
        throw new Error("synth failed");
      }),
    ).rejects.toThrow("synth failed");
    expect(existsSync(path.join(parent, "base-tree"))).toBe(false);
    expect(() => resolveCommit(root, "no-such-ref")).toThrow(/git rev-parse/);
    expect(() => resolveCommit(root, "--upload-pack=x")).toThrow(/must be a git ref/);
  });
});
