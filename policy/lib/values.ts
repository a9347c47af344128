/**
 * Helpers for reading synthesized Terraform JSON values. cdktf writes a nested block either as an
 * object or as an array of objects, and any value may be a Terraform interpolation (`"${...}"`); these
 * helpers normalise both so rules stay short.
 */
import type { JsonObject } from "../types.js";

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True when the value is (or contains) a Terraform interpolation such as `"${aws_kms_key.k.arn}"`. */
export function isReference(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

/** True when an attribute is present: not undefined, null or the empty string. References count as set. */
export function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** True for the literal `true` (or the string `"true"`, which some provider versions use). */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** True for the literal `false` (or `"false"`). */
export function isFalse(value: unknown): boolean {
  return value === false || value === "false";
}

/**
 * True when a boolean attribute is literally true, or is a reference whose value cannot be known at
 * synth time. Rules use this for "must be enabled" checks so an unresolvable token never fails a rule.
 */
export function isTrueOrUnknown(value: unknown): boolean {
  return isTrue(value) || isReference(value);
}

/** Normalises a nested block (object, array of objects or absent) to an array of objects. */
export function blocks(value: unknown): JsonObject[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** The first instance of a nested block, if any. */
export function block(value: unknown): JsonObject | undefined {
  return blocks(value)[0];
}

/**
 * Follows a dotted path of nested blocks, taking the first instance of each block on the way
 * (`dig(values, "spec.template.spec")`).
 */
export function dig(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split(".")) {
    const obj = Array.isArray(current) ? block(current) : isObject(current) ? current : undefined;
    if (obj === undefined) return undefined;
    current = obj[key];
  }
  return current;
}

/** A literal number (numbers or numeric strings); undefined for references and anything else. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && !isReference(value)) {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** A string or list of strings as a list (anything else gives an empty list). */
export function asStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return [];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * True when the value holds an interpolation that references the given address
 * (`refersTo("${aws_s3_bucket.logs.id}", "aws_s3_bucket.logs")`).
 */
export function refersTo(value: unknown, address: string): boolean {
  if (typeof value !== "string" || !isReference(value)) return false;
  return new RegExp(`\\$\\{[^}]*\\b${escapeRegExp(address)}(?![A-Za-z0-9_-])`).test(value);
}

/** Formats a value for a message: strings quoted, everything else as JSON, absent as "unset". */
export function show(value: unknown): string {
  if (value === undefined) return "unset";
  return JSON.stringify(value);
}
