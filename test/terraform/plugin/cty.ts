/**
 * cty types and values as plain TypeScript data, for the stand-in provider.
 *
 * A type is cty's own JSON type notation (the `type` of an attribute in `terraform providers schema
 * -json`): `"string"`, `["list", "string"]`, `["object", {"a": "number"}]`, `"dynamic"`...
 *
 * A value is JSON-like data plus three marker classes: `Unknown` (a value known only after apply),
 * `Dynamic` (a value of a `dynamic`-typed slot, carrying its concrete type), and `BigNumber` (a number
 * that a JS number cannot hold exactly). Lists, sets and tuples are arrays; maps and objects are plain
 * objects; null is null.
 */

export type CtyPrimitive = "string" | "number" | "bool" | "dynamic";
export type CtyType =
  | CtyPrimitive
  | ["list" | "set" | "map", CtyType]
  | ["tuple", CtyType[]]
  | ["object", Record<string, CtyType>]
  | ["object", Record<string, CtyType>, string[]];

export type CtyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | BigNumber
  | Unknown
  | Dynamic
  | CtyValue[]
  | { [key: string]: CtyValue };

/** Refinements that cty may attach to an unknown value (go-cty `cty/msgpack/unknown.go`). */
export interface Refinements {
  notNull?: boolean;
  stringPrefix?: string;
  numberMin?: [CtyValue, boolean];
  numberMax?: [CtyValue, boolean];
  lengthMin?: number;
  lengthMax?: number;
}

/** A value known only after apply. `raw` keeps a refinement payload so it round-trips byte for byte. */
export class Unknown {
  constructor(
    readonly refinements: Refinements = {},
    readonly raw?: Uint8Array,
  ) {}
}

/** The one wholly unknown value, with no refinements. */
export const UNKNOWN = new Unknown();

/** A value in a `dynamic` slot: cty sends the concrete type along with it. */
export class Dynamic {
  constructor(
    readonly type: CtyType,
    readonly value: CtyValue,
  ) {}
}

/** A number beyond a JS number's exact range, kept as cty's decimal text. */
export class BigNumber {
  constructor(readonly text: string) {}
}

export function isPlainObject(v: unknown): v is { [key: string]: CtyValue } {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The cty type of a JS value in a dynamic slot when it carries none (strings, numbers, tuples, objects). */
export function inferType(v: CtyValue): CtyType {
  if (v instanceof Dynamic) return v.type;
  if (v === null || v instanceof Unknown) return "dynamic";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number" || typeof v === "bigint" || v instanceof BigNumber) return "number";
  if (Array.isArray(v)) return ["tuple", v.map(inferType)];
  const attrs: Record<string, CtyType> = {};
  for (const [k, e] of Object.entries(v)) attrs[k] = inferType(e);
  return ["object", attrs];
}

/**
 * Converts cty's JSON value encoding (state files, `DynamicValue.json`) to a value of type `ty`.
 * Dynamic slots hold `{"value": ..., "type": ...}` in that encoding, as go-cty `cty/json` writes them.
 */
export function fromJson(json: unknown, ty: CtyType): CtyValue {
  if (json === null || json === undefined) return null;
  if (ty === "dynamic") {
    if (isPlainObject(json) && "type" in json && "value" in json) {
      const { type, value } = json as unknown as { type: CtyType; value: unknown };
      return new Dynamic(type, fromJson(value, type));
    }
    return new Dynamic(inferJsonType(json), json as CtyValue);
  }
  if (ty === "string") return typeof json === "string" ? json : String(json);
  if (ty === "bool") return typeof json === "boolean" ? json : json === "true";
  if (ty === "number") return typeof json === "number" ? json : parseNumber(String(json));
  const [kind, inner] = ty;
  switch (kind) {
    case "list":
    case "set":
      return (json as unknown[]).map((e) => fromJson(e, inner as CtyType));
    case "tuple":
      return (json as unknown[]).map((e, i) => fromJson(e, (inner as CtyType[])[i]!));
    case "map": {
      const out: { [key: string]: CtyValue } = {};
      for (const [k, e] of Object.entries(json as object)) out[k] = fromJson(e, inner as CtyType);
      return out;
    }
    case "object": {
      const obj = json as Record<string, unknown>;
      const out: { [key: string]: CtyValue } = {};
      for (const [k, aty] of Object.entries(inner as Record<string, CtyType>)) out[k] = fromJson(obj[k], aty);
      return out;
    }
  }
}

/** Converts a value back to cty's JSON value encoding; unknown values have none and throw. */
export function toJson(v: CtyValue): unknown {
  if (v instanceof Unknown) throw new Error("an unknown value has no JSON encoding");
  if (v instanceof Dynamic) return { value: toJson(v.value), type: v.type };
  if (v instanceof BigNumber) return Number(v.text);
  if (typeof v === "bigint") return Number(v);
  if (Array.isArray(v)) return v.map(toJson);
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, toJson(e)]));
  return v;
}

/** Parses cty's decimal number text, keeping exactness: a JS number where it is exact, else BigNumber. */
export function parseNumber(text: string): number | bigint | BigNumber {
  if (/^-?\d+$/.test(text)) {
    const big = BigInt(text);
    return Number.isSafeInteger(Number(big)) ? Number(big) : big;
  }
  const n = Number(text);
  if (Number.isFinite(n) && String(n) === text) return n;
  return new BigNumber(text);
}

function inferJsonType(json: unknown): CtyType {
  if (json === null) return "dynamic";
  if (Array.isArray(json)) return ["tuple", json.map(inferJsonType)];
  if (typeof json === "object") {
    const attrs: Record<string, CtyType> = {};
    for (const [k, e] of Object.entries(json as object)) attrs[k] = inferJsonType(e);
    return ["object", attrs];
  }
  return typeof json === "boolean" ? "bool" : typeof json === "number" ? "number" : "string";
}
