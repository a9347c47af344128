import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Dynamic, UNKNOWN } from "./cty";
import { plannedState, readPlaceholders, typedPlaceholder } from "./planning";
import { loadProviderSchema } from "./schema";

const schema = loadProviderSchema(join(__dirname, "fixtures", "toycloud-schema.json"), "toycloud");
const resource = (t: string) => schema.resource_schemas![t]!.block;
const data = (t: string) => schema.data_source_schemas![t]!.block;

describe("plannedState", () => {
  it("marks every computed attribute that is null unknown, in nested blocks too", () => {
    const proposed = {
      id: null,
      arn: null,
      name: "main",
      policy: null,
      mtu: 9001,
      tags: { team: "platform" },
      tags_all: null,
      subnet: [{ cidr: "10.0.1.0/24", id: null }],
      settings: { enabled: true, generation: null },
      rule: [{ port: 443, rule_id: null }],
    };
    expect(plannedState(resource("toycloud_network"), null, proposed)).toEqual({
      ...proposed,
      id: UNKNOWN,
      arn: UNKNOWN,
      tags_all: UNKNOWN,
      subnet: [{ cidr: "10.0.1.0/24", id: UNKNOWN }],
      settings: { enabled: true, generation: UNKNOWN },
      rule: [{ port: 443, rule_id: UNKNOWN }],
    });
  });

  it("keeps configured and optional-only attributes, and walks nested attribute types", () => {
    const proposed = {
      id: null,
      network_id: UNKNOWN,
      size: "large",
      private_ip: null,
      disks: [{ size_gib: 20, device: null }],
    };
    expect(plannedState(resource("toycloud_instance"), null, proposed)).toEqual({
      id: UNKNOWN,
      network_id: UNKNOWN,
      size: "large",
      private_ip: UNKNOWN,
      disks: [{ size_gib: 20, device: UNKNOWN }],
    });
  });

  it("leaves dynamic values as they came, except a computed null", () => {
    const manifest = new Dynamic(["object", { kind: "string" }], { kind: "ConfigMap" });
    expect(plannedState(resource("toycloud_manifest"), null, { manifest, object: null })).toEqual({
      manifest,
      object: UNKNOWN,
    });
  });

  it("keeps prior values on update, and null computed attributes as they are", () => {
    const proposed = { id: "i-1", network_id: "net-1", size: null, private_ip: "10.0.0.5", disks: null };
    expect(plannedState(resource("toycloud_instance"), { ...proposed, size: "small" }, proposed)).toEqual(
      proposed,
    );
  });

  it("plans a destroy as null", () => {
    expect(plannedState(resource("toycloud_instance"), { id: "i-1" }, null)).toBeNull();
  });

  it("nulls write-only attributes, top level and nested, on create and update", () => {
    const block = {
      attributes: {
        password_wo: { type: "string", optional: true, write_only: true },
        password_wo_version: { type: "number", optional: true },
        users: {
          optional: true,
          nested_type: {
            nesting_mode: "list",
            attributes: { token_wo: { type: "string", optional: true, write_only: true } },
          },
        },
      },
      block_types: {
        login: {
          nesting_mode: "single",
          block: { attributes: { secret_wo: { type: "string", optional: true, write_only: true } } },
        },
      },
    } as const;
    const proposed = {
      password_wo: "s3cret",
      password_wo_version: 1,
      users: [{ token_wo: "t" }],
      login: { secret_wo: "x" },
    };
    const expected = {
      password_wo: null,
      password_wo_version: 1,
      users: [{ token_wo: null }],
      login: { secret_wo: null },
    };
    expect(plannedState(block, null, proposed)).toEqual(expected);
    expect(plannedState(block, expected, proposed)).toEqual(expected);
  });
});

describe("readPlaceholders", () => {
  it("fills computed nulls with typed placeholders, JSON for attributes named json", () => {
    const config = { id: null, json: null, statement: [{ actions: ["sts:AssumeRole"], effect: null }] };
    expect(readPlaceholders(data("toycloud_policy_document"), config)).toEqual({
      id: "placeholder-id",
      json: "{}",
      statement: [{ actions: ["sts:AssumeRole"], effect: null }],
    });
    const zones = { id: null, region: "eu-west-1", names: null, count: null, default: null };
    expect(readPlaceholders(data("toycloud_zones"), zones)).toEqual({
      id: "placeholder-id",
      region: "eu-west-1",
      names: [],
      count: 0,
      default: false,
    });
  });

  it("takes override values for computed attributes the configuration leaves null", () => {
    const zones = { id: null, region: null, names: null, count: null, default: null };
    const filled = readPlaceholders(data("toycloud_zones"), zones, { names: ["a", "b"], count: 2 });
    expect(filled).toMatchObject({ names: ["a", "b"], count: 2, id: "placeholder-id" });
    expect(() => readPlaceholders(data("toycloud_zones"), zones, { nope: 1 })).toThrow(
      'placeholder override "nope": no such attribute',
    );
  });

  it.each([
    ["minified_json", "string", "{}"],
    ["arn", "string", "placeholder-arn"],
    ["obj", ["object", { a: "number", b: ["set", "string"] }], { a: 0, b: [] }],
    ["pair", ["tuple", ["bool", "string"]], [false, "placeholder-pair_1"]],
    ["anything", "dynamic", null],
  ] as const)("gives %s of type %j the placeholder %j", (name, ty, expected) => {
    expect(typedPlaceholder(name, ty as never)).toEqual(expected);
  });
});
