/**
 * Builders for the small stack documents that rule files export as `fixtures`.
 */
import type { JsonObject, StackDoc } from "../types.js";

/** A Terraform interpolation string: `ref("aws_kms_key.k.arn")` is `"${aws_kms_key.k.arn}"`. */
export function ref(expression: string): string {
  return `\${${expression}}`;
}

/** A stack document from resources (`{ <type>: { <name>: attrs } }`) and optional data sources. */
export function stackOf(
  resource: Record<string, Record<string, JsonObject>>,
  data?: Record<string, Record<string, JsonObject>>,
): StackDoc {
  return data === undefined ? { resource } : { resource, data };
}
