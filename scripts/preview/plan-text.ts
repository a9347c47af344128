/**
 * A compact, readable text rendering of a Terraform JSON plan, for the folded section of the comment:
 *
 * ```
 * + aws_nat_gateway.Network_NatGatewayB_3F1A
 * ~ aws_db_instance.Database_Primary_1B138CD9
 *     instance_class: "db.t4g.medium" -> "db.r6g.large"
 *     password: (sensitive value) -> (sensitive value)
 * -/+ aws_elasticache_replication_group.Cache (replace, forced by node_type; stateful)
 *     node_type: "cache.t4g.small" -> "cache.r6g.large"
 *     arn: "arn:aws:..." -> (known after apply)
 * - aws_s3_bucket.Logs (stateful)
 * ```
 *
 * Creates, deletes and reads show the address only; updates and replaces list the changed leaves
 * (`a.b[0].c`), and a string that holds JSON on both sides (Helm `values`) is compared inside
 * (`values[0].<json>.controller.replicas`). `no-op` changes are left out.
 *
 * Nothing sensitive is printed: a leaf under a `true` in either side's sensitivity mask prints
 * `(sensitive value)` on both sides, strings under secret-looking names print `(redacted)`, and every
 * string passes `redactText` (see `redact.ts`).
 */
import { classify } from "../../policy/plan-guard";
import { isStatefulType } from "../../policy/stateful-types";
import type { PlanJson, PlanResourceChange } from "./plan";
import { isSecretName, maskChild, REDACTED, redactText, SENSITIVE, type SensitiveMask } from "./redact";

/** Printed for a value Terraform only knows after apply. */
export const UNKNOWN = "(known after apply)";
/** Printed for a side where the attribute does not exist. */
const ABSENT = "(absent)";

/** Options of `renderPlanText`. */
export interface PlanTextOptions {
  /** Longest string value printed before it is cut. @default 120 */
  readonly maxValueLength?: number;
  /** Most changed attributes listed per resource. @default 40 */
  readonly maxAttributesPerResource?: number;
}

type PathKey = string | number;

const SYMBOLS: Record<string, string> = {
  create: "+",
  delete: "-",
  update: "~",
  read: "<=",
  forget: ".",
};

const REASONS: Record<string, string> = {
  replace_because_tainted: "tainted",
  replace_by_request: "replacement requested",
  replace_by_triggers: "replace_triggered_by",
  delete_because_no_resource_config: "no longer in the configuration",
  delete_because_no_module: "its module is gone",
  delete_because_wrong_repetition: "count/for_each changed",
  delete_because_count_index: "count index out of range",
  delete_because_each_key: "for_each key removed",
  delete_because_no_move_target: "moved target missing",
  read_because_config_unknown: "configuration known only after apply",
  read_because_dependency_pending: "a dependency has pending changes",
};

function formatPath(path: readonly PathKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (key === "<json>") out += ".<json>";
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function jsonContainer(value: unknown): unknown {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  if (!(trimmed.startsWith("{") || trimmed.startsWith("["))) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return typeof parsed === "object" && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A redacted deep copy: sensitive parts, secret-named strings and secret-looking substrings replaced. */
export function sanitize(value: unknown, mask: SensitiveMask, secretName = false): unknown {
  if (mask === true) return SENSITIVE;
  if (typeof value === "string") return secretName ? REDACTED : redactText(value);
  if (Array.isArray(value)) return value.map((v, i) => sanitize(v, maskChild(mask, i), secretName));
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        sanitize(v, maskChild(mask, k), secretName || isSecretName(k)),
      ]),
    );
  }
  return value;
}

class Renderer {
  private readonly maxValue: number;
  private readonly maxAttributes: number;

  constructor(options: PlanTextOptions) {
    this.maxValue = options.maxValueLength ?? 120;
    this.maxAttributes = options.maxAttributesPerResource ?? 40;
  }

