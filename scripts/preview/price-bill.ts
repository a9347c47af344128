/**
 * How a resource is charged (`Priced`), what a price may look up (`PriceContext`), and the `Bill` the
 * per-cloud pricers fill in.
 */
import type { JsonObject } from "../../policy/types";
import type { Price, PriceTable } from "./price-table";

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
  /**
   * Every resource of `type` on the same side (the stack, or one side of a plan), for charges billed
   * once per account such as CloudFlare's Load Balancing subscription. Without it, a resource is alone.
   */
  peers?(type: string): readonly JsonObject[];
}

export const NO_CONTEXT: PriceContext = { resolve: () => undefined };

export class Bill {
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

export function unpriced(why: string): Priced {
  return { kind: "unpriced", why };
}

export function flat(
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

export function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
