/**
 * Monthly cost estimates of stacks and plans, from the pinned price table (`price-table.ts`) and the
 * per-resource prices (`price-resource.ts`, which lists what is priced and how). It is an estimate,
 * labelled as one: no usage, discounts, taxes or free tier.
 *
 * Per stack: `costOfDoc` totals a synthesized stack; `costOfPlan` is the plan's monthly delta, the
 * after-state of creates and updates minus the before-state of deletes and updates (replace = both).
 * For a synth diff, before is base and after is head, so the delta is head minus base.
 */
import { asNumber, isObject, isReference } from "../../policy/lib/values";
import { classify } from "../../policy/plan-guard";
import type { JsonObject, StackDoc } from "../../policy/types";
import type { PlanJson } from "./plan";
import { type PriceContext, type Priced, unpriced } from "./price-bill";
import { priceResource } from "./price-resource";
import { PRICES, type PriceTable } from "./price-table";

export type { PriceContext, Priced } from "./price-bill";
export { priceResource } from "./price-resource";
export { PRICES, type PriceTable, PriceTableSchema } from "./price-table";

/** Instances a synthesized resource stands for: `count`, or the size of a literal `for_each`. */
function instancesOf(values: JsonObject): number {
  const count = asNumber(values.count);
  if (count !== undefined) return count;
  if (Array.isArray(values.for_each)) return values.for_each.length;
  if (isObject(values.for_each)) return Object.keys(values.for_each).length;
  return 1;
}

const REFERENCE = /^\$\{([A-Za-z0-9_]+)\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_.[\]]+\}$/;

/**
 * Resolution over a synthesized stack (references) and resource attribute sets (ids, identifiers). Peers
 * of a type come from the stack where it has that type, else from `typed` (a plan's side).
 */
export function contextOf(
  doc: StackDoc | undefined,
  valueSets: readonly JsonObject[] = [],
  typed: ReadonlyArray<{ type: string; values: JsonObject }> = [],
): PriceContext {
  const byId = new Map<string, JsonObject>();
  const index = (values: JsonObject) => {
    for (const key of ["id", "identifier", "arn", "name"]) {
      const v = values[key];
      if (typeof v === "string" && !isReference(v) && !byId.has(v)) byId.set(v, values);
    }
  };
  for (const byName of Object.values(doc?.resource ?? {}))
    for (const values of Object.values(byName)) index(values);
  for (const values of valueSets) index(values);
  return {
    resolve(ref) {
      if (typeof ref !== "string") return undefined;
      const m = REFERENCE.exec(ref);
      if (m) return doc?.resource?.[m[1]!]?.[m[2]!];
      return byId.get(ref);
    },
    peers(type) {
      const inDoc = doc?.resource?.[type];
      if (inDoc !== undefined) return Object.values(inDoc);
      return typed.filter((t) => t.type === type).map((t) => t.values);
    },
  };
}

/** A priced resource. */
export interface CostLine {
  address: string;
  type: string;
  /** Monthly USD (for a plan: after minus before). */
  usd: number;
  detail: string;
  estimate: boolean;
}

/** Resource types that were not priced, with how many resources and why. */
export type Unpriced = Map<string, { count: number; why: string }>;

/** A monthly cost (a total or a delta). */
export interface Cost {
  usd: number;
  lines: CostLine[];
  /** Types with no price: absent from the table, or their class/size is. */
  unpriced: Unpriced;
  /** Types charged by usage only. */
  usageBased: Unpriced;
}

function note(map: Unpriced, type: string, why: string): void {
  const entry = map.get(type);
  map.set(type, { count: (entry?.count ?? 0) + 1, why: entry?.why ?? why });
}

function tally(cost: Cost, type: string, priced: Priced): number {
  if (priced.kind === "unpriced") note(cost.unpriced, type, priced.why);
  if (priced.kind === "usage") note(cost.usageBased, type, priced.why);
  return priced.kind === "priced" ? priced.usd : 0;
}

function emptyCost(): Cost {
  return { usd: 0, lines: [], unpriced: new Map(), usageBased: new Map() };
}

/** The monthly cost of a synthesized stack. */
export function costOfDoc(doc: StackDoc | undefined, table: PriceTable = PRICES): Cost {
  const cost = emptyCost();
  const ctx = contextOf(doc);
  for (const [type, byName] of Object.entries(doc?.resource ?? {})) {
    for (const [name, values] of Object.entries(byName)) {
      const priced = priceResource(type, values, ctx, table);
      const usd = tally(cost, type, priced) * instancesOf(values);
      if (priced.kind === "priced") {
        cost.lines.push({
          address: `${type}.${name}`,
          type,
          usd,
          detail: priced.detail,
          estimate: priced.estimate,
        });
        cost.usd += usd;
      }
    }
  }
  return cost;
}