  value(value: unknown, mask: SensitiveMask, secretName: boolean): string {
    if (value === undefined) return ABSENT;
    const clean = sanitize(value, mask, secretName);
    if (clean === SENSITIVE || clean === REDACTED) return clean;
    if (typeof clean === "string") {
      if (/^\((redacted|sensitive)[^)]*\)$/.test(clean.trim())) return clean.trim();
      const cut = clean.length > this.maxValue || clean.includes("\n");
      if (!cut) return JSON.stringify(clean);
      const head = clean.split("\n")[0]!.slice(0, this.maxValue);
      return `${JSON.stringify(head)}… (${clean.length} chars)`;
    }
    const text = JSON.stringify(clean) ?? String(clean);
    return text.length > this.maxValue ? `${text.slice(0, this.maxValue)}… (${text.length} chars)` : text;
  }

  /** Appends `path: before -> after` lines for every leaf that differs. */
  diff(
    before: unknown,
    after: unknown,
    masks: { before: SensitiveMask; after: SensitiveMask; unknown: unknown },
    path: PathKey[],
    secretName: boolean,
    out: string[],
  ): void {
    if (masks.unknown === true) {
      out.push(`${formatPath(path)}: ${this.value(before, masks.before, secretName)} -> ${UNKNOWN}`);
      return;
    }
    if (masks.before === true || masks.after === true) {
      if (!same(before, after)) out.push(`${formatPath(path)}: ${SENSITIVE} -> ${SENSITIVE}`);
      return;
    }
    const child = (key: PathKey) => ({
      before: maskChild(masks.before, key),
      after: maskChild(masks.after, key),
      unknown: maskChild(masks.unknown, key),
    });
    if (isPlainObject(before) && isPlainObject(after)) {
      const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
      for (const key of keys) {
        this.diff(before[key], after[key], child(key), [...path, key], secretName || isSecretName(key), out);
      }
      return;
    }
    if (Array.isArray(before) && Array.isArray(after)) {
      for (let i = 0; i < Math.max(before.length, after.length); i++) {
        this.diff(before[i], after[i], child(i), [...path, i], secretName, out);
      }
      return;
    }
    if (same(before, after)) return;
    const beforeJson = secretName ? undefined : jsonContainer(before);
    const afterJson = secretName ? undefined : jsonContainer(after);
    if (beforeJson !== undefined && afterJson !== undefined) {
      this.diff(
        beforeJson,
        afterJson,
        { before: false, after: false, unknown: false },
        [...path, "<json>"],
        false,
        out,
      );
      return;
    }
    out.push(
      `${formatPath(path)}: ${this.value(before, masks.before, secretName)} -> ${this.value(after, masks.after, secretName)}`,
    );
  }

  change(rc: PlanResourceChange): string[] {
    const kind = classify(rc.change.actions);
    if (kind === "no-op") return [];
    const symbol = kind === "replace" ? (rc.change.actions[0] === "create" ? "+/-" : "-/+") : SYMBOLS[kind];
    const notes: string[] = [];
    if (kind === "replace") {
      const forced = (rc.change.replace_paths ?? []).map((p) => formatPath(p));
      notes.push(forced.length > 0 ? `replace, forced by ${forced.join(", ")}` : "replace");
    }
    if (rc.action_reason && REASONS[rc.action_reason]) notes.push(REASONS[rc.action_reason]!);
    if (rc.deposed) notes.push(`deposed ${rc.deposed}`);
    if ((kind === "delete" || kind === "replace") && isStatefulType(rc.type)) notes.push("stateful");
    const header = `${symbol} ${redactText(rc.address)}${notes.length > 0 ? ` (${notes.join("; ")})` : ""}`;
    if (kind !== "update" && kind !== "replace") return [header];
    const attrs: string[] = [];
    this.diff(
      rc.change.before,
      rc.change.after,
      {
        before: rc.change.before_sensitive,
        after: rc.change.after_sensitive,
        unknown: rc.change.after_unknown,
      },
      [],
      false,
      attrs,
    );
    const shown = attrs.slice(0, this.maxAttributes).map((line) => `    ${line}`);
    if (attrs.length > this.maxAttributes) {
      shown.push(`    … ${attrs.length - this.maxAttributes} more changed attributes`);
    }
    return [header, ...shown];
  }
}

/** The plan as lines of text, in plan order; no-op changes are left out. */
export function renderPlanText(plan: PlanJson, options: PlanTextOptions = {}): string[] {
  const renderer = new Renderer(options);
  return (plan.resource_changes ?? []).flatMap((rc) => renderer.change(rc));
}
