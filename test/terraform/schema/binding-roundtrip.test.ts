/**
 * Round trip through the generator itself: for each real provider schema in @cdktf/provider-generator's
 * own test fixtures (AWS, Datadog, Stripe, Airbyte, nested attributes, every collection kind), generate
 * bindings with the installed generator (the version that built the prebuilt packages), parse them back
 * and compare with the original schema on everything the bindings can carry. What they cannot carry is
 * normalized away on both sides: descriptions, sensitive, deprecated, exact min_items (>0 → 1), max_items
 * other than 1, and set-vs-list below the outermost level of a collection type.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../helpers";
import { parseBindingModule } from "./binding-parser";
import { readModuleSource } from "./binding-source";
import { blockFromBinding } from "./schema-from-binding";
import type { AttributeJson, BlockJson, CtyType } from "./types";

/** The two pieces of the generator this test drives, each loaded from its own module. */
interface CodeMakerModule {
  CodeMaker: new () => { save(dir: string): Promise<void> };
}
interface ProviderGeneratorModule {
  TerraformProviderGenerator: new (code: unknown, schema: unknown) => { generateAll(): void };
}

const require = createRequire(join(process.cwd(), "package.json"));
const generatorPath = (() => {
  try {
    return require.resolve("@cdktf/provider-generator");
  } catch {
    return undefined;
  }
})();
const FIXTURES = generatorPath && join(dirname(generatorPath), "get", "__tests__", "generator", "fixtures");

/**
 * Fixtures whose real schema the bindings cannot reproduce, and why.
 * - quicksight: the generator replaces `definition` with an untyped `any` (its SKIPPED_ATTRIBUTES list);
 * - wafv2: the generator folds the recursive `statement` blocks into a loop;
 * - list-list-string: a computed-only nested attribute looks like an object-typed one (same values);
 * - nested-type-without-attributes: so does a nested attribute with no fields.
 */
const LOSSY = [
  "aws_quicksight_template",
  "data_aws_quicksight_analysis",
  "aws_wafv2_web_acl",
  "list-list-string",
  "nested-type-without-attributes",
];

function normType(t: CtyType, top = true): unknown {
  if (typeof t === "string") return t;
  if (t[0] === "object")
    return ["object", Object.fromEntries(Object.entries(t[1]).map(([k, v]) => [k, normType(v)]))];
  if (t[0] === "map" && t[1] === "dynamic") return "dynamic";
  return [!top && t[0] === "set" ? "list" : t[0], normType(t[1], false)];
}

function normAttr(a: AttributeJson): unknown {
  const nested = a.nested_type && {
    nesting_mode: a.nested_type.nesting_mode,
    attributes: Object.fromEntries(
      Object.entries(a.nested_type.attributes ?? {}).map(([k, v]) => [k, normAttr(v)]),
    ),
  };
  return {
    type: a.type && normType(a.type),
    nested,
    flags: (["required", "optional", "computed"] as const).filter((f) => a[f]),
  };
}

function normBlock(b: BlockJson, dropAlias = false): unknown {
  const attributes = Object.entries(b.attributes ?? {}).filter(([k]) => !(dropAlias && k === "alias"));
  return {
    attributes: Object.fromEntries(attributes.map(([k, v]) => [k, normAttr(v)])),
    blocks: Object.fromEntries(
      Object.entries(b.block_types ?? {}).map(([k, v]) => [
        k,
        {
          nesting_mode: v.nesting_mode,
          min_items: (v.min_items ?? 0) > 0 ? 1 : 0,
          max_items: v.max_items === 1 ? 1 : 0,
          block: normBlock(v.block),
        },
      ]),
    ),
  };
}

interface FixtureFile {
  provider_schemas: Record<
    string,
    {
      provider?: { block: BlockJson };
      resource_schemas?: Record<string, { block: BlockJson }>;
      data_source_schemas?: Record<string, { block: BlockJson }>;
    }
  >;
}

const fixtures = FIXTURES ? readdirSync(FIXTURES).filter((f) => f.endsWith(".json")) : [];

