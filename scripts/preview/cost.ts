/**
 * Monthly cost estimate from a pinned price table (`prices.json`: eu-west-1 on-demand list prices,
 * the date they were read, and for each number its source or, where none was found, how it was
 * estimated). It is an estimate, labelled as one: no usage, discounts, taxes or free tier.
 *
 * What is priced, per resource (`priceResource`), from the attributes a synthesized stack or a plan
 * carries:
 *
 * - `aws_eks_node_group`: `scaling_config.desired_size` nodes of `instance_types` (the first type for
 *   on-demand; the mean of the listed types times `spotPriceFactor` for `capacity_type = SPOT`), plus
 *   each node's root volume from its launch template (`block_device_mappings[].ebs.volume_size`).
 *   The environments' spot share (`kubernetes.applicationNodeGroup.spotPercent` in
 *   `environments/schema.ts`) is realised by the stacks as a separate SPOT node group holding that
 *   share of the capacity (`constructs/aws/eks-capacity.ts`), so the discount follows `capacity_type`
 *   and the share is never counted twice;
 * - `aws_db_instance`: `instance_class` by engine, doubled for `multi_az`, plus `allocated_storage` by
 *   `storage_type` (doubled for Multi-AZ); a read replica takes engine and storage from the instance
 *   `replicate_source_db` points at;
 * - `aws_elasticache_replication_group`: `node_type` times `num_cache_clusters` (or node groups times
 *   replicas + 1);
 * - `aws_eks_cluster`, `aws_nat_gateway`, `aws_eip` (public IPv4), `aws_lb`, `aws_ebs_volume`,
 *   `aws_instance`, `aws_s3_bucket` (at an assumed size per bucket), `aws_kms_key`,
 *   `aws_secretsmanager_secret`, `aws_route53_zone`.
 *
 * Types the table calls free cost nothing; types charged only by usage are listed as "usage-based";
 * every other type, and a priced type whose class is missing from the table, is listed "not priced".
 *
 * Per stack: `costOfDoc` totals a synthesized stack; `costOfPlan` is the plan's monthly delta, the
 * after-state of creates and updates minus the before-state of deletes and updates (replace = both).
 * For a synth diff, before is base and after is head, so the delta is head minus base.
 */
import { z } from "zod";
import { asNumber, asStrings, block, blocks, isObject, isReference } from "../../policy/lib/values";
import { classify } from "../../policy/plan-guard";
import type { JsonObject, StackDoc } from "../../policy/types";
import type { PlanJson } from "./plan";
import rawPrices from "./prices.json";

const price = z.strictObject({
  usd: z.number().nonnegative(),
  basis: z.enum(["read", "estimate"]),
  source: z.string().optional(),
  note: z.string().optional(),
});
const factor = price.omit({ usd: true }).extend({ value: z.number().nonnegative() });

/** The shape of `prices.json`; every `source` must name an entry of `sources`. */
export const PriceTableSchema = z
  .strictObject({
    region: z.string(),
    currency: z.literal("USD"),
    pricesReadOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    hoursPerMonth: z.number().positive(),
    notes: z.array(z.string()),
    sources: z.record(z.string(), z.string()),
    ec2InstanceHourly: z.record(z.string(), price),
    spotPriceFactor: factor,
    rdsInstanceHourly: z.record(z.string(), z.record(z.string(), price)),
    rdsMultiAzFactor: factor,
    rdsStorageGbMonth: z.record(z.string(), price),
    elasticacheNodeHourly: z.record(z.string(), price),
    ebsGbMonth: z.record(z.string(), price),
    s3StandardGbMonth: price,
    s3AssumedGbPerBucket: factor,
    natGatewayHourly: price,
    publicIpv4Hourly: price,
    loadBalancerHourly: z.record(z.string(), price),
    eksClusterHourly: z.record(z.string(), price),
    kmsKeyMonthly: price,
    secretsManagerSecretMonthly: price,
    route53HostedZoneMonthly: price,
    freeTypePrefixes: z.array(z.string()),
    freeTypes: z.array(z.string()),
    usageBasedTypes: z.record(z.string(), z.string()),
  })
  .superRefine((table, ctx) => {
    const walk = (value: unknown, path: (string | number)[]) => {
      if (!isObject(value)) return;
      if (typeof value.source === "string" && !(value.source in table.sources)) {
        ctx.addIssue({ code: "custom", path, message: `source ${value.source} is not in sources` });
      }
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    };
    walk(table, []);
  });

/** A validated price table. */
export type PriceTable = z.infer<typeof PriceTableSchema>;
type Price = z.infer<typeof price>;

