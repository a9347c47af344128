/**
 * Message and tier helpers shared by rules, so every finding reads the same way:
 * `<attribute> is <actual>; expected <expected>`.
 */
import type { PolicyContext } from "../types.js";
import { show } from "./values.js";

/** `"<attribute> is <actual>; expected <want>"`. */
export function expected(attribute: string, actual: unknown, want: string): string {
  return `${attribute} is ${show(actual)}; expected ${want}`;
}

/** True in staging and production, where availability and data-loss rules apply. */
export function isStagingOrProduction(ctx: PolicyContext): boolean {
  return ctx.tier === "staging" || ctx.tier === "production";
}

/** True for a primary database: neither an instance read replica nor an Aurora replica cluster. */
export function isPrimaryDatabase(values: Record<string, unknown>): boolean {
  const replicaOf = values.replicate_source_db ?? values.replication_source_identifier;
  return replicaOf === undefined || replicaOf === null || replicaOf === "";
}
