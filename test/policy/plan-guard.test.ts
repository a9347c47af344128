import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  classify,
  formatVerdict,
  guardPlan,
  parseAllowArg,
  parsePlan,
  readAllowFile,
  readPlanFile,
} from "../../policy/plan-guard.js";
import { runPlanGuard } from "../../policy/run-plan-guard.js";
import { tempDir } from "../helpers";
import { captureIo, ROOT, runTsx } from "./helpers.js";

const PLANS = path.join(__dirname, "fixtures", "plans");
const plan = (name: string) => readPlanFile(path.join(PLANS, `${name}.json`));
const CLI = "policy/plan-guard-cli.ts";
const rel = (name: string) => path.join(ROOT, "test", "policy", "fixtures", "plans", name);

describe("plan guard", () => {
  it("classifies Terraform action lists", () => {
    expect(classify(["create"])).toBe("create");
    expect(classify(["update"])).toBe("update");
    expect(classify(["delete"])).toBe("delete");
    expect(classify(["delete", "create"])).toBe("replace");
    expect(classify(["create", "delete"])).toBe("replace");
    expect(classify(["no-op"])).toBe("no-op");
    expect(classify(["read"])).toBe("read");
  });

  it("passes a create-only plan", () => {
    const verdict = guardPlan(plan("create-only"));
    expect(verdict.ok).toBe(true);
    expect(verdict.counts).toMatchObject({ create: 2, read: 1, update: 0, replace: 0, delete: 0 });
    expect(formatVerdict(verdict)).toBe(
      "plan: 2 to create, 0 to update, 0 to replace, 0 to delete, 0 unchanged, 1 to read\nplan guard: OK",
    );
  });

  it("passes an in-place update", () => {
    const verdict = guardPlan(plan("update"));
    expect(verdict.ok).toBe(true);
    expect(formatVerdict(verdict)).toContain(
      "plan: 0 to create, 1 to update, 0 to replace, 0 to delete, 2 unchanged",
    );
  });

  it("blocks the delete of a database but not of a stateless parameter group", () => {
    const verdict = guardPlan(plan("delete-database"));
    expect(verdict.ok).toBe(false);
    expect(verdict.counts.delete).toBe(2);
    expect(verdict.blocked).toEqual([
      expect.objectContaining({ address: "aws_db_instance.orders_db_9C8D7E6F", kind: "delete" }),
    ]);
    const text = formatVerdict(verdict);
    expect(text).toContain("BLOCKED: 1 change(s)");
    expect(text).toContain("aws_db_instance.orders_db_9C8D7E6F (delete): deletes a stateful aws_db_instance");
  });

  it("blocks the replacement of a bucket, naming the attribute that forces it", () => {
    const verdict = guardPlan(plan("replace-bucket"));
    expect(verdict.ok).toBe(false);
    expect(verdict.counts).toMatchObject({ replace: 1, update: 1 });
    expect(formatVerdict(verdict)).toContain(
      "aws_s3_bucket.assets_bucket_1A2B3C4D (replace): replaces the resource, destroy-before-create (forced by bucket); aws_s3_bucket is stateful",
    );
  });

  it("blocks any replacement, stateless ones included, unless allowed with a reason", () => {
    expect(guardPlan(plan("allowed-replacement")).ok).toBe(false);
    const allowances = readAllowFile(path.join(PLANS, "allowed-replacement.allow.json"));
    const verdict = guardPlan(plan("allowed-replacement"), allowances);
    expect(verdict.ok).toBe(true);
    expect(verdict.allowed).toEqual([
      expect.objectContaining({ address: "aws_launch_template.nodes_lt_3C4D5E6F", kind: "replace" }),
    ]);
    expect(formatVerdict(verdict)).toContain("allowed because: Rename to eks-nodes-prod-v2");
  });

  it("ignores an allowance without a reason", () => {
    const verdict = guardPlan(plan("replace-bucket"), [
      parseAllowArg("aws_s3_bucket.assets_bucket_1A2B3C4D="),
    ]);
    expect(verdict.ok).toBe(false);
    expect(verdict.ignored).toHaveLength(1);
    expect(formatVerdict(verdict)).toContain("ignored: it has no reason");
  });

  it("accepts address globs and the object form of allow files", () => {
    const dir = tempDir("plan-guard");
    const file = path.join(dir, "allow.json");
    writeFileSync(
      file,
      JSON.stringify({ "aws_db_instance.orders_*": "Decommissioned in INFRA-900, final snapshot taken" }),
    );
    expect(guardPlan(plan("delete-database"), readAllowFile(file)).ok).toBe(true);
  });

  it("rejects input that is not a Terraform JSON plan", () => {
    expect(() => parsePlan("not json")).toThrow(/not JSON/);
    expect(() => parsePlan('{"resource_changes": []}')).toThrow(/format_version/);
    expect(() => parsePlan('{"format_version": "1.2", "resource_changes": [{"address": "a.b"}]}')).toThrow(
      /not a terraform show -json plan/,
    );
    expect(() => parseAllowArg("no-equals-sign")).toThrow(/<address>=<reason>/);
  });

  it("parses arguments and reports through the command", () => {
    const run = (args: string[]) => {
      const io = captureIo();
      return { code: runPlanGuard(args, io), stdout: io.stdout(), stderr: io.stderr() };
    };
    const allowedByFile = run([
      rel("allowed-replacement.json"),
      "--allow-file",
      rel("allowed-replacement.allow.json"),
    ]);
    expect(allowedByFile.code).toBe(0);
    const allowedByArg = run([
      rel("replace-bucket.json"),
      "--allow",
      "aws_s3_bucket.assets_bucket_1A2B3C4D=rename, data copied",
    ]);
    expect(allowedByArg.code).toBe(0);
    expect(allowedByArg.stdout).toContain("allowed because: rename, data copied");
    expect(run([rel("replace-bucket.json"), "--allow=aws_s3_bucket.other=x"]).code).toBe(1);
    const usage = run([]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("usage: npm run plan-guard");
    expect(run([rel("create-only.json"), "--bogus"]).code).toBe(2);
  });

  it("exits 0, 1 and 2 from the CLI process", async () => {
    const [created, deleted, unreadable] = await Promise.all([
      runTsx(CLI, [rel("create-only.json")]),
      runTsx(CLI, [rel("delete-database.json")]),
      runTsx(CLI, [rel("missing.json")]),
    ]);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("plan guard: OK");
    expect(deleted.code).toBe(1);
    expect(deleted.stdout).toContain("BLOCKED");
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(/^plan-guard: error: cannot read .*missing\.json/);
    expect(unreadable.stderr).not.toContain("    at ");
  });
});
