/**
 * The `tfplugin6.Provider` service of the stand-in provider: answers Terraform from a schema alone.
 *
 * Validation and configuration accept everything (Terraform itself checks values against the
 * schema). Plans mark computed attributes unknown on create and keep prior values otherwise; reads
 * return state unchanged; data sources come back with typed placeholders; apply is refused.
 */
import type * as grpc from "@grpc/grpc-js";
import { type CtyType, type CtyValue, fromJson } from "./cty";
import { decode, encode } from "./msgpack";
import { type PlaceholderOverrides, plannedState, readPlaceholders } from "./planning";
import { impliedType, type ProviderSchema, protoProviderSchema, type Schema } from "./schema";

export interface ProviderOptions {
  /** The provider's part of a providers-schema file. */
  readonly schema: ProviderSchema;
  /**
   * Values for computed attributes of data sources and ephemeral resources, by type and attribute
   * name, in cty JSON form: `{ "aws_availability_zones": { "names": ["a", "b"] } }`.
   * @default - every computed attribute gets the generic placeholder
   */
  readonly placeholders?: Record<string, PlaceholderOverrides>;
  /**
   * Called once per RPC with its name and the type it concerns (if any).
   * @default - nothing is recorded
   */
  readonly trace?: (rpc: string, typeName: string) => void;
}

interface DynamicValueMsg {
  msgpack?: Buffer;
  json?: Buffer;
}

type Request = Record<string, unknown> & { type_name?: string };
type Handler = (req: Request) => Record<string, unknown>;

/** Apply is outside the stand-in's remit: it plans, it never creates anything. */
export const APPLY_REFUSED = "stand-in provider: apply is not supported";

/** The handlers of the `tfplugin6.Provider` service, for `grpc.Server.addService`. */
export function providerService(opts: ProviderOptions): grpc.UntypedServiceImplementation {
  const { schema } = opts;
  const capabilities = { plan_destroy: true, get_provider_schema_optional: true, move_resource_state: true };
  let schemaResponse: Record<string, unknown> | undefined;

  const lookup = (kind: "resource" | "data source" | "ephemeral resource", type: string): Schema => {
    const table =
      kind === "resource"
        ? schema.resource_schemas
        : kind === "data source"
          ? schema.data_source_schemas
          : schema.ephemeral_resource_schemas;
    const found = table?.[type];
    if (!found) throw new Error(`unknown ${kind} type "${type}"`);
    return found;
  };
  const typeOf = (s: Schema): CtyType => impliedType(s.block);
  const dv = (value: CtyValue, s: Schema) => ({ msgpack: encode(value, typeOf(s)) });
  const ok = { diagnostics: [] };
  const placeholdersFor = (type: string) => opts.placeholders?.[type] ?? {};

  const handlers: Record<string, Handler> = {
    GetMetadata: () => ({
      server_capabilities: capabilities,
      resources: Object.keys(schema.resource_schemas ?? {}).map((type_name) => ({ type_name })),
      data_sources: Object.keys(schema.data_source_schemas ?? {}).map((type_name) => ({ type_name })),
      ephemeral_resources: Object.keys(schema.ephemeral_resource_schemas ?? {}).map((type_name) => ({
        type_name,
      })),
      functions: Object.keys(schema.functions ?? {}).map((name) => ({ name })),
    }),
    GetProviderSchema: () => {
      schemaResponse ??= { ...protoProviderSchema(schema), server_capabilities: capabilities };
      return schemaResponse;
    },
    ValidateProviderConfig: () => ok,
    ValidateResourceConfig: () => ok,
    ValidateDataResourceConfig: () => ok,
    ValidateEphemeralResourceConfig: () => ok,
    ConfigureProvider: () => ok,
    UpgradeResourceState: (req) => {
      const raw = req.raw_state as { json?: Buffer; flatmap?: Record<string, string> } | undefined;
      if (!raw?.json?.length) throw new Error("only JSON state can be upgraded (no legacy flatmap state)");
      return { upgraded_state: { json: raw.json } };
    },
    ReadResource: (req) => ({ new_state: req.current_state, private: req.private }),
    PlanResourceChange: (req) => {
      const s = lookup("resource", req.type_name!);
      const prior = decodeValue(req.prior_state, typeOf(s));
      const proposed = decodeValue(req.proposed_new_state, typeOf(s));
      const planned = plannedState(s.block, prior, proposed);
      return { planned_state: dv(planned, s), requires_replace: [], planned_private: req.prior_private };
    },
    ApplyResourceChange: () => ({ diagnostics: [error(APPLY_REFUSED)] }),
    ImportResourceState: (req) => {
      const s = lookup("resource", req.type_name!);
      const state: Record<string, CtyValue> = s.block.attributes?.id ? { id: String(req.id) } : {};
      return { imported_resources: [{ type_name: req.type_name, state: dv(state, s) }] };
    },
    MoveResourceState: (req) => {
      const raw = req.source_state as { json?: Buffer } | undefined;
      return { target_state: { json: raw?.json ?? Buffer.from("null") } };
    },
    ReadDataSource: (req) => {
      const s = lookup("data source", req.type_name!);
      const config = decodeValue(req.config, typeOf(s));
      return { state: dv(readPlaceholders(s.block, config, placeholdersFor(req.type_name!)), s) };
    },
    OpenEphemeralResource: (req) => {
      const s = lookup("ephemeral resource", req.type_name!);
      const config = decodeValue(req.config, typeOf(s));
      return { result: dv(readPlaceholders(s.block, config, placeholdersFor(req.type_name!)), s) };
    },
    RenewEphemeralResource: () => ok,
    CloseEphemeralResource: () => ok,
    GetFunctions: () => ({ functions: handlers.GetProviderSchema!({}).functions }),
    CallFunction: (req) => ({
      error: { text: `stand-in provider: function ${String(req.name)} cannot be called` },
    }),
    StopProvider: () => ({ Error: "" }),
  };

  const service: grpc.UntypedServiceImplementation = {};
  for (const [name, handle] of Object.entries(handlers)) {
    service[name] = (call: grpc.ServerUnaryCall<Request, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      opts.trace?.(name, call.request.type_name ?? "");
      try {
        callback(null, handle(call.request));
      } catch (e) {
        callback(null, { diagnostics: [error(`stand-in provider: ${name}: ${(e as Error).message}`)] });
      }
    };
  }
  return service;
}

/** Decodes a `DynamicValue` (msgpack, else JSON) of type `ty`; an absent value is null. */
export function decodeValue(msg: unknown, ty: CtyType): CtyValue {
  const v = msg as DynamicValueMsg | null | undefined;
  if (v?.msgpack?.length) return decode(v.msgpack, ty);
  if (v?.json?.length) return fromJson(JSON.parse(v.json.toString("utf8")), ty);
  return null;
}

function error(summary: string) {
  return { severity: "ERROR", summary, detail: "" };
}
