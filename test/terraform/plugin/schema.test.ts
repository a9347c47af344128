import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  impliedType,
  loadProviderSchema,
  protoSchema,
  providerWithoutDescriptions,
  type SchemaBlock,
} from "./schema";

const FIXTURE = join(__dirname, "fixtures", "toycloud-schema.json");

describe("provider schemas", () => {
  it("finds a provider by full or short source address", () => {
    const full = loadProviderSchema(FIXTURE, "registry.terraform.io/hashicorp/toycloud");
    expect(loadProviderSchema(FIXTURE, "hashicorp/toycloud")).toEqual(full);
    expect(loadProviderSchema(FIXTURE, "toycloud")).toEqual(full);
    expect(() => loadProviderSchema(FIXTURE, "hashicorp/aws")).toThrow(
      'no provider schema for "hashicorp/aws"; have registry.terraform.io/hashicorp/toycloud',
    );
  });

  it("derives the wire type of a block as Terraform does", () => {
    const network = loadProviderSchema(FIXTURE, "toycloud").resource_schemas!.toycloud_network!;
    expect(impliedType(network.block)).toEqual([
      "object",
      {
        id: "string",
        arn: "string",
        name: "string",
        policy: "string",
        mtu: "number",
        tags: ["map", "string"],
        tags_all: ["map", "string"],
        subnet: ["list", ["object", { cidr: "string", id: "string" }]],
        settings: ["object", { enabled: "bool", generation: "number" }],
        rule: ["set", ["object", { port: "number", rule_id: "string" }]],
      },
    ]);
  });

  it("makes list and map blocks holding a dynamic type dynamic themselves (hcldec tuple/object specs)", () => {
    const inner: SchemaBlock = { attributes: { v: { type: "dynamic", optional: true } } };
    const block: SchemaBlock = {
      attributes: { disks: { nested_type: { nesting_mode: "set", attributes: { n: { type: "number" } } } } },
      block_types: {
        l: { nesting_mode: "list", block: inner },
        m: { nesting_mode: "map", block: inner },
        s: { nesting_mode: "set", block: inner },
        g: { nesting_mode: "group", block: inner },
      },
    };
    expect(impliedType(block)).toEqual([
      "object",
      {
        disks: ["set", ["object", { n: "number" }]],
        l: "dynamic",
        m: "dynamic",
        s: ["set", ["object", { v: "dynamic" }]],
        g: ["object", { v: "dynamic" }],
      },
    ]);
  });

  it("builds protocol Schema messages with JSON type bytes and nesting enums", () => {
    const instance = loadProviderSchema(FIXTURE, "toycloud").resource_schemas!.toycloud_network!;
    const msg = protoSchema(instance) as { version: number; block: Record<string, never[]> };
    expect(msg.version).toBe(1);
    const attrs = msg.block.attributes as unknown as { name: string; type: Buffer; computed: boolean }[];
    expect(attrs.map((a) => a.name)).toEqual(["arn", "id", "mtu", "name", "policy", "tags", "tags_all"]);
    expect(attrs.find((a) => a.name === "tags")!.type.toString()).toBe('["map","string"]');
    const blocks = msg.block.block_types as unknown as { type_name: string; nesting: string }[];
    expect(blocks.map((b) => [b.type_name, b.nesting])).toEqual([
      ["rule", "SET"],
      ["settings", "SINGLE"],
      ["subnet", "LIST"],
    ]);
  });

  it("drops descriptions but keeps an attribute that is named description", () => {
    const trimmed = providerWithoutDescriptions({
      provider: { version: 0, block: { description: "doc", attributes: {} } },
      resource_schemas: {
        r: {
          version: 2,
          block: {
            attributes: { description: { type: "string", optional: true, description: "The description." } },
          },
        },
      },
    });
    expect(trimmed.provider.block).toEqual({ attributes: {} });
    expect(trimmed.resource_schemas!.r).toEqual({
      version: 2,
      block: { attributes: { description: { type: "string", optional: true } } },
    });
  });
});