/** Generates bindings for a schema file's content and parses every module back, keyed like `real`. */
async function roundTrip(spec: FixtureFile): Promise<Map<string, BlockJson>> {
  // Not the package root: it also loads the constructs maker and its dependencies.
  // codemaker is the generator's own dependency, so resolve it from there.
  const { CodeMaker } = createRequire(generatorPath!)("codemaker") as CodeMakerModule;
  const { TerraformProviderGenerator } =
    require("@cdktf/provider-generator/lib/get/generator/provider-generator") as ProviderGeneratorModule;
  const code = new CodeMaker();
  new TerraformProviderGenerator(code, spec).generateAll();
  const out = tempDir("roundtrip");
  await code.save(out);
  const parsed = new Map<string, BlockJson>();
  const providersDir = join(out, "providers");
  for (const provider of readdirSync(providersDir)) {
    for (const name of readdirSync(join(providersDir, provider))) {
      const dir = join(providersDir, provider, name);
      if (!existsSync(join(dir, "index.ts"))) continue;
      const mod = parseBindingModule(readModuleSource(dir));
      const key =
        mod.rootKind === "provider"
          ? "provider"
          : mod.rootKind === "data"
            ? `data.${mod.tfType}`
            : mod.tfType;
      parsed.set(key, blockFromBinding(mod).block);
    }
  }
  return parsed;
}

describe.skipIf(!generatorPath)("bindings generated from real schemas parse back to those schemas", () => {
  it.each(fixtures.filter((f) => !LOSSY.some((l) => f.startsWith(l))))("%s", async (fixture) => {
    const spec = JSON.parse(readFileSync(join(FIXTURES!, fixture), "utf8")) as FixtureFile;
    const real = new Map<string, BlockJson>();
    for (const p of Object.values(spec.provider_schemas)) {
      if (p.provider) real.set("provider", p.provider.block);
      for (const [t, s] of Object.entries(p.resource_schemas ?? {})) real.set(t, s.block);
      for (const [t, s] of Object.entries(p.data_source_schemas ?? {})) real.set(`data.${t}`, s.block);
    }
    const parsed = await roundTrip(spec);
    expect([...parsed.keys()].sort()).toEqual([...real.keys()].sort());
    for (const [key, block] of real) {
      // The generator adds `alias` to the provider schema it is given; the builder leaves it out.
      const isProvider = key === "provider";
      expect(normBlock(parsed.get(key)!, isProvider), key).toEqual(normBlock(block, isProvider));
    }
  });
});

describe.skipIf(!generatorPath)("an object-valued attribute whose fields do not tell", () => {
  const plain = { description_kind: "plain" } as const;
  const optional = (type: CtyType) => ({ ...plain, type, optional: true as const });
  const nested: AttributeJson = {
    ...plain,
    optional: true,
    nested_type: {
      nesting_mode: "single",
      attributes: { create: optional("string"), delete: optional("string") },
    },
  };
  const spec: FixtureFile = {
    provider_schemas: {
      "registry.terraform.io/hashicorp/test": {
        provider: { block: { ...plain } },
        resource_schemas: {
          test_framework: {
            block: {
              ...plain,
              attributes: {
                set: {
                  ...plain,
                  optional: true,
                  nested_type: {
                    nesting_mode: "list",
                    attributes: {
                      name: { ...plain, type: "string", required: true },
                      value: optional("string"),
                    },
                  },
                },
                timeouts: nested,
              },
            },
          },
          test_sdk: {
            block: {
              ...plain,
              attributes: {
                rules: { ...optional(["set", ["object", { from: "number", to: "number" }]]), computed: true },
              },
            },
          },
        },
      },
    },
  };

  it("is a nested attribute in a module that has clear nested attributes, else an object type", async () => {
    const parsed = await roundTrip(structuredClone(spec));
    expect(parsed.get("test_framework")!.attributes!.timeouts).toEqual(nested);
    expect(parsed.get("test_framework")!.attributes!.set!.nested_type!.nesting_mode).toBe("list");
    expect(parsed.get("test_sdk")!.attributes!.rules).toEqual(
      spec.provider_schemas["registry.terraform.io/hashicorp/test"]!.resource_schemas!.test_sdk!.block
        .attributes!.rules,
    );
  });
});
