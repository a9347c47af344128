import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { POLICY_USAGE, runPolicy } from "../../policy/run-policy.js";
import type { StackDoc } from "../../policy/types.js";
import { tempDir } from "../helpers";
import { captureIo, runTsx } from "./helpers.js";

function outDir(stacks: Record<string, StackDoc>): string {
  const dir = tempDir("policy-cli");
  const manifest: { stacks: Record<string, { synthesizedStackPath: string }> } = { stacks: {} };
  for (const [name, doc] of Object.entries(stacks)) {
    mkdirSync(path.join(dir, "stacks", name), { recursive: true });
    writeFileSync(path.join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(doc));
    manifest.stacks[name] = { synthesizedStackPath: `stacks/${name}/cdk.tf.json` };
  }
  writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
  return dir;
}

/** A date `days` ahead (UTC): waivers may reach at most 90 days ahead of the real run. */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const run = async (args: string[]) => {
  const io = captureIo();
  return { code: await runPolicy(args, io), stdout: io.stdout(), stderr: io.stderr() };
};

describe("policy CLI", () => {
  it("prints a table per stack, lists waived findings apart, and sets the exit code", async () => {
    const expires = inDays(30);
    const failing = outDir({
      dev: {
        resource: {
          aws_security_group_rule: {
            ssh: { type: "ingress", protocol: "tcp", from_port: 22, to_port: 22, cidr_blocks: ["0.0.0.0/0"] },
          },
        },
      },
    });
    const clean = outDir({
      dev: {
        resource: {
          aws_security_group_rule: {
            vpn: {
              type: "ingress",
              protocol: "tcp",
              from_port: 443,
              to_port: 443,
              cidr_blocks: ["10.8.0.0/16"],
              "//": {
                policy_waivers: [
                  { ruleId: "PLAT-SG-004", reason: "Imported rule, described in INFRA-7", expires },
                ],
              },
            },
          },
        },
      },
    });
    const fail = await run(["--dir", failing]);
    const pass = await run(["--dir", clean]);

    expect(fail.code).toBe(1);
    expect(fail.stdout).toContain("== dev (development): 2 finding(s), 0 waived");
    expect(fail.stdout).toMatch(
      /CRITICAL +PLAT-SG-001 +aws_security_group_rule\.ssh +cidr admits 0\.0\.0\.0\/0 to port 22/,
    );
    expect(fail.stdout).toContain("fix: Restrict the ingress CIDRs for port 22");
    expect(fail.stdout).toMatch(
      /policy FAIL: 1 stack\(s\), \d+ rule\(s\), 2 unwaived finding\(s\), 0 waived/,
    );

    expect(pass.code).toBe(0);
    expect(pass.stdout).toContain("== dev (development): 0 finding(s), 1 waived");
    expect(pass.stdout).toMatch(
      new RegExp(
        `PLAT-SG-004 +aws_security_group_rule\\.vpn +expires ${expires} \\(inline\\) +Imported rule`,
      ),
    );
    expect(pass.stdout).toContain("policy PASS");
  });

  it("fails a run whose waiver covers a CRITICAL rule, and says why", async () => {
    const dir = outDir({
      dev: {
        resource: {
          aws_security_group_rule: {
            ssh: {
              description: "bastion",
              type: "ingress",
              protocol: "tcp",
              from_port: 22,
              to_port: 22,
              cidr_blocks: ["0.0.0.0/0"],
              "//": {
                policy_waivers: [
                  { ruleId: "PLAT-SG-001", reason: "Break-glass bastion, INFRA-7", expires: inDays(7) },
                ],
              },
            },
          },
        },
      },
    });
    const result = await run(["--dir", dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /HIGH +PLAT-WAIVER-INVALID +aws_security_group_rule\.ssh +in-code waiver for PLAT-SG-001 is invalid: PLAT-SG-001 is CRITICAL; critical rules cannot be waived/,
    );
    expect(result.stdout).toMatch(/CRITICAL +PLAT-SG-001 +aws_security_group_rule\.ssh/);
  });

  it("prints usage for --help, and one line plus usage for bad arguments or a missing directory", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run policy -- \[--synth\] \[--dir <cdktf out dir>\]\n/);
    expect(help.stdout).toContain("Exit codes: 0 no unwaived finding, 1 unwaived findings, 2 error");
    expect((await run(["-h"])).stdout).toBe(help.stdout);

    const missing = await run(["--dir", path.join(os.tmpdir(), "no-such-cdktf-out")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.split("\n")).toEqual([
      expect.stringMatching(
        /^policy: error: .*no-such-cdktf-out\/manifest\.json not found; run the synth first/,
      ),
      POLICY_USAGE,
    ]);

    for (const args of [["--frobnicate"], ["--dir"]]) {
      const bad = await run(args);
      expect(bad.code, args.join(" ")).toBe(2);
      expect(bad.stderr.split("\n")).toEqual([
        expect.stringMatching(/^policy: error: (unknown argument --frobnicate|--dir needs a path)$/),
        POLICY_USAGE,
      ]);
      expect(bad.stderr).not.toContain("    at ");
    }
  });

  it("exits with the command's code as a process, and prints usage without a stack trace", async () => {
    const failing = outDir({ dev: { resource: { aws_s3_bucket: { data: { force_destroy: true } } } } });
    const [fail, help, bad] = await Promise.all([
      runTsx("policy/cli.ts", ["--dir", failing]),
      runTsx("policy/cli.ts", ["--help"]),
      runTsx("policy/cli.ts", ["--nope"]),
    ]);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toContain("PLAT-S3-012");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(POLICY_USAGE);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`policy: error: unknown argument --nope\n${POLICY_USAGE}\n`);
  });
});
