/**
 * Provider schemas in the format of `terraform providers schema -json`, and what the stand-in
 * provider derives from them: the cty type a block's values have on the wire, and the protocol-6
 * `Schema` messages that GetProviderSchema answers with.
 */
import { readFileSync } from "node:fs";
import type { CtyType } from "./cty";

export interface SchemaAttribute {
  readonly type?: CtyType;
  readonly nested_type?: NestedType;
  readonly description?: string;
  readonly description_kind?: "plain" | "markdown";
  readonly deprecated?: boolean;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly write_only?: boolean;
}

/** A nested attribute type (plugin-framework providers): attributes nested in an attribute. */
export interface NestedType {
  readonly attributes: Record<string, SchemaAttribute>;
  readonly nesting_mode: "single" | "list" | "set" | "map";
}

export interface SchemaBlockType {
  readonly nesting_mode: "single" | "group" | "list" | "set" | "map";
  readonly block: SchemaBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

export interface SchemaBlock {
  readonly attributes?: Record<string, SchemaAttribute>;
  readonly block_types?: Record<string, SchemaBlockType>;
  readonly description?: string;
  readonly description_kind?: "plain" | "markdown";
  readonly deprecated?: boolean;
}

export interface Schema {
  readonly version: number;
  readonly block: SchemaBlock;
}

/** A provider function's signature, as `terraform providers schema -json` prints it. */
export interface FunctionSignature {
  readonly description?: string;
  readonly summary?: string;
  readonly deprecation_message?: string;
  readonly return_type: CtyType;
  readonly parameters?: FunctionParameter[];
  readonly variadic_parameter?: FunctionParameter;
}

export interface FunctionParameter {
  readonly name: string;
  readonly type: CtyType;
  readonly description?: string;
  readonly is_nullable?: boolean;
}

export interface ProviderSchema {
  readonly provider: Schema;
  readonly resource_schemas?: Record<string, Schema>;
  readonly data_source_schemas?: Record<string, Schema>;
  readonly ephemeral_resource_schemas?: Record<string, Schema>;
  readonly functions?: Record<string, FunctionSignature>;
}

export interface ProvidersSchemaFile {
  readonly format_version?: string;
  readonly provider_schemas: Record<string, ProviderSchema>;
}

/**
 * The schema of one provider from a providers-schema file. `address` is a source address as
 * Terraform writes it (`registry.terraform.io/hashicorp/aws`); a short form (`hashicorp/aws`, `aws`)
 * matches the one key that ends with it.
 */
export function loadProviderSchema(file: string, address: string): ProviderSchema {
  const doc = JSON.parse(readFileSync(file, "utf8")) as ProvidersSchemaFile;
  return pickProvider(doc, address, file);
}

export function pickProvider(doc: ProvidersSchemaFile, address: string, where = "schema"): ProviderSchema {
  const keys = Object.keys(doc.provider_schemas ?? {});
  const exact = doc.provider_schemas?.[address];
  if (exact) return exact;
  const matches = keys.filter((k) => k.endsWith(`/${address}`));
  if (matches.length === 1) return doc.provider_schemas[matches[0]!]!;
  throw new Error(`${where}: no provider schema for "${address}"; have ${keys.join(", ") || "none"}`);
}

/** The cty type of an attribute's values (configschema `Attribute.ImpliedType`). */
export function attributeType(attr: SchemaAttribute): CtyType {
  if (attr.nested_type) return nestedTypeType(attr.nested_type);
  if (attr.type === undefined) throw new Error("schema attribute has neither type nor nested_type");
  return attr.type;
}

function nestedTypeType(nested: NestedType): CtyType {
  const attrs: Record<string, CtyType> = {};
  for (const [name, a] of Object.entries(nested.attributes)) attrs[name] = attributeType(a);
  const obj: CtyType = ["object", attrs];
  return nested.nesting_mode === "single" ? obj : [nested.nesting_mode, obj];
}

/**
 * The cty type of a block's values, exactly as Terraform derives it (configschema `Block.ImpliedType`
 * through its hcldec spec): single and group blocks are objects, list/set/map blocks are collections
 * of objects, except that a list or map block whose contents include a `dynamic` type is itself
 * `dynamic` (hcldec BlockTupleSpec / BlockObjectSpec), so its values travel with their own type.
 */
export function impliedType(block: SchemaBlock): CtyType {
  const attrs: Record<string, CtyType> = {};
  for (const [name, a] of Object.entries(block.attributes ?? {})) attrs[name] = attributeType(a);
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    if (name in attrs) continue;
    const inner = impliedType(bt.block);
    switch (bt.nesting_mode) {
      case "single":
      case "group":
        attrs[name] = inner;
        break;
      case "list":
      case "map":
        attrs[name] = hasDynamic(inner) ? "dynamic" : [bt.nesting_mode, inner];
        break;
      case "set":
        attrs[name] = ["set", inner];
        break;
    }
  }
  return ["object", attrs];
}

export function hasDynamic(ty: CtyType): boolean {
  if (typeof ty === "string") return ty === "dynamic";
  const [kind, inner] = ty;
  if (kind === "tuple") return (inner as CtyType[]).some(hasDynamic);
  if (kind === "object") return Object.values(inner as Record<string, CtyType>).some(hasDynamic);
  return hasDynamic(inner as CtyType);
}

