/** Usage errors print one line and the usage, exit 2, never a stack trace, and come before slow work. */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { stackNames } from "../../scripts/stack-names";
import { ALL_STACKS } from "../helpers";

const run = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { encoding: "utf8", env: { ...process.env, DEBUG: "" } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe("command-line usage", () => {
  it("synth: --help, and an unknown option as one line plus usage", () => {
    const help = run("node", ["--import", "tsx", "main.ts", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^usage: npm run synth -- \[--environments <dir>\] \[--out <dir>\]\n/);
    const bad = run("node", ["--import", "tsx", "main.ts", "--bogus"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe(
      "synth: Unknown option '--bogus'\nusage: npm run synth -- [--environments <dir>] [--out <dir>]\n",
    );
  });

  it(".ci/deploy refuses a stack that does not exist before synthesizing anything", () => {
    const bad = run("bash", [".ci/deploy", "foo"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe(
      `no stack 'foo'; stacks: ${stackNames().join(" ")} \nusage: .ci/deploy <stack> [--allow-file file.json]\n`,
    );
    expect(bad.out).toBe("");
    expect(run("bash", [".ci/deploy"]).code).toBe(2);
    expect(run("bash", [".ci/deploy", "--help"])).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^usage: /),
    });
  });

  it("knows the stacks from the environment files alone", () => {
    expect(stackNames()).toEqual(ALL_STACKS);
  });
});
