/**
 * A small, reviewable text of what a plan does: one line per resource change, with its action and
 * the attributes that matter for review (names, sizes, versions, ports, protection flags). Used for
 * the per-stack plan snapshots in `plans/`, which replace a snapshot of the whole synthesized JSON.
 */
import type { PlanJson } from "./harness";

/** Attributes shown when a change sets them to a scalar or a list of scalars. */
export const REVIEWED_ATTRIBUTES = [
  "name",
  "name_prefix",
  "identifier",
  "bucket",
  "cluster_name",
  "node_group_name_prefix",
  "cidr_block",
  "cidr_ipv4",
  "ip_protocol",
  "from_port",
  "to_port",
  "instance_class",
  "instance_types",
  "node_type",
  "engine",
  "engine_version",
  "version",
  "chart",
  "namespace",
  "multi_az",
  "num_cache_clusters",
  "deletion_protection",
  "storage_encrypted",
  "allocated_storage",
  "backup_retention_period",
  "snapshot_retention_limit",
  "endpoint_public_access",
  "public_access_cidrs",
  "type",
  "ttl",
  "retention_in_days",
  "deletion_window_in_days",
  "enable_key_rotation",
  "addon_name",
  "capacity_type",
  "rotate_immediately",
] as const;

const ACTION: Record<string, string> = {
  create: "+",
  delete: "-",
  update: "~",
  read: "<=",
  "no-op": " ",
  "delete,create": "-/+",
  "create,delete": "+/-",
  forget: "forget",
};

function scalar(v: unknown): string | undefined {
  if (typeof v === "string") return JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (
    Array.isArray(v) &&
    v.length > 0 &&
    v.every((x) => ["string", "number", "boolean"].includes(typeof x))
  ) {
    return `[${v.map((x) => scalar(x)).join(", ")}]`;
  }
  return undefined;
}

/** The plan as text: a header of counts, then one sorted line per change (no-ops and reads left out). */
export function planSummary(plan: PlanJson): string {
  const lines: string[] = [];
  const counts: Record<string, number> = {};
  for (const rc of plan.resource_changes ?? []) {
    const action = rc.change.actions.join(",");
    if (action === "no-op" || action === "read") continue;
    counts[action] = (counts[action] ?? 0) + 1;
    const after = (rc.change.after ?? {}) as Record<string, unknown>;
    const attrs = REVIEWED_ATTRIBUTES.flatMap((k) => {
      const v = scalar(after[k]);
      return v === undefined ? [] : [`${k}=${v}`];
    });
    // Hash suffixes of logical IDs change with construct paths, not with what is deployed.
    const address = rc.address.replace(/_[0-9A-F]{8}(?=$|\[|\.)/g, "");
    lines.push(`${ACTION[action] ?? action} ${address}${attrs.length ? `  ${attrs.join(" ")}` : ""}`);
  }
  const header = Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([a, n]) => `${a}: ${n}`)
    .join(", ");
  return `${header}\n${lines.sort().join("\n")}\n`;
}