/** The pinned table, validated when this module loads. */
export const PRICES: PriceTable = PriceTableSchema.parse(rawPrices);

/** How one resource is charged. */
export type Priced =
  | { kind: "priced"; usd: number; detail: string; estimate: boolean }
  | { kind: "free" }
  | { kind: "usage"; why: string }
  | { kind: "unpriced"; why: string };

/** Resolves the resources a resource points at, for node groups (launch template) and replicas. */
export interface PriceContext {
  /** The attributes of what `ref` points at: a `${type.name.attr}` reference or a literal id/identifier. */
  resolve(ref: unknown): JsonObject | undefined;
}

const NO_CONTEXT: PriceContext = { resolve: () => undefined };

class Bill {
  usd = 0;
  estimate = false;
  readonly parts: string[] = [];

  constructor(private readonly table: PriceTable) {}

  /** Adds `quantity` units of `p`, per hour (times hours per month) or per month. */
  add(p: Price, quantity: number, per: "hour" | "month", part: string): void {
    this.usd += p.usd * quantity * (per === "hour" ? this.table.hoursPerMonth : 1);
    this.estimate ||= p.basis === "estimate";
    this.parts.push(part);
  }

  result(): Priced {
    return { kind: "priced", usd: this.usd, detail: this.parts.join(" + "), estimate: this.estimate };
  }
}

function unpriced(why: string): Priced {
  return { kind: "unpriced", why };
}

function nodeGroup(values: JsonObject, ctx: PriceContext, table: PriceTable): Priced {
  const scaling = block(values.scaling_config);
  const nodes = asNumber(scaling?.desired_size) ?? asNumber(scaling?.min_size);
  if (nodes === undefined) return unpriced("desired size unknown");
  const template = ctx.resolve(block(values.launch_template)?.id);
  const types = asStrings(values.instance_types);
  if (types.length === 0 && typeof template?.instance_type === "string") types.push(template.instance_type);
  const spot = values.capacity_type === "SPOT";
  const known = (spot ? types : types.slice(0, 1)).filter((t) => table.ec2InstanceHourly[t] !== undefined);
  if (known.length === 0)
    return unpriced(`instance type ${types.join(", ") || "unknown"} not in the price table`);
  const bill = new Bill(table);
  const mean = known.reduce((sum, t) => sum + table.ec2InstanceHourly[t]!.usd, 0) / known.length;
  const hourly: Price = {
    usd: spot ? mean * table.spotPriceFactor.value : mean,
    basis: known.some((t) => table.ec2InstanceHourly[t]!.basis === "estimate") || spot ? "estimate" : "read",
  };
  bill.add(
    hourly,
    nodes,
    "hour",
    spot
      ? `${nodes} × spot (${known.join(", ")}) at ${Math.round(table.spotPriceFactor.value * 100)}% of on-demand`
      : `${nodes} × ${known[0]}`,
  );
  const ebs = block(blocks(template?.block_device_mappings)[0]?.ebs);
  const diskGb =
    asNumber(ebs?.volume_size) ?? (template === undefined ? (asNumber(values.disk_size) ?? 20) : undefined);
  const volumeType = typeof ebs?.volume_type === "string" ? ebs.volume_type : "gp3";
  const volumePrice = table.ebsGbMonth[volumeType];
  if (diskGb !== undefined && volumePrice !== undefined) {
    bill.add(volumePrice, nodes * diskGb, "month", `${nodes} × ${diskGb} GB ${volumeType}`);
  }
  return bill.result();
}

function dbInstance(values: JsonObject, ctx: PriceContext, table: PriceTable): Priced {
  const source =
    values.replicate_source_db === undefined ? undefined : ctx.resolve(values.replicate_source_db);
  const engine = typeof values.engine === "string" ? values.engine : source?.engine;
  const cls = values.instance_class;
  if (typeof engine !== "string" || typeof cls !== "string")
    return unpriced("engine or instance class unknown");
  const hourly = table.rdsInstanceHourly[engine]?.[cls];
  if (hourly === undefined) return unpriced(`${engine} ${cls} not in the price table`);
  const multiAz = values.multi_az === true || values.multi_az === "true";
  const copies = multiAz ? table.rdsMultiAzFactor.value : 1;
  const bill = new Bill(table);
  bill.add(hourly, copies, "hour", `${cls}${multiAz ? " Multi-AZ" : ""}`);
  const storageGb = asNumber(values.allocated_storage) ?? asNumber(source?.allocated_storage);
  const storageType = typeof values.storage_type === "string" ? values.storage_type : "gp2";
  const storagePrice = table.rdsStorageGbMonth[storageType];
  if (storageGb !== undefined && storagePrice !== undefined) {
    bill.add(
      storagePrice,
      storageGb * copies,
      "month",
      `${storageGb} GB ${storageType}${multiAz ? " × 2" : ""}`,
    );
  }
  return bill.result();
}

