/**
 * Makes a synthesized stack runnable offline: a copy of its folder with an override file that puts
 * state in a local backend and points each `terraform_remote_state` at a local state file holding
 * placeholder outputs of the producing stack.
 *
 * The placeholders have the producer's output names and, where an output is a plain reference to a
 * resource or data source attribute (`${aws_vpc.Vpc.id}`) and a schema is given, that attribute's
 * type (collections with one element); literal outputs keep their literal value; anything else
 * becomes a string, which fails a consumer that indexes into it (reported in `warnings`).
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CtyType, CtyValue } from "./cty";
import { inferType, toJson } from "./cty";
import type { ProviderRequirement } from "./harness";
import { typedPlaceholder } from "./planning";
import { attributeType, type ProvidersSchemaFile } from "./schema";

type Doc = Record<string, Record<string, unknown>>;
type Output = { value?: unknown; sensitive?: boolean };
type RemoteState = { backend?: string; config?: Record<string, unknown> };

export const OVERRIDE_FILE = "zz_override.tf.json";

export interface StackWorkdir {
  readonly dir: string;
  /** The providers the stack requires, for `prepareMirror`. */
  readonly providers: ProviderRequirement[];
  /** Remote-state data source name → the stack whose outputs its state file fakes. */
  readonly remoteStates: Record<string, string>;
  /** Things that may not hold up, such as a consumer indexing into a string placeholder. */
  readonly warnings: string[];
}

/**
 * Copies `stacksDir/<stack>` to `workDir` and writes the override file and remote state files there.
 * Producers are found by the S3 `key` of their backend, which the consumer's remote state names.
 */
export function prepareStackWorkdir(
  stacksDir: string,
  stack: string,
  workDir: string,
  schema?: ProvidersSchemaFile,
): StackWorkdir {
  cpSync(join(stacksDir, stack), workDir, { recursive: true });
  const doc = readDoc(join(workDir, "cdk.tf.json"));
  const text = readFileSync(join(workDir, "cdk.tf.json"), "utf8");
  const override: Doc = { terraform: { backend: { local: { path: "terraform.tfstate" } } } };
  const remoteStates: Record<string, string> = {};
  const warnings: string[] = [];

  const byKey = new Map<string, string>();
  for (const name of readdirSync(stacksDir)) {
    const key = backendKey(readDoc(join(stacksDir, name, "cdk.tf.json")));
    if (key) byKey.set(key, name);
  }
  const sources = (doc.data?.terraform_remote_state ?? {}) as Record<string, RemoteState>;
  const overrides: Record<string, RemoteState> = {};
  for (const [name, rs] of Object.entries(sources)) {
    const producer = byKey.get(String(rs.config?.key));
    if (!producer)
      throw new Error(
        `${stack}: remote state "${name}" names key ${String(rs.config?.key)}, no stack has it`,
      );
    const outputs = placeholderOutputs(readDoc(join(stacksDir, producer, "cdk.tf.json")), schema);
    for (const [out, o] of Object.entries(outputs)) {
      const used = new RegExp(
        `terraform_remote_state\\.${escapeRegExp(name)}\\.outputs\\.${escapeRegExp(out)}(\\[|\\.)`,
      );
      if (o.type === "string" && used.test(text))
        warnings.push(`${name}.outputs.${out} is a string but is indexed`);
    }
    const file = join(workDir, `remote-${producer}.tfstate`);
    writeFileSync(file, JSON.stringify(stateWithOutputs(outputs), null, 2));
    overrides[name] = { backend: "local", config: { path: file } };
    remoteStates[name] = producer;
  }
  if (Object.keys(overrides).length) override.data = { terraform_remote_state: overrides };
  writeFileSync(join(workDir, OVERRIDE_FILE), JSON.stringify(override, null, 2));
  return { dir: workDir, providers: requiredProviders(doc), remoteStates, warnings };
}

/** The providers a configuration requires: `terraform.required_providers`, with pinned versions. */
export function requiredProviders(doc: Doc): ProviderRequirement[] {
  const req = (doc.terraform?.required_providers ?? {}) as Record<
    string,
    { source?: string; version?: string }
  >;
  return Object.entries(req).map(([name, r]) => {
    if (!r.version || !/^=?\s*\d+\.\d+\.\d+$/.test(r.version)) {
      throw new Error(`provider ${name}: needs an exact version to mirror, got ${String(r.version)}`);
    }
    return { source: r.source ?? name, version: r.version.replace(/^=\s*/, "") };
  });
}

/** Placeholder values and types for every output of a producer stack. */
export function placeholderOutputs(
  producer: Doc,
  schema?: ProvidersSchemaFile,
): Record<string, { value: CtyValue; type: CtyType; sensitive: boolean }> {
  const out: Record<string, { value: CtyValue; type: CtyType; sensitive: boolean }> = {};
  for (const [name, o] of Object.entries((producer.output ?? {}) as Record<string, Output>)) {
    const sensitive = !!o.sensitive;
    if (typeof o.value !== "string" || !o.value.includes("${")) {
      const literal = (o.value ?? null) as CtyValue;
      out[name] = { value: literal, type: inferType(literal), sensitive };
      continue;
    }
    // Collections get one element, so that a consumer indexing `[0]` into an output still plans.
    const type = outputType(o.value, schema);
    out[name] = { value: typedPlaceholder(name, type, "one"), type, sensitive };
  }
  return out;
}

function outputType(value: string, schema?: ProvidersSchemaFile): CtyType {
  const m = /^\$\{(data\.)?([a-z0-9_]+)\.[^.}]+\.([a-z0-9_]+)\}$/.exec(value);
  if (!m || !schema) return "string";
  const [, data, type, attr] = m;
  for (const p of Object.values(schema.provider_schemas)) {
    const s = (data ? p.data_source_schemas : p.resource_schemas)?.[type!];
    const a = s?.block.attributes?.[attr!];
    if (a) return attributeType(a);
  }
  return "string";
}

/** A version-4 state file with only outputs, as the local backend reads it. */
export function stateWithOutputs(
  outputs: Record<string, { value: CtyValue; type: CtyType; sensitive: boolean }>,
) {
  return {
    version: 4,
    terraform_version: "1.11.4",
    serial: 1,
    lineage: "00000000-0000-4000-8000-000000000000",
    outputs: Object.fromEntries(
      Object.entries(outputs).map(([k, o]) => [
        k,
        { value: toJson(o.value), type: o.type, sensitive: o.sensitive },
      ]),
    ),
    resources: [],
    check_results: null,
  };
}

function backendKey(doc: Doc): string | undefined {
  const backend = doc.terraform?.backend as Record<string, { key?: string }> | undefined;
  return backend?.s3?.key ?? backend?.azurerm?.key;
}

function readDoc(file: string): Doc {
  return JSON.parse(readFileSync(file, "utf8")) as Doc;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