// ---- protocol messages (plain objects in the shape @grpc/proto-loader encodes, keepCase) ----

const KIND = { plain: "PLAIN", markdown: "MARKDOWN" } as const;

function protoAttribute(name: string, a: SchemaAttribute): Record<string, unknown> {
  return {
    name,
    type: a.nested_type ? Buffer.alloc(0) : Buffer.from(JSON.stringify(a.type)),
    nested_type: a.nested_type
      ? {
          attributes: sortedEntries(a.nested_type.attributes).map(([n, x]) => protoAttribute(n, x)),
          nesting: a.nested_type.nesting_mode.toUpperCase(),
        }
      : undefined,
    description: a.description ?? "",
    description_kind: KIND[a.description_kind ?? "plain"],
    required: a.required ?? false,
    optional: a.optional ?? false,
    computed: a.computed ?? false,
    sensitive: a.sensitive ?? false,
    deprecated: a.deprecated ?? false,
    write_only: a.write_only ?? false,
  };
}

function protoBlock(b: SchemaBlock, version = 0): Record<string, unknown> {
  return {
    version,
    attributes: sortedEntries(b.attributes ?? {}).map(([n, a]) => protoAttribute(n, a)),
    block_types: sortedEntries(b.block_types ?? {}).map(([n, bt]) => ({
      type_name: n,
      block: protoBlock(bt.block),
      nesting: bt.nesting_mode.toUpperCase(),
      min_items: bt.min_items ?? 0,
      max_items: bt.max_items ?? 0,
    })),
    description: b.description ?? "",
    description_kind: KIND[b.description_kind ?? "plain"],
    deprecated: b.deprecated ?? false,
  };
}

/** A `tfplugin6.Schema` message. */
export function protoSchema(s: Schema): Record<string, unknown> {
  return { version: s.version ?? 0, block: protoBlock(s.block, s.version ?? 0) };
}

/** A `tfplugin6.Function` message. */
export function protoFunction(f: FunctionSignature): Record<string, unknown> {
  const param = (p: FunctionParameter) => ({
    name: p.name,
    type: Buffer.from(JSON.stringify(p.type)),
    allow_null_value: p.is_nullable ?? false,
    allow_unknown_values: false,
    description: p.description ?? "",
  });
  return {
    parameters: (f.parameters ?? []).map(param),
    variadic_parameter: f.variadic_parameter ? param(f.variadic_parameter) : undefined,
    return: { type: Buffer.from(JSON.stringify(f.return_type)) },
    summary: f.summary ?? "",
    description: f.description ?? "",
    deprecation_message: f.deprecation_message ?? "",
  };
}

/** Protocol-6 `Schema` messages for every part of a provider's schema, keyed as GetProviderSchema wants. */
export function protoProviderSchema(p: ProviderSchema): Record<string, unknown> {
  const schemas = (m: Record<string, Schema> | undefined) =>
    Object.fromEntries(Object.entries(m ?? {}).map(([k, s]) => [k, protoSchema(s)]));
  return {
    provider: protoSchema(p.provider ?? { version: 0, block: {} }),
    resource_schemas: schemas(p.resource_schemas),
    data_source_schemas: schemas(p.data_source_schemas),
    ephemeral_resource_schemas: schemas(p.ephemeral_resource_schemas),
    functions: Object.fromEntries(Object.entries(p.functions ?? {}).map(([k, f]) => [k, protoFunction(f)])),
  };
}

function sortedEntries<T>(m: Record<string, T>): [string, T][] {
  return Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A copy of a block without descriptions, which only documentation needs: a smaller file for each
 * plugin start to parse and a smaller GetProviderSchema answer to encode.
 */
export function withoutDescriptions(block: SchemaBlock): SchemaBlock {
  const attr = (a: SchemaAttribute): SchemaAttribute => {
    const { description: _d, description_kind: _k, ...rest } = a;
    if (!a.nested_type) return rest;
    return {
      ...rest,
      nested_type: { ...a.nested_type, attributes: mapEntries(a.nested_type.attributes, attr) },
    };
  };
  const { description: _d, description_kind: _k, ...rest } = block;
  return {
    ...rest,
    ...(block.attributes ? { attributes: mapEntries(block.attributes, attr) } : {}),
    ...(block.block_types
      ? {
          block_types: mapEntries(block.block_types, (bt) => ({
            ...bt,
            block: withoutDescriptions(bt.block),
          })),
        }
      : {}),
  };
}

/** The same provider schema with `withoutDescriptions` applied to every block. */
export function providerWithoutDescriptions(p: ProviderSchema): ProviderSchema {
  const all = (m?: Record<string, Schema>) =>
    m && mapEntries(m, (s) => ({ version: s.version, block: withoutDescriptions(s.block) }));
  return {
    provider: { version: p.provider?.version ?? 0, block: withoutDescriptions(p.provider?.block ?? {}) },
    resource_schemas: all(p.resource_schemas),
    data_source_schemas: all(p.data_source_schemas),
    ephemeral_resource_schemas: all(p.ephemeral_resource_schemas),
    functions: p.functions,
  };
}

function mapEntries<T, U>(m: Record<string, T>, f: (v: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, f(v)]));
}
