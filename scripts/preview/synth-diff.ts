/**
 * The fallback "plan" when no Terraform plan is available: a Terraform-format plan derived by diffing
 * the synthesized managed resources of base and head. It is **a synth diff, not a Terraform plan**,
 * and the comment says so: it knows nothing of the deployed state, of drift, of provider defaults or
 * of values computed at apply time (references stay as written, `${aws_kms_key.Key.arn}`).
 *
 * - in head only: `create`; in base only: `delete`;
 * - on both sides with different attributes: `update`, or `delete`+`create` (replace) when an attribute
 *   the AWS provider marks as forcing a new resource changed (`FORCES_REPLACEMENT`, kept only for the
 *   stateful types, where a missed replacement would hide data loss; a heuristic, with the attribute in
 *   `replace_paths`);
 * - identical: `no-op`. Meta-arguments (`depends_on`, `lifecycle`, `provider`, `count`, `for_each`) and
 *   `"//"` comments are not attributes and are not compared; data sources are not planned.
 *
 * Terraform would mark some values sensitive; the synth diff has no provider schema, so it marks
 * nothing, and the renderer's name and pattern redaction (`redact.ts`) does the work.
 *
 * What changed outside `resource` (the `terraform` block, providers, outputs, data sources) is no
 * resource change; `configurationChanges` names it, so a stack that changed without a resource change
 * says why.
 */
import type { StackDoc } from "../../policy/types";
import { canonical } from "./changed-stacks";
import type { PlanJson, PlanResourceChange } from "./plan";

/** Attributes whose change forces a new resource, for the stateful types (AWS provider schema). */
export const FORCES_REPLACEMENT: Readonly<Record<string, readonly string[]>> = {
  aws_db_instance: [
    "identifier",
    "engine",
    "username",
    "db_name",
    "storage_encrypted",
    "kms_key_id",
    "availability_zone",
  ],
  aws_rds_cluster: [
    "cluster_identifier",
    "engine",
    "master_username",
    "database_name",
    "storage_encrypted",
    "kms_key_id",
  ],
  aws_elasticache_replication_group: [
    "replication_group_id",
    "at_rest_encryption_enabled",
    "kms_key_id",
    "subnet_group_name",
  ],
  aws_s3_bucket: ["bucket", "bucket_prefix", "object_lock_enabled"],
  aws_kms_key: ["customer_master_key_spec", "key_usage", "multi_region"],
  aws_backup_vault: ["name", "kms_key_arn"],
  aws_dynamodb_table: ["name"],
  aws_efs_file_system: ["creation_token", "encrypted", "kms_key_id", "performance_mode"],
};

const META_ARGUMENTS = new Set([
  "//",
  "depends_on",
  "lifecycle",
  "provider",
  "count",
  "for_each",
  "provisioner",
  "connection",
]);

/** A synthesized resource's attributes without meta-arguments and comments. */
export function attributesOf(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => !META_ARGUMENTS.has(k)));
}

function resources(
  doc: StackDoc | undefined,
): Map<string, { type: string; name: string; values: Record<string, unknown> }> {
  const out = new Map<string, { type: string; name: string; values: Record<string, unknown> }>();
  for (const [type, byName] of Object.entries(doc?.resource ?? {})) {
    for (const [name, values] of Object.entries(byName)) {
      out.set(`${type}.${name}`, { type, name, values: attributesOf(values) });
    }
  }
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Marker in the plan document, so a synth diff can never pass for a Terraform plan. */
export const SYNTH_DIFF_MARKER = "synth diff, not a Terraform plan";

/** Derives a Terraform-format plan (format_version 1.2) from the base and head documents of a stack. */
export function synthDiffPlan(baseDoc: StackDoc | undefined, headDoc: StackDoc | undefined): PlanJson {
  const base = resources(baseDoc);
  const head = resources(headDoc);
  const addresses = [...head.keys(), ...[...base.keys()].filter((a) => !head.has(a))];
  const changes: PlanResourceChange[] = addresses.map((address) => {
    const before = base.get(address);
    const after = head.get(address);
    const { type, name } = (after ?? before)!;
    const common = { address, mode: "managed", type, name, provider_name: "(synth diff)" };
    if (before === undefined) {
      return {
        ...common,
        change: { actions: ["create"], before: null, after: after!.values, after_unknown: {} },
      };
    }
    if (after === undefined) {
      return {
        ...common,
        action_reason: "delete_because_no_resource_config",
        change: { actions: ["delete"], before: before.values, after: null, after_unknown: {} },
      };
    }
    const values = { before: before.values, after: after.values, after_unknown: {} };
    if (same(before.values, after.values)) return { ...common, change: { actions: ["no-op"], ...values } };
    const forced = (FORCES_REPLACEMENT[type] ?? []).filter((k) => !same(before.values[k], after.values[k]));
    if (forced.length > 0) {
      return {
        ...common,
        action_reason: "replace_because_cannot_update",
        change: { actions: ["delete", "create"], ...values, replace_paths: forced.map((k) => [k]) },
      };
    }
    return { ...common, change: { actions: ["update"], ...values } };
  });
  return { format_version: "1.2", preview_source: SYNTH_DIFF_MARKER, resource_changes: changes };
}

function changedPaths(before: unknown, after: unknown, path: string, depth: number, out: string[]): void {
  if (same(canonical(before), canonical(after))) return;
  const isMap = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (depth === 0 || !isMap(before) || !isMap(after)) {
    out.push(path);
    return;
  }
  for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => k !== "//")
    .sort()) {
    changedPaths(before[key], after[key], path === "" ? key : `${path}.${key}`, depth - 1, out);
  }
}

/**
 * Paths (up to three levels, e.g. `terraform.required_version`, `output.VpcId`,
 * `data.aws_iam_policy_document.Assume`) that differ outside `resource`, ignoring `"//"` comments.
 */
export function configurationChanges(baseDoc: StackDoc | undefined, headDoc: StackDoc | undefined): string[] {
  const { resource: _b, ...base } = baseDoc ?? {};
  const { resource: _h, ...head } = headDoc ?? {};
  const out: string[] = [];
  changedPaths(base, head, "", 3, out);
  return out;
}
