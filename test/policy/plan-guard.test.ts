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
import { PLAN_GUARD_HELP, PLAN_GUARD_USAGE, runPlanGuard } from "../../policy/run-plan-guard.js";
import { tempDir } from "../helpers";
import { captureIo, ROOT, runTsx } from "./helpers.js";

const PLANS = path.join(__dirname, "fixtures", "plans");
const plan = (name: string) => readPlanFile(path.join(PLANS, `${name}.json`));
const CLI = "policy/plan-guard-cli.ts";
const rel = (name: string) => path.join(ROOT, "test", "policy", "fixtures", "plans", name);

/** Writes an allow file (array or object form) into a fresh folder. */
function allowFile(content: unknown): string {
  const file = path.join(tempDir("plan-guard"), "allow.json");
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe("plan guard", () => {
  it("classifies Terraform action lists", () => {
    expect(classify(["create"])).toBe("create");
    expect(classify(["update"])).toBe("update");
    expect(classify(["delete"])).toBe("delete");
    expect(classify(["delete", "create"])).toBe("replace");
    expect(classify(["create", "delete"])).toBe("replace");
    expect(classify(["no-op"])).toBe("no-op");
    expect(classify(["read"])).toBe("read");
    expect(classify(["forget"])).toBe("forget");
  });

  it("passes a create-only plan", () => {
    const verdict = guardPlan(plan("create-only"));
    expect(verdict.ok).toBe(true);
    expect(verdict.counts).toMatchObject({ create: 2, read: 1, update: 0, replace: 0, delete: 0 });
    expect(formatVerdict(verdict)).toBe(
      "plan: 2 to create, 0 to update, 0 to replace, 0 to delete, 0 to forget, 0 unchanged, 1 to read\nplan guard: OK",
    );
  });

  it("passes an in-place update", () => {
    const verdict = guardPlan(plan("update"));
    expect(verdict.ok).toBe(true);
    expect(formatVerdict(verdict)).toContain(
      "plan: 0 to create, 1 to update, 0 to replace, 0 to delete, 0 to forget, 2 unchanged",
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

  it("accepts the object form of allow files", () => {
    const file = allowFile({
      "aws_db_instance.orders_db_9C8D7E6F": "Decommissioned in INFRA-900, final snapshot taken",
    });
    expect(guardPlan(plan("delete-database"), readAllowFile(file)).ok).toBe(true);
  });

  it("refuses allowances with wildcards, in files and on the command line", () => {
    const file = allowFile({
      "aws_db_instance.orders_*": "Decommissioned in INFRA-900, final snapshot taken",
    });
    expect(() => readAllowFile(file)).toThrow(
      `${file}: allowance "aws_db_instance.orders_*" has a wildcard; expected an exact address (allow each resource by name)`,
    );
    expect(() => readAllowFile(allowFile([{ address: "*", reason: "everything, trust me" }]))).toThrow(
      /wildcard/,
    );
    expect(() => parseAllowArg("aws_s3_bucket.*=bulk rename")).toThrow(
      '--allow: allowance "aws_s3_bucket.*" has a wildcard; expected an exact address (allow each resource by name)',
    );
  });

  it("reports allowances that allow nothing, and fails on them with strict", () => {
    const allowances = [
      { address: "aws_s3_bucket.assets_bucket_1A2B3C4D", reason: "rename, data copied (INFRA-7)" },
      {
        address: "aws_s3_bucket_versioning.assets_versioning_5E6F7A8B",
        reason: "stale entry from last week",
      },
      { address: "aws_db_instance.gone", reason: "stale entry from last month" },
    ];
    const lenient = guardPlan(plan("replace-bucket"), allowances);
    expect(lenient.ok).toBe(true);
    expect(lenient.unused).toEqual([
      expect.objectContaining({
        address: "aws_s3_bucket_versioning.assets_versioning_5E6F7A8B",
        why: "its change (update) is not one the guard blocks",
      }),
      expect.objectContaining({ address: "aws_db_instance.gone", why: "not in the plan" }),
    ]);
    expect(formatVerdict(lenient)).toContain(
      "warning: allowance for aws_db_instance.gone allows nothing: not in the plan",
    );
    const strict = guardPlan(plan("replace-bucket"), allowances, { strict: true });
    expect(strict.ok).toBe(false);
    const text = formatVerdict(strict);
    expect(text).toContain(
      "error: allowance for aws_db_instance.gone allows nothing: not in the plan (--strict)",
    );
    expect(text).toContain("plan guard: FAIL: 2 unused allowance(s) with --strict; remove them");
    expect(guardPlan(plan("replace-bucket"), allowances.slice(0, 1), { strict: true }).ok).toBe(true);
  });

  it("blocks updates that weaken a data protection, and lets harmless updates through", () => {
    const verdict = guardPlan(plan("weaken-protections"));
    expect(verdict.counts).toMatchObject({ update: 5, delete: 0, replace: 0 });
    expect(verdict.blocked.map((b) => [b.address, b.kind, b.why])).toEqual([
      [
        "aws_db_instance.Database_Primary_1B138CD9",
        "update",
        "weakens a data protection: deletion_protection true -> false: a later destroy would lose data it now protects; backup_retention_period 30 -> 7: fewer days of data kept",
      ],
      [
        "aws_elasticache_replication_group.Cache_ReplicationGroup_BFE59FF3",
        "update",
        "weakens a data protection: snapshot_retention_limit 7 -> 1: fewer days of data kept",
      ],
      [
        "aws_s3_bucket_versioning.Storage_Assets_Versioning_1AD1A05A",
        "update",
        'weakens a data protection: versioning_configuration.status "Enabled" -> "Suspended": overwritten and deleted objects are no longer kept',
      ],
      [
        "aws_s3_bucket_lifecycle_configuration.Storage_Backups_Lifecycle_1C2D3E4F",
        "update",
        'weakens a data protection: rule "expire-backups" expiration 90 days -> 30 days: objects are deleted sooner',
      ],
    ]);
  });

  it("judges each weakening on its own", () => {
    const update = (type: string, before: object, after: object, afterUnknown: object = {}) =>
      guardPlan({
        format_version: "1.2",
        resource_changes: [
          {
            address: `${type}.x`,
            type,
            change: { actions: ["update"], before, after, after_unknown: afterUnknown },
          },
        ],
      }).blocked.map((b) => b.why);
    expect(
      update("aws_rds_cluster", { deletion_protection: true }, { deletion_protection: false }),
    ).toHaveLength(1);
    expect(update("aws_rds_cluster", { deletion_protection: false }, { deletion_protection: false })).toEqual(
      [],
    );
    expect(
      update(
        "aws_rds_cluster",
        { deletion_protection: true },
        { deletion_protection: null },
        { deletion_protection: true },
      ),
    ).toEqual([]);
    expect(update("aws_s3_bucket", { force_destroy: false }, { force_destroy: true })).toEqual([
      "weakens a data protection: force_destroy false -> true: a later destroy would lose data it now protects",
    ]);
    expect(
      update("aws_db_instance", { skip_final_snapshot: false }, { skip_final_snapshot: true }),
    ).toHaveLength(1);
    expect(
      update("azurerm_key_vault", { purge_protection_enabled: true }, { purge_protection_enabled: false }),
    ).toHaveLength(1);
    expect(
      update(
        "aws_cloudwatch_log_group",
        { name: "/aws/eks/prod/cluster", retention_in_days: 0 },
        { name: "/aws/eks/prod/cluster", retention_in_days: 365 },
      ),
    ).toEqual([
      "weakens a data protection: retention_in_days 0 (never expire) -> 365: fewer days of data kept",
    ]);
    expect(
      update(
        "aws_cloudwatch_log_group",
        { name: "/platform/prod/redis/slow-log", retention_in_days: 30 },
        { name: "/platform/prod/redis/slow-log", retention_in_days: 7 },
      ),
    ).toEqual([]);
    expect(
      update(
        "aws_s3_bucket_versioning",
        { versioning_configuration: [{ status: "Suspended" }] },
        { versioning_configuration: [{ status: "Enabled" }] },
      ),
    ).toEqual([]);
    const lifecycle = (rule: object) => ({ rule: [rule] });
    expect(
      update(
        "aws_s3_bucket_lifecycle_configuration",
        lifecycle({ id: "logs", status: "Disabled", expiration: [{ days: 7 }] }),
        lifecycle({ id: "logs", status: "Enabled", expiration: [{ days: 7 }] }),
      ),
    ).toEqual([
      'weakens a data protection: rule "logs" expiration never -> 7 days: objects are deleted sooner',
    ]);
    expect(
      update(
        "aws_s3_bucket_lifecycle_configuration",
        { rule: [] },
        lifecycle({ id: "new", status: "Enabled", noncurrent_version_expiration: [{ noncurrent_days: 3 }] }),
      ),
    ).toEqual([
      'weakens a data protection: rule "new" noncurrent_version_expiration never -> 3 days: objects are deleted sooner',
    ]);
  });

  it("blocks forgetting a stateful resource (prevent_destroy is not in the plan), not a stateless one", () => {
    const verdict = guardPlan(plan("forget-stateful"));
    expect(verdict.counts.forget).toBe(4);
    expect(verdict.blocked.map((b) => `${b.address} (${b.kind})`)).toEqual([
      "aws_db_instance.Database_Primary_1B138CD9 (forget)",
      "aws_cloudwatch_log_group.Cluster_ControlPlaneLogs_LogGroup_8B82AC0A (forget)",
    ]);
    const text = formatVerdict(verdict);
    expect(text).toContain(
      "plan: 0 to create, 0 to update, 0 to replace, 0 to delete, 4 to forget, 0 unchanged",
    );
    expect(text).toContain(
      "aws_db_instance.Database_Primary_1B138CD9 (forget): forgets a stateful aws_db_instance: it leaves Terraform's state and every protection (prevent_destroy, the plan guard, the inventory) with it",
    );
    const allowed = guardPlan(plan("forget-stateful"), [
      { address: "aws_db_instance.Database_Primary_1B138CD9", reason: "moved to the data stack, INFRA-910" },
      {
        address: "aws_cloudwatch_log_group.Cluster_ControlPlaneLogs_LogGroup_8B82AC0A",
        reason: "moved to the data stack, INFRA-910",
      },
    ]);
    expect(allowed.ok).toBe(true);
  });

  it("blocks deleting an audit log group but not an operational one", () => {
    const del = (name: string) =>
      guardPlan({
        format_version: "1.2",
        resource_changes: [
          {
            address: "aws_cloudwatch_log_group.g",
            type: "aws_cloudwatch_log_group",
            change: { actions: ["delete"], before: { name } },
          },
        ],
      }).ok;
    expect(del("/aws/eks/prod-blue/cluster")).toBe(false);
    expect(del("/platform/prod/audit-trail")).toBe(false);
    expect(del("/platform/prod/redis/slow-log")).toBe(true);
  });

  it("refuses a state file, an errored plan and another major format version, in one line", () => {
    expect(() => plan("state")).toThrow(
      `${path.join(PLANS, "state.json")}: is a state file (values, but no resource_changes or planned_values); expected a saved plan: terraform show -json plan.out`,
    );
    expect(() => plan("errored")).toThrow(
      `${path.join(PLANS, "errored.json")}: the plan errored (errored: true), so it is incomplete; fix the errors terraform plan reported and plan again`,
    );
    expect(() => parsePlan('{"format_version": "1.0", "terraform_version": "1.11.4", "values": {}}')).toThrow(
      /is a state file/,
    );
    expect(() => parsePlan('{"format_version": "2.0", "resource_changes": []}')).toThrow(
      "plan: not a terraform show -json plan: format_version: expected a 1.x format_version",
    );
    expect(
      parsePlan('{"format_version": "1.2", "resource_changes": [], "errored": false}').resource_changes,
    ).toEqual([]);
    expect(() => parsePlan("{\n  nope")).toThrow(/^plan: not JSON \([^\n]*\)$/);
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
    const stale = [rel("create-only.json"), "--allow", "aws_s3_bucket.other=stale from last week"];
    expect(run(stale).code).toBe(0);
    expect(run(stale).stdout).toContain(
      "warning: allowance for aws_s3_bucket.other allows nothing: not in the plan",
    );
    expect(run([...stale, "--strict"]).code).toBe(1);
    const wildcard = run([rel("replace-bucket.json"), "--allow", "aws_s3_bucket.*=bulk rename"]);
    expect(wildcard.code).toBe(2);
    expect(wildcard.stderr).toBe(
      'plan-guard: error: --allow: allowance "aws_s3_bucket.*" has a wildcard; expected an exact address (allow each resource by name)',
    );
    const help = run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe(PLAN_GUARD_HELP);
    expect(help.stdout.split("\n")[0]).toBe(PLAN_GUARD_USAGE);
    for (const [args, message] of [
      [[], "missing plan file"],
      [[rel("create-only.json"), "--bogus"], "unknown option --bogus"],
      [[rel("create-only.json"), rel("update.json")], `unexpected argument ${rel("update.json")}`],
      [[rel("missing.json")], `plan file ${rel("missing.json")} not found`],
      [
        [rel("create-only.json"), "--allow-file", rel("missing.allow.json")],
        `allow file ${rel("missing.allow.json")} not found`,
      ],
      [[rel("create-only.json"), "--allow"], "--allow needs a value"],
    ] as const) {
      const result = run([...args]);
      expect(result.code, message).toBe(2);
      expect(result.stderr.split("\n")).toEqual([`plan-guard: error: ${message}`, PLAN_GUARD_USAGE]);
    }
    const state = run([rel("state.json")]);
    expect(state.code).toBe(2);
    expect(state.stderr).toMatch(/^plan-guard: error: .*state\.json: is a state file [^\n]*$/);
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
    expect(unreadable.stderr).toBe(
      `plan-guard: error: plan file ${rel("missing.json")} not found\n${PLAN_GUARD_USAGE}\n`,
    );
    expect(unreadable.stderr).not.toContain("    at ");
  });
});