function cacheGroup(values: JsonObject, table: PriceTable): Priced {
  const type = values.node_type;
  const hourly = typeof type === "string" ? table.elasticacheNodeHourly[type] : undefined;
  if (hourly === undefined) return unpriced(`node type ${String(type)} not in the price table`);
  const groups = asNumber(values.num_node_groups);
  const replicas = asNumber(values.replicas_per_node_group);
  const nodes =
    asNumber(values.num_cache_clusters) ??
    (groups !== undefined ? groups * ((replicas ?? 0) + 1) : undefined) ??
    1;
  const bill = new Bill(table);
  bill.add(hourly, nodes, "hour", `${nodes} × ${type}`);
  return bill.result();
}

function flat(
  table: PriceTable,
  p: Price | undefined,
  per: "hour" | "month",
  part: string,
  quantity = 1,
): Priced {
  if (p === undefined) return unpriced(`${part} not in the price table`);
  const bill = new Bill(table);
  bill.add(p, quantity, per, part);
  return bill.result();
}

/** How a resource of `type` with these attributes is charged per month. */
export function priceResource(
  type: string,
  values: JsonObject,
  ctx: PriceContext = NO_CONTEXT,
  table: PriceTable = PRICES,
): Priced {
  switch (type) {
    case "aws_eks_node_group":
      return nodeGroup(values, ctx, table);
    case "aws_db_instance":
      return dbInstance(values, ctx, table);
    case "aws_elasticache_replication_group":
      return cacheGroup(values, table);
    case "aws_eks_cluster":
      return flat(table, table.eksClusterHourly.standard, "hour", "EKS control plane (standard support)");
    case "aws_nat_gateway":
      return flat(table, table.natGatewayHourly, "hour", "NAT gateway hours");
    case "aws_eip":
      return flat(table, table.publicIpv4Hourly, "hour", "public IPv4 address");
    case "aws_lb": {
      const kind = typeof values.load_balancer_type === "string" ? values.load_balancer_type : "application";
      return flat(table, table.loadBalancerHourly[kind], "hour", `${kind} load balancer hours`);
    }
    case "aws_ebs_volume": {
      const size = asNumber(values.size);
      const volumeType = typeof values.type === "string" ? values.type : "gp3";
      if (size === undefined) return unpriced("volume size unknown");
      return flat(table, table.ebsGbMonth[volumeType], "month", `${size} GB ${volumeType}`, size);
    }
    case "aws_instance": {
      const it = typeof values.instance_type === "string" ? values.instance_type : "unknown";
      return flat(table, table.ec2InstanceHourly[it], "hour", it);
    }
    case "aws_s3_bucket": {
      const gb = table.s3AssumedGbPerBucket.value;
      return flat(
        table,
        { ...table.s3StandardGbMonth, basis: "estimate" },
        "month",
        `assumed ${gb} GB Standard`,
        gb,
      );
    }
    case "aws_kms_key":
      return flat(table, table.kmsKeyMonthly, "month", "KMS key");
    case "aws_secretsmanager_secret":
      return flat(table, table.secretsManagerSecretMonthly, "month", "secret");
    case "aws_route53_zone":
      return flat(table, table.route53HostedZoneMonthly, "month", "hosted zone");
    default:
      if (table.freeTypes.includes(type) || table.freeTypePrefixes.some((p) => type.startsWith(p))) {
        return { kind: "free" };
      }
      if (table.usageBasedTypes[type] !== undefined)
        return { kind: "usage", why: table.usageBasedTypes[type]! };
      return unpriced("type not in the price table");
  }
}

/** Instances a synthesized resource stands for: `count`, or the size of a literal `for_each`. */
function instancesOf(values: JsonObject): number {
  const count = asNumber(values.count);
  if (count !== undefined) return count;
  if (Array.isArray(values.for_each)) return values.for_each.length;
  if (isObject(values.for_each)) return Object.keys(values.for_each).length;
  return 1;
}

const REFERENCE = /^\$\{([A-Za-z0-9_]+)\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_.[\]]+\}$/;

/** Resolution over a synthesized stack (references) and resource attribute sets (ids, identifiers). */
export function contextOf(doc: StackDoc | undefined, valueSets: readonly JsonObject[] = []): PriceContext {
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
  const side = (key: "before" | "after") => changes.map((c) => c.change[key]).filter(isObject);
  const contexts = {
    before: contextOf(docs.baseDoc, side("before")),
    after: contextOf(docs.headDoc, side("after")),
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
