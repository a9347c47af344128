/**
 * The JSON that `terraform providers schema -json` prints (format_version "1.0"), limited to what the
 * schema builder emits. Field names and omit-when-empty rules follow Terraform's `jsonprovider` package:
 * `attributes` and `block_types` are left out when empty, flags are left out when false, and every block
 * and attribute carries `description_kind: "plain"`.
 */

/** A cty type in its JSON form: `"string"`, `["list", "string"]`, `["object", { name: "string" }]`. */
export type CtyType =
  | "string"
  | "number"
  | "bool"
  | "dynamic"
  | ["list", CtyType]
  | ["set", CtyType]
  | ["map", CtyType]
  | ["object", { [name: string]: CtyType }];

export type NestingMode = "single" | "list" | "set" | "map";

export interface AttributeJson {
  type?: CtyType;
  nested_type?: NestedTypeJson;
  description?: string;
  description_kind: "plain";
  required?: true;
  optional?: true;
  computed?: true;
  sensitive?: true;
  write_only?: true;
}

/** A nested attribute type (protocol 6): an attribute whose value is an object, or a collection of them. */
export interface NestedTypeJson {
  attributes: { [name: string]: AttributeJson };
  nesting_mode: NestingMode;
}

export interface BlockJson {
  attributes?: { [name: string]: AttributeJson };
  block_types?: { [name: string]: BlockTypeJson };
  description?: string;
  description_kind: "plain";
}

export interface BlockTypeJson {
  nesting_mode: NestingMode;
  block: BlockJson;
  min_items?: number;
  max_items?: number;
}

export interface SchemaJson {
  version: number;
  block: BlockJson;
}

export interface ProviderSchemaJson {
  provider: SchemaJson;
  resource_schemas: { [type: string]: SchemaJson };
  data_source_schemas: { [type: string]: SchemaJson };
}

export interface ProvidersSchemaJson {
  format_version: "1.0";
  provider_schemas: { [sourceAddress: string]: ProviderSchemaJson };
}

/** Where one provider's schema came from. */
export interface ProviderOrigin {
  /** Provider version the bindings were generated from, e.g. "6.25.0". */
  version: string;
  /** The npm package that holds the bindings, e.g. "@cdktf/provider-aws". */
  packageName: string;
  packageVersion: string;
}