/**
 * Plan values with the gaps filled from the synthesized configuration: a `null` (unknown until apply,
 * such as the id of a launch template created in the same apply) takes the configured value, which is
 * often a `${...}` reference the price context can follow. cdktf writes a nested block as an object
 * where the plan has a one-element list; both shapes merge.
 */
export function mergeKnown(config: unknown, value: unknown): unknown {
  if (value === null || value === undefined) return config;
  if (Array.isArray(value) && isObject(config))
    return value.map((v, i) => (i === 0 ? mergeKnown(config, v) : v));
  if (Array.isArray(value) && Array.isArray(config)) return value.map((v, i) => mergeKnown(config[i], v));
  if (isObject(value) && isObject(config)) {
    const out: JsonObject = { ...config };
    for (const [k, v] of Object.entries(value)) out[k] = mergeKnown(config[k], v);
    return out;
  }
  return value;
}

/**
 * The monthly delta of a plan: after-state of creates and updates minus before-state of deletes and
 * updates. `baseDoc`/`headDoc` fill what the plan's values leave open (see `mergeKnown`). A change
 * with an unpriced or usage-based side adds nothing and is listed as such.
 */
export function costOfPlan(
  plan: PlanJson,
  docs: { baseDoc?: StackDoc; headDoc?: StackDoc } = {},
  table: PriceTable = PRICES,
): Cost {
  const cost = emptyCost();
  const changes = plan.resource_changes ?? [];
  const typed = (key: "before" | "after") =>
    changes.flatMap((c) => {
      const values = c.change[key];
      return isObject(values) ? [{ type: c.type, values }] : [];
    });
  const sides = { before: typed("before"), after: typed("after") };
  const contexts = {
    before: contextOf(
      docs.baseDoc,
      sides.before.map((t) => t.values),
      sides.before,
    ),
    after: contextOf(
      docs.headDoc,
      sides.after.map((t) => t.values),
      sides.after,
    ),
  };
  for (const rc of changes) {
    if (rc.mode !== undefined && rc.mode !== "managed") continue;
    const kind = classify(rc.change.actions);
    if (kind === "no-op" || kind === "read" || kind === "forget") continue;
    const price = (key: "before" | "after", doc: StackDoc | undefined): Priced => {
      const config = rc.name === undefined ? undefined : doc?.resource?.[rc.type]?.[rc.name];
      const values = config === undefined ? rc.change[key] : mergeKnown(config, rc.change[key]);
      return isObject(values)
        ? priceResource(rc.type, values, contexts[key], table)
        : unpriced("values unknown");
    };
    const sides = [
      ...(kind === "create" ? [] : [{ sign: -1, priced: price("before", docs.baseDoc) }]),
      ...(kind === "delete" ? [] : [{ sign: 1, priced: price("after", docs.headDoc) }]),
    ];
    const open = sides.find((s) => s.priced.kind === "unpriced" || s.priced.kind === "usage");
    if (open !== undefined) {
      tally(cost, rc.type, open.priced);
      continue;
    }
    const usd = sides.reduce((sum, s) => sum + s.sign * usdOf(s.priced), 0);
    const shown = sides[sides.length - 1]!.priced;
    if (shown.kind === "priced" && Math.abs(usd) >= 0.005) {
      const estimate = sides.some((s) => s.priced.kind === "priced" && s.priced.estimate);
      const detail =
        sides.length === 2 && sides[0]!.priced.kind === "priced" && sides[0]!.priced.detail !== shown.detail
          ? `${sides[0]!.priced.detail} → ${shown.detail}`
          : shown.detail;
      cost.lines.push({ address: rc.address, type: rc.type, usd, detail, estimate });
    }
    cost.usd += usd;
  }
  return cost;
}

function usdOf(priced: Priced): number {
  return priced.kind === "priced" ? priced.usd : 0;
}

/** `+$12.34`, `-$5.00`, `$0.00`. */
export function formatUsd(usd: number, signed = false): string {
  const rounded = Math.round(usd * 100) / 100;
  const text = `$${Math.abs(rounded).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  if (!signed || rounded === 0) return rounded < 0 ? `-${text}` : text;
  return rounded > 0 ? `+${text}` : `-${text}`;
}
