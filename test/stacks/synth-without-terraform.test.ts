/**
 * `npm ci && npm run synth` sets up a fresh machine, which need not have Terraform: the synth runs
 * no binary. (cdktf's own `importFrom` ran `terraform version` on every synth and failed without
 * it; the zone's import block is written by `importExisting` instead.)
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readStack, tempDir } from "../helpers";

describe("the synth on a machine without Terraform", () => {
  it("writes every stack, the zone's import block included", () => {
    const bin = tempDir("no-terraform-bin");
    mkdirSync(bin, { recursive: true });
    symlinkSync(process.execPath, join(bin, "node"));
    const out = tempDir("no-terraform-out");
    const run = spawnSync(process.execPath, ["scripts/fast-entry/run.cjs", "--out", out], {
      env: { ...process.env, PATH: bin, DEBUG: "" },
      encoding: "utf8",
    });
    expect(run.stderr + run.stdout).not.toMatch(/Could not determine version of terraform/);
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(join(out, "stacks")).length).toBeGreaterThan(10);
    expect(readStack(out, "prod-edge").import).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        to: expect.stringMatching(/^cloudflare_zone\.Zone_[0-9A-F]+$/),
      },
    ]);
  });
});
