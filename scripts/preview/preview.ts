/**
 * The plan preview for a pull request, end to end:
 *
 * 1. check out the base ref as a detached git worktree in a temporary folder, with `node_modules`
 *    symlinked from the repository (`withBaseWorktree`);
 * 2. synthesize base (in that worktree, with the base's own code) and head (the working tree, with any
 *    uncommitted changes) into temporary folders, both with `npm run synth -- --out <dir>`;
 * 3. detect the stacks to plan (`changed-stacks.ts`);
 * 4. plan each through the `Planner` seam (`planner.ts`): plan files given with `--plan`, else the
 *    offline harness (`test/terraform/harness.ts`, `planStack`) when it exists, else the synth diff;
 * 5. run the policy over both outputs and diff the findings (`policy-diff.ts`), price the plans
 *    (`cost.ts`, with the prices in `price-*.ts`), and render the comment (`comment.ts`) to stdout or `--out`.
 *
 * ```sh
 * npx tsx scripts/preview/preview.ts --base origin/main [--out comment.md] [--offline]
 *     [--planner auto|offline|synth-diff] [--plan <stack>=<plan.json> ...] [--keep]
 * npx tsx scripts/preview/preview.ts --base-dir base.out --head-dir cdktf.out   # already synthesized
 * ```
 *
 * Exit codes: 0 the comment was written, 2 an error (bad arguments, git or synth failure). Progress
 * goes to stderr, so stdout is only the comment.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { readSynthesizedStacks } from "../../policy/synth-out";
import type { StackDoc } from "../../policy/types";
import { detectChangedStacks } from "./changed-stacks";
import { type Coverage, coverageFromSummary, renderComment, type StackPreview } from "./comment";
import { costOfDoc, costOfPlan, PRICES } from "./cost";
import { choosePlanner, filePlanner, type Planner, type PlannerChoice } from "./planner";
import { policyDiff } from "./policy-diff";

/** Repository root: two levels above this file. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

function git(repoRoot: string, args: readonly string[]): string {
  const result = spawnSync("git", ["-C", repoRoot, ...args], { encoding: "utf8" });
  if (result.error) throw new Error(`git could not start: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

/** The commit a ref names; throws with git's message when it names none. */
export function resolveCommit(repoRoot: string, ref: string): string {
  if (ref.startsWith("-")) throw new Error(`--base must be a git ref, got "${ref}"`);
  return git(repoRoot, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
}

/**
 * Runs `fn` with a detached worktree of `ref` at `<parent>/base-tree`, `node_modules` symlinked from
 * the repository, and removes the worktree afterwards (also when `fn` throws).
 */
export async function withBaseWorktree<T>(
  repoRoot: string,
  ref: string,
  parent: string,
  fn: (tree: string, commit: string) => Promise<T>,
): Promise<T> {
  const commit = resolveCommit(repoRoot, ref);
  const tree = path.join(parent, "base-tree");
  git(repoRoot, ["worktree", "add", "--detach", "--quiet", tree, commit]);
  try {
    const modules = path.join(repoRoot, "node_modules");
    if (existsSync(modules) && !existsSync(path.join(tree, "node_modules"))) {
      symlinkSync(modules, path.join(tree, "node_modules"), "dir");
    }
    return await fn(tree, commit);
  } finally {
    try {
      git(repoRoot, ["worktree", "remove", "--force", tree]);
    } catch {
      rmSync(tree, { recursive: true, force: true });
      git(repoRoot, ["worktree", "prune"]);
    }
  }
}

/** Synthesizes the tree at `tree` into `outDir` with its own `npm run synth`. */
export function synthTree(tree: string, outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const child = spawn(npm, ["run", "--silent", "synth", "--", "--out", outDir], {
      cwd: tree,
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.on("error", (e) => reject(new Error(`synth in ${tree} could not start: ${e.message}`)));
    child.on("close", (code) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `synth in ${tree} failed (exit ${code}):\n${output.trim().split("\n").slice(-20).join("\n")}`,
          ),
        );
    });
  });
}

/** Inputs of `buildComment`. */
export interface BuildInput {
  baseDir: string;
  headDir: string;
  /** Absolute paths to mask in each output (the source trees). */
  baseRoots?: readonly string[];
  headRoots?: readonly string[];
  planner: Planner;
  offline?: boolean;
  baseLabel?: string;
  headLabel?: string;
  /** `YYYY-MM-DD` for policy waivers; defaults to today. */
  today?: string;
  /** The head's test coverage, shown against the 80% gate. */
  coverage?: Coverage;
  log?: (line: string) => void;
}

function docsOf(outDir: string): Map<string, { doc: StackDoc; dir: string }> {
  return new Map(
    readSynthesizedStacks(outDir).map((s) => [s.name, { doc: s.doc, dir: path.dirname(s.file) }]),
  );
}

