import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runPolicy } from "../../policy/run-policy.js";
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

const FAR_FUTURE = "2099-12-31";

describe("policy CLI", () => {
  it("prints a table per stack, lists waived findings apart, and sets the exit code", async () => {
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
            ssh: {
              description: "bastion",
              type: "ingress",
              protocol: "tcp",
              from_port: 22,
              to_port: 22,
              cidr_blocks: ["0.0.0.0/0"],
              "//": {
                policy_waivers: [
                  { ruleId: "PLAT-SG-001", reason: "Break-glass bastion, INFRA-7", expires: FAR_FUTURE },
                ],
              },
            },
          },
        },
      },
    });
    const run = async (args: string[]) => {
      const io = captureIo();
      return { code: await runPolicy(args, io), stdout: io.stdout(), stderr: io.stderr() };
    };
    const fail = await run(["--dir", failing]);
    const pass = await run(["--dir", clean]);
    const missing = await run(["--dir", path.join(os.tmpdir(), "no-such-cdktf-out")]);
    const badArg = await run(["--frobnicate"]);

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
      /PLAT-SG-001 +aws_security_group_rule\.ssh +expires 2099-12-31 \(inline\) +Break-glass bastion/,
    );
    expect(pass.stdout).toContain("policy PASS");

    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^policy: error: .*manifest\.json not found/);
    expect(missing.stderr).not.toContain("    at ");
    expect(badArg.code).toBe(2);
    expect(badArg.stderr).toContain("unknown argument --frobnicate");
  });

  it("exits with the command's code as a process", async () => {
    const failing = outDir({ dev: { resource: { aws_s3_bucket: { data: { force_destroy: true } } } } });
    const fail = await runTsx("policy/cli.ts", ["--dir", failing]);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toContain("PLAT-S3-012");
  });
});
