/**
 * Rebuilds, offline, the provider schemas that `terraform providers schema -json` would print for the
 * providers and types our synthesized stacks use, from the prebuilt `@cdktf/provider-*` bindings.
 * Only the modules of the used types are read (never a package root), and each provider's result is
 * cached under node_modules/.cache/tf-schemas, keyed by a hash of the package version, the type list
 * and this builder's own source.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseBindingModule } from "./binding-parser";
import {
  findProviderPackages,
  type ModuleKind,
  moduleDir,
  type ProviderPackage,
  readModuleSource,
} from "./binding-source";
import { blockFromBinding } from "./schema-from-binding";
import { applySensitivity } from "./sensitivity";
import type {
  AttributeJson,
  BlockJson,
  ProviderOrigin,
  ProviderSchemaJson,
  ProvidersSchemaJson,
  SchemaJson,
} from "./types";
import { listUsedTypes } from "./used-types";

export interface SchemaRequest {
  source: string;
  resources: readonly string[];
  dataSources: readonly string[];
}

export interface BuildOptions {
  /** The node_modules folder holding the `@cdktf/provider-*` packages. @default - the repository's */
  readonly nodeModules?: string;
  /** Where results are cached; `false` turns the cache off. @default - <nodeModules>/.cache/tf-schemas */
  readonly cacheDir?: string | false;
}

export interface SchemaBundle {
  schemas: ProvidersSchemaJson;
  /** Per source address: the provider version and the package the schema was built from. */
  providers: Record<string, ProviderOrigin>;
  /** Per source address: what the bindings could not say, as "<type>: <path>: <what>". */
  notes: Record<string, string[]>;
}

interface CachedProvider {
  schema: ProviderSchemaJson;
  origin: ProviderOrigin;
  notes: string[];
}

/** Hash of this folder's non-test sources, so a change to the builder invalidates the cache. */
const BUILDER_HASH = (() => {
  const hash = createHash("sha256");
  for (const name of readdirSync(__dirname).sort()) {
    if (name.endsWith(".ts") && !name.endsWith(".test.ts")) hash.update(readFileSync(join(__dirname, name)));
  }
  return hash.digest("hex").slice(0, 16);
})();

function schemaOf(pkg: ProviderPackage, kind: ModuleKind, type: string, notes: string[]): SchemaJson {
  const mod = parseBindingModule(readModuleSource(moduleDir(pkg, kind, type)));
  if (kind !== "provider" && mod.tfType !== type)
    throw new Error(`module for ${type} declares ${mod.tfType}`);
  const { block, notes: found } = blockFromBinding(mod);
  const key = kind === "provider" ? "provider" : kind === "data" ? `data.${type}` : type;
  applySensitivity(pkg.source, key, block);
  requiredWinsOverComputed(block);
  notes.push(...found.map((n) => `${key}: ${n}`));
  return { version: 0, block };
}

/**
 * The generator writes `computed: true` on a required field of a computed, optional nested attribute
 * (cloudflare_ruleset's `rules[].action`, `rules[].edge_ttl.mode`, ...), copying the parent's flag; the
 * provider's own schema has them required only, and Terraform refuses a schema that says both ("cannot
 * set both Computed and Required"). Required wins, everywhere in the block.
 */
export function requiredWinsOverComputed(block: BlockJson): void {
  const attributes = (attrs: Record<string, AttributeJson> | undefined) => {
    for (const attr of Object.values(attrs ?? {})) {
      if (attr.required && attr.computed) delete attr.computed;
      if (attr.nested_type) attributes(attr.nested_type.attributes);
    }
  };
  attributes(block.attributes);
  for (const nested of Object.values(block.block_types ?? {})) requiredWinsOverComputed(nested.block);
}

/** Builds one provider's schema: its configuration block plus exactly the requested types. */
function buildProvider(pkg: ProviderPackage, request: SchemaRequest): CachedProvider {
  const notes: string[] = [];
  const schema: ProviderSchemaJson = {
    provider: schemaOf(pkg, "provider", "", notes),
    resource_schemas: {},
    data_source_schemas: {},
  };
  for (const type of [...request.resources].sort()) {
    schema.resource_schemas[type] = schemaOf(pkg, "resource", type, notes);
  }
  for (const type of [...request.dataSources].sort()) {
    schema.data_source_schemas[type] = schemaOf(pkg, "data", type, notes);
  }
  const origin = {
    version: pkg.providerVersion,
    packageName: pkg.packageName,
    packageVersion: pkg.packageVersion,
  };
  return { schema, origin, notes };
}

function cached(cacheDir: string | false, pkg: ProviderPackage, request: SchemaRequest): CachedProvider {
  if (cacheDir === false) return buildProvider(pkg, request);
  const key = createHash("sha256")
    .update(
      JSON.stringify({
        builder: BUILDER_HASH,
        package: `${pkg.packageName}@${pkg.packageVersion}`,
        provider: `${pkg.source}@${pkg.providerVersion}`,
        resources: [...request.resources].sort(),
        dataSources: [...request.dataSources].sort(),
      }),
    )
    .digest("hex")
    .slice(0, 32);
  const file = join(cacheDir, `${pkg.packageName.replace(/[@/]/g, "_")}-${key}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as CachedProvider;
  const result = buildProvider(pkg, request);
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(result));
  renameSync(tmp, file); // atomic, so a parallel test worker never reads half a file
  return result;
}

/** Builds the schemas of the given providers and types. */
export function buildSchemasFor(
  requests: readonly SchemaRequest[],
  options: BuildOptions = {},
): SchemaBundle {
  const nodeModules = options.nodeModules ?? resolve(__dirname, "..", "..", "..", "node_modules");
  const cacheDir = options.cacheDir ?? join(nodeModules, ".cache", "tf-schemas");
  const packages = findProviderPackages(nodeModules);
  const bundle: SchemaBundle = {
    schemas: { format_version: "1.0", provider_schemas: {} },
    providers: {},
    notes: {},
  };
  for (const request of [...requests].sort((a, b) => a.source.localeCompare(b.source))) {
    const pkg = packages.find((p) => p.source === request.source);
    if (!pkg) {
      const have = packages.map((p) => `${p.packageName} (${p.source})`).join(", ");
      throw new Error(
        `no @cdktf/provider-* package in ${nodeModules} provides ${request.source}; have ${have}`,
      );
    }
    const { schema, origin, notes } = cached(cacheDir, pkg, request);
    bundle.schemas.provider_schemas[request.source] = schema;
    bundle.providers[request.source] = origin;
    if (notes.length > 0) bundle.notes[request.source] = notes;
  }
  return bundle;
}

/** The schemas, provider versions and notes for every provider and type the stacks in `synthDir` use. */
export function buildSchemaBundle(synthDir: string, options: BuildOptions = {}): SchemaBundle {
  return buildSchemasFor(Object.values(listUsedTypes(synthDir)), options);
}

/** What `terraform providers schema -json` would print for the stacks in a cdktf output folder. */
export function buildSchemas(synthDir: string, options: BuildOptions = {}): ProvidersSchemaJson {
  return buildSchemaBundle(synthDir, options).schemas;
}