/** Detects, plans, checks and prices the change between two synth outputs; returns the comment. */
export async function buildComment(input: BuildInput): Promise<string> {
  const log = input.log ?? (() => undefined);
  const changes = detectChangedStacks(input.baseDir, input.headDir, {
    baseRoots: input.baseRoots ?? [],
    headRoots: input.headRoots ?? [],
  });
  log(
    `preview: ${changes.stacks.length} stack(s) to plan` +
      (changes.stacks.length > 0
        ? `: ${changes.stacks.map((s) => `${s} (${changes.reasons[s]})`).join(", ")}`
        : ""),
  );
  const base = docsOf(input.baseDir);
  const head = docsOf(input.headDir);
  const stacks: StackPreview[] = [];
  for (const stack of changes.stacks) {
    const b = base.get(stack);
    const h = head.get(stack);
    const planned = await input.planner({
      stack,
      ...(b ? { baseDoc: b.doc, baseStackDir: b.dir } : {}),
      ...(h ? { headDoc: h.doc, headStackDir: h.dir } : {}),
    });
    const delta = costOfPlan(planned.plan, {
      ...(b ? { baseDoc: b.doc } : {}),
      ...(h ? { headDoc: h.doc } : {}),
    });
    stacks.push({
      ...planned,
      reason: changes.reasons[stack]!,
      cost: { delta, headMonthlyUsd: h ? costOfDoc(h.doc).usd : 0 },
    });
    log(`preview: planned ${stack} (${planned.source}${planned.note ? `; ${planned.note}` : ""})`);
  }
  const policy = await policyDiff(input.baseDir, input.headDir, input.today ? { today: input.today } : {});
  log(`preview: policy ${policy.added.length} finding(s) added, ${policy.fixed.length} fixed`);
  return renderComment({
    stacks,
    notPlanned: changes.unchanged,
    policy,
    ...(input.baseLabel ? { base: input.baseLabel } : {}),
    ...(input.headLabel ? { head: input.headLabel } : {}),
    offline: input.offline ?? false,
    ...(input.coverage ? { coverage: input.coverage } : {}),
    prices: { region: PRICES.region, pricesReadOn: PRICES.pricesReadOn, file: "scripts/preview/prices.json" },
  });
}

const USAGE =
  "usage: preview.ts (--base <git ref> | --base-dir <dir> --head-dir <dir>) [--out <file>] [--offline]\n" +
  "                  [--planner auto|offline|synth-diff] [--plan <stack>=<plan.json> ...] [--keep]\n" +
  "                  [--coverage coverage/coverage-summary.json]";

/** Parses `--plan <stack>=<file>` values. */
export function parsePlanArgs(values: readonly string[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const value of values) {
    const eq = value.indexOf("=");
    if (eq <= 0 || eq === value.length - 1)
      throw new Error(`--plan expects <stack>=<plan.json>, got "${value}"`);
    files.set(value.slice(0, eq), path.resolve(value.slice(eq + 1)));
  }
  return files;
}

function headLabel(repoRoot: string): string {
  const sha = git(repoRoot, ["rev-parse", "--short", "HEAD"]);
  return git(repoRoot, ["status", "--porcelain"]) === "" ? sha : `${sha} + working tree`;
}

/** CLI entry; resolves to the exit code. */
export async function main(argv: readonly string[], repoRoot: string = REPO_ROOT): Promise<number> {
  const log = (line: string) => console.error(line);
  let tmp: string | undefined;
  let keep = false;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        base: { type: "string" },
        "base-dir": { type: "string" },
        "head-dir": { type: "string" },
        out: { type: "string" },
        offline: { type: "boolean", default: false },
        planner: { type: "string", default: "auto" },
        plan: { type: "string", multiple: true, default: [] },
        keep: { type: "boolean", default: false },
        coverage: { type: "string" },
      },
      allowPositionals: false,
    });
    keep = values.keep;
    const choice = values.planner as PlannerChoice;
    if (!["auto", "offline", "synth-diff"].includes(choice))
      throw new Error(`--planner: unknown "${choice}"\n${USAGE}`);
    const given = values["base-dir"] !== undefined || values["head-dir"] !== undefined;
    if (given === (values.base !== undefined) || (given && !(values["base-dir"] && values["head-dir"]))) {
      throw new Error(`give --base, or both --base-dir and --head-dir\n${USAGE}`);
    }
    const chosen = await choosePlanner(choice, repoRoot);
    const planFiles = parsePlanArgs(values.plan);
    const planner =
      planFiles.size > 0
        ? filePlanner(planFiles, chosen.planner, values.offline ? "offline" : "terraform")
        : chosen.planner;
    log(
      `preview: planner: ${planFiles.size > 0 ? `${planFiles.size} plan file(s), else ` : ""}${chosen.description}`,
    );

    const build = (baseDir: string, headDir: string, extra: Partial<BuildInput>) =>
      buildComment({
        baseDir,
        headDir,
        planner,
        offline: values.offline,
        log,
        ...(values.coverage
          ? { coverage: coverageFromSummary(JSON.parse(readFileSync(values.coverage, "utf8"))) }
          : {}),
        ...extra,
      });
    let comment: string;
    if (values.base === undefined) {
      comment = await build(values["base-dir"]!, values["head-dir"]!, {
        baseRoots: [repoRoot],
        headRoots: [repoRoot],
      });
    } else {
      tmp = mkdtempSync(path.join(tmpdir(), "plan-preview-"));
      const work = tmp;
      comment = await withBaseWorktree(repoRoot, values.base, work, async (tree, commit) => {
        const baseOut = path.join(work, "base.out");
        const headOut = path.join(work, "head.out");
        log(`preview: synthesizing base ${values.base} (${commit.slice(0, 7)}) and head`);
        await Promise.all([synthTree(tree, baseOut), synthTree(repoRoot, headOut)]);
        return build(baseOut, headOut, {
          baseRoots: [tree],
          headRoots: [repoRoot],
          baseLabel: `${values.base} (${commit.slice(0, 7)})`,
          headLabel: headLabel(repoRoot),
        });
      });
    }
    if (values.out) {
      writeFileSync(values.out, comment);
      log(`preview: wrote ${values.out} (${comment.length} characters)`);
    } else process.stdout.write(comment);
    return 0;
  } catch (error) {
    log(`preview: error: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  } finally {
    if (tmp !== undefined) {
      if (keep) log(`preview: kept ${tmp}`);
      else rmSync(tmp, { recursive: true, force: true });
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
