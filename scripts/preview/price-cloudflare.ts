/**
 * CloudFlare Load Balancing, billed per account: the subscription on the first load balancer by name,
 * origins beyond those it includes, and faster health checks once.
 */
import { asNumber, blocks } from "../../policy/lib/values";
import type { JsonObject } from "../../policy/types";
import { Bill, type PriceContext, type Priced, text, unpriced } from "./price-bill";
import type { PriceTable } from "./price-table";

/**
 * Whether `values` is the first of `peers` (those `pick` keeps) by `name`, the one that carries a charge
 * billed once per account. A resource without a literal name, or without peers, is first.
 */
function sortsFirst(
  values: JsonObject,
  peers: readonly JsonObject[],
  pick: (p: JsonObject) => boolean,
): boolean {
  const name = text(values.name);
  if (name === undefined) return true;
  return !peers.some((p) => pick(p) && typeof p.name === "string" && p.name < name);
}

const INCLUDED_STEERING = new Set(["", "off", "random"]);

/**
 * The account's Load Balancing subscription, charged on the stack's first load balancer by name, plus
 * dynamic (latency) steering, charged on the first load balancer that uses it. Other load balancers add
 * only DNS queries, which the subscription includes up to 500,000 a month.
 */
export function cloudflareLoadBalancer(values: JsonObject, ctx: PriceContext, table: PriceTable): Priced {
  const cf = table.cloudflare;
  const steering = text(values.steering_policy) ?? "";
  if (!INCLUDED_STEERING.has(steering) && steering !== "dynamic_latency")
    return unpriced(`steering policy ${steering} not in the price table`);
  const peers = ctx.peers?.("cloudflare_load_balancer") ?? [];
  const bill = new Bill(table);
  if (sortsFirst(values, peers, () => true))
    bill.add(cf.loadBalancingMonthly, 1, "month", "Load Balancing subscription (per account)");
  const dynamic = (p: JsonObject) => p.steering_policy === "dynamic_latency";
  if (dynamic(values) && sortsFirst(values, peers, dynamic))
    bill.add(cf.dynamicSteeringMonthly, 1, "month", "dynamic steering (per account)");
  if (bill.parts.length === 0) bill.parts.push("covered by the account's Load Balancing subscription");
  return bill.result();
}

function originCount(pool: JsonObject): number {
  return blocks(pool.origins).length;
}

/**
 * Each origin beyond those the subscription includes. The included origins go to the pools whose names
 * sort first (origins count per pool, even where two pools share an address).
 */
export function cloudflarePool(values: JsonObject, ctx: PriceContext, table: PriceTable): Priced {
  const cf = table.cloudflare;
  const origins = originCount(values);
  const name = text(values.name);
  const before = (ctx.peers?.("cloudflare_load_balancer_pool") ?? [])
    .filter((p) => name !== undefined && typeof p.name === "string" && p.name < name)
    .reduce((n, p) => n + originCount(p), 0);
  const included = Math.max(0, Math.min(origins, cf.loadBalancingIncludedOrigins.value - before));
  const bill = new Bill(table);
  const charged = origins - included;
  if (charged > 0) bill.add(cf.loadBalancingOriginMonthly, charged, "month", `${charged} × origin`);
  if (included > 0) bill.parts.push(`${included} × origin included in the subscription`);
  return bill.result();
}

/** Health checks at the included interval are free; faster ones are one add-on per account. */
export function cloudflareMonitor(values: JsonObject, ctx: PriceContext, table: PriceTable): Priced {
  const cf = table.cloudflare;
  const included = cf.loadBalancingIncludedIntervalSeconds.value;
  const fast = (p: JsonObject) => (asNumber(p.interval) ?? 60) < included;
  if (!fast(values)) return { kind: "free" };
  const peers = ctx.peers?.("cloudflare_load_balancer_monitor") ?? [];
  const bill = new Bill(table);
  if (sortsFirst(values, peers, fast))
    bill.add(cf.fastHealthChecksMonthly, 1, "month", `health checks under ${included} s (per account)`);
  else bill.parts.push("faster health checks charged on another monitor");
  return bill.result();
}
