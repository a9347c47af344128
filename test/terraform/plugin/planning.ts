/**
 * What the stand-in provider answers for a plan: walks of a value along its schema block.
 *
 * - `plannedState`: Terraform's proposed new state, with every computed attribute that is still
 *   null set to unknown on create ("known after apply"), prior values kept on update, and every
 *   write-only attribute null (Terraform 1.11 rejects a plan that returns a write-only value).
 * - `readPlaceholders`: a data source's (or ephemeral resource's) configuration with every computed
 *   attribute that is null filled with a typed placeholder, since a data source is read during plan.
 *
 * Both descend into nested blocks (single, group, list, set, map) and nested attribute types, and
 * leave everything else as Terraform sent it, so Terraform's plan-validity checks (a non-computed
 * attribute must equal its configuration) hold.
 */
import { type CtyType, type CtyValue, Dynamic, fromJson, isPlainObject, UNKNOWN, Unknown } from "./cty";
import { attributeType, type NestedType, type SchemaAttribute, type SchemaBlock } from "./schema";

/** Values to use instead of the generic placeholder, keyed by attribute name (top level only). */
export type PlaceholderOverrides = Record<string, unknown>;

/** The planned state for a prior state (null on create) and a proposed new state (null on destroy). */
export function plannedState(block: SchemaBlock, prior: CtyValue, proposed: CtyValue): CtyValue {
  if (proposed === null) return null;
  return walkBlock(block, proposed, (_name, attr, v) => {
    if (attr.write_only) return null;
    return v === null && attr.computed && prior === null ? UNKNOWN : v;
  });
}

export function readPlaceholders(
  block: SchemaBlock,
  config: CtyValue,
  overrides: PlaceholderOverrides = {},
): CtyValue {
  const filled = walkBlock(block, config, (name, attr, v) =>
    v === null && attr.computed ? placeholder(name, attr) : v,
  );
  if (!isPlainObject(filled)) return filled;
  for (const [name, json] of Object.entries(overrides)) {
    const attr = block.attributes?.[name];
    if (!attr) throw new Error(`placeholder override "${name}": no such attribute`);
    if (attr.computed && (config as Record<string, CtyValue>)[name] === null) {
      filled[name] = fromJson(json, attributeType(attr));
    }
  }
  return filled;
}

/** A typed placeholder for one computed attribute. */
export function placeholder(name: string, attr: SchemaAttribute): CtyValue {
  if (attr.nested_type) return nestedPlaceholder(attr.nested_type);
  return typedPlaceholder(name, attr.type!);
}

/**
 * Strings are `placeholder-<name>`, except that attributes named `json` or `*_json` get `{}` so that
 * they stay valid JSON (aws_iam_policy_document.json feeds jsondecode and policy arguments); numbers
 * are 0, bools false, collections empty (or, with `collections: "one"`, one placeholder element, for
 * values that are indexed), objects and tuples filled element by element, and a `dynamic` attribute
 * is left null (there is no shape to guess).
 */
export function typedPlaceholder(
  name: string,
  ty: CtyType,
  collections: "empty" | "one" = "empty",
): CtyValue {
  if (ty === "string") return name === "json" || name.endsWith("_json") ? "{}" : `placeholder-${name}`;
  if (ty === "number") return 0;
  if (ty === "bool") return false;
  if (ty === "dynamic") return null;
  const [kind, inner] = ty;
  const one = (t: CtyType) => typedPlaceholder(name, t, collections);
  if (kind === "list" || kind === "set") return collections === "one" ? [one(inner as CtyType)] : [];
  if (kind === "map") return collections === "one" ? { placeholder: one(inner as CtyType) } : {};
  if (kind === "tuple")
    return (inner as CtyType[]).map((t, i) => typedPlaceholder(`${name}_${i}`, t, collections));
  const out: Record<string, CtyValue> = {};
  for (const [k, t] of Object.entries(inner as Record<string, CtyType>))
    out[k] = typedPlaceholder(k, t, collections);
  return out;
}

function nestedPlaceholder(nested: NestedType): CtyValue {
  if (nested.nesting_mode === "list" || nested.nesting_mode === "set") return [];
  if (nested.nesting_mode === "map") return {};
  const out: Record<string, CtyValue> = {};
  for (const [k, a] of Object.entries(nested.attributes)) out[k] = a.computed ? placeholder(k, a) : null;
  return out;
}

/** The new value of one attribute; attributes with nested types are visited element by element. */
type Visit = (name: string, attr: SchemaAttribute, value: CtyValue) => CtyValue;

function walkBlock(block: SchemaBlock, value: CtyValue, fill: Visit): CtyValue {
  if (value instanceof Dynamic) return new Dynamic(value.type, walkBlock(block, value.value, fill));
  if (!isPlainObject(value)) return value;
  const out: Record<string, CtyValue> = { ...value };
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    const v = value[name] ?? null;
    const nested = attr.nested_type && v !== null && !(v instanceof Unknown) && !attr.write_only;
    out[name] = nested ? walkNested(attr.nested_type!, v, fill) : fill(name, attr, v);
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    const v = value[name] ?? null;
    if (v === null || v instanceof Unknown) continue;
    if (bt.nesting_mode === "single" || bt.nesting_mode === "group") out[name] = walkBlock(bt.block, v, fill);
    else out[name] = eachElement(v, (e) => walkBlock(bt.block, e, fill));
  }
  return out;
}

function walkNested(nested: NestedType, value: CtyValue, fill: Visit): CtyValue {
  const asBlock: SchemaBlock = { attributes: nested.attributes };
  if (nested.nesting_mode === "single") return walkBlock(asBlock, value, fill);
  return eachElement(value, (e) => walkBlock(asBlock, e, fill));
}

/** Maps over the elements of a list, set, tuple or map value (or of one in a dynamic slot). */
function eachElement(value: CtyValue, f: (e: CtyValue) => CtyValue): CtyValue {
  if (value instanceof Dynamic) return new Dynamic(value.type, eachElement(value.value, f));
  if (Array.isArray(value)) return value.map(f);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, e]) => [k, f(e)]));
  return value;
}
