import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { synthDir as sharedSynthDir, tempDir } from "../../helpers";
import { buildSchemaBundle, buildSchemasFor, type SchemaBundle } from "./build-schemas";
import type { AttributeJson, BlockJson, BlockTypeJson, SchemaJson } from "./types";
import { listUsedTypes } from "./used-types";

const synthDir = sharedSynthDir();
const AWS = "registry.terraform.io/hashicorp/aws";
const AZURERM = "registry.terraform.io/hashicorp/azurerm";
const CLOUDFLARE = "registry.terraform.io/cloudflare/cloudflare";
const HELM = "registry.terraform.io/hashicorp/helm";
const KUBERNETES = "registry.terraform.io/hashicorp/kubernetes";
const RANDOM = "registry.terraform.io/hashicorp/random";

let bundle: SchemaBundle;
let extra: SchemaBundle;

beforeAll(() => {
  bundle = buildSchemaBundle(synthDir, { cacheDir: false });
  // Types the checks below need that the stacks may not use (yet).
  extra = buildSchemasFor(
    [
      { source: KUBERNETES, resources: ["kubernetes_manifest"], dataSources: [] },
      { source: AWS, resources: ["aws_security_group"], dataSources: [] },
    ],
    { cacheDir: false },
  );
});

const resource = (b: SchemaBundle, source: string, type: string): SchemaJson =>
  b.schemas.provider_schemas[source]!.resource_schemas[type]!;
const attrs = (block: BlockJson): Record<string, AttributeJson> => block.attributes ?? {};
const blocks = (block: BlockJson): Record<string, BlockTypeJson> => block.block_types ?? {};

describe("listUsedTypes", () => {
  it("groups the stacks' types by provider source address and skips Terraform built-ins", () => {
    const used = listUsedTypes(synthDir);
    expect(Object.keys(used)).toEqual([CLOUDFLARE, AWS, AZURERM, HELM, KUBERNETES, RANDOM]);
    expect(used[AZURERM]!.resources).toEqual(
      expect.arrayContaining(["azurerm_kubernetes_cluster", "azurerm_postgresql_flexible_server"]),
    );
    expect(used[AWS]).toMatchObject({ localNames: ["aws"], versionConstraints: ["6.25.0"] });
    expect(used[AWS]!.resources).toEqual(
      expect.arrayContaining(["aws_vpc", "aws_eks_cluster", "aws_db_instance"]),
    );
    expect(used[AWS]!.dataSources).toEqual(
      expect.arrayContaining(["aws_iam_policy_document", "aws_partition"]),
    );
    expect(used[HELM]!.resources).toEqual(["helm_release"]);
    expect(used[RANDOM]!.resources).toEqual(["random_password"]);
    const all = Object.values(used).flatMap((p) => p.dataSources);
    expect(all).not.toContain("terraform_remote_state");
  });

  it("follows a provider alias, expands short sources and keeps providers without types", () => {
    const dir = tempDir("used-types");
    mkdirSync(join(dir, "stacks", "one"), { recursive: true });
    const stack = {
      terraform: {
        required_providers: {
          aws: { source: "hashicorp/aws", version: "6.25.0" },
          cf: { source: "cloudflare/cloudflare", version: "5.0.0" },
        },
      },
      resource: { aws_vpc: { v: { provider: "aws.east" } }, cf_record: { r: { provider: "cf" } } },
      data: { terraform_remote_state: { s: {} } },
    };
    writeFileSync(join(dir, "stacks", "one", "cdk.tf.json"), JSON.stringify(stack));
    const used = listUsedTypes(dir);
    expect(Object.keys(used)).toEqual(["registry.terraform.io/cloudflare/cloudflare", AWS]);
    expect(used[AWS]).toMatchObject({ resources: ["aws_vpc"], dataSources: [] });
    expect(used["registry.terraform.io/cloudflare/cloudflare"]).toMatchObject({ resources: ["cf_record"] });
  });
});

describe("buildSchemas for the synthesized stacks", () => {
  it("prints the format of `terraform providers schema -json` with the bindings' provider versions", () => {
    expect(bundle.schemas.format_version).toBe("1.0");
    expect(Object.fromEntries(Object.entries(bundle.providers).map(([s, o]) => [s, o.version]))).toEqual({
      [AWS]: "6.25.0",
      [AZURERM]: "4.55.0",
      [CLOUDFLARE]: "5.14.0",
      [HELM]: "3.1.1",
      [KUBERNETES]: "2.38.0",
      [RANDOM]: "3.7.2",
    });
    for (const p of Object.values(bundle.schemas.provider_schemas)) {
      expect(Object.keys(p).sort()).toEqual(["data_source_schemas", "provider", "resource_schemas"]);
      expect(p.provider.block.description_kind).toBe("plain");
    }
  });

  it("has a schema for every resource and data source type the stacks use, and no other", () => {
    for (const [source, used] of Object.entries(listUsedTypes(synthDir))) {
      const p = bundle.schemas.provider_schemas[source]!;
      expect(Object.keys(p.resource_schemas).sort()).toEqual(used.resources);
      expect(Object.keys(p.data_source_schemas).sort()).toEqual(used.dataSources);
      for (const s of [...Object.values(p.resource_schemas), ...Object.values(p.data_source_schemas)]) {
        expect(Object.keys(attrs(s.block)).length).toBeGreaterThan(0);
      }
    }
  });

  it("loses nothing the stacks use: no used type falls back to a default for a folded or skipped shape", () => {
    expect(bundle.notes).toEqual({});
  });

  it("says no attribute is both required and computed, which Terraform refuses (cloudflare_ruleset's bindings do)", () => {
    const both: string[] = [];
    const walk = (at: string, block: BlockJson) => {
      const attributes = (path: string, a: Record<string, AttributeJson> | undefined) => {
        for (const [name, attr] of Object.entries(a ?? {})) {
          if (attr.required && attr.computed) both.push(`${path}.${name}`);
          if (attr.nested_type) attributes(`${path}.${name}`, attr.nested_type.attributes);
        }
      };
      attributes(at, block.attributes);
      for (const [name, nested] of Object.entries(block.block_types ?? {}))
        walk(`${at}.${name}`, nested.block);
    };
    for (const [source, p] of Object.entries(bundle.schemas.provider_schemas)) {
      for (const [type, schema] of Object.entries({ ...p.resource_schemas, ...p.data_source_schemas }))
        walk(`${source} ${type}`, schema.block);
    }
    expect(both).toEqual([]);
    const ruleset = bundle.schemas.provider_schemas[CLOUDFLARE]!.resource_schemas.cloudflare_ruleset!;
    const rules = attrs(ruleset.block).rules!.nested_type!.attributes;
    expect(rules.action).toMatchObject({ required: true });
  });

  it("never lists the `alias` meta-argument as provider configuration", () => {
    for (const p of Object.values(bundle.schemas.provider_schemas))
      expect(attrs(p.provider.block)).not.toHaveProperty("alias");
  });
});

describe("the derived schemas match the real providers", () => {
  it("aws_vpc: cidr_block an optional+computed string, id computed, tags a map of string", () => {
    const vpc = attrs(resource(bundle, AWS, "aws_vpc").block);
    expect(vpc.cidr_block).toEqual({
      type: "string",
      optional: true,
      computed: true,
      description_kind: "plain",
    });
    expect(vpc.arn).toEqual({ type: "string", computed: true, description_kind: "plain" });
    expect(vpc.id).toMatchObject({ type: "string", computed: true });
    expect(vpc.tags).toEqual({ type: ["map", "string"], optional: true, description_kind: "plain" });
    expect(vpc.tags_all).toMatchObject({ type: ["map", "string"], optional: true, computed: true });
    expect(vpc.enable_dns_support).toEqual({ type: "bool", optional: true, description_kind: "plain" });
    expect(vpc.ipv4_netmask_length).toMatchObject({ type: "number" });
  });

  it("aws_eks_cluster: vpc_config is one required list block holding a set of subnet ids", () => {
    const eks = resource(bundle, AWS, "aws_eks_cluster").block;
    expect(attrs(eks)).not.toHaveProperty("vpc_config");
    const vpcConfig = blocks(eks).vpc_config!;
    expect(vpcConfig).toMatchObject({ nesting_mode: "list", min_items: 1, max_items: 1 });
    expect(attrs(vpcConfig.block).subnet_ids).toMatchObject({ type: ["set", "string"], required: true });
    expect(attrs(vpcConfig.block).cluster_security_group_id).toMatchObject({
      type: "string",
      computed: true,
    });
    expect(blocks(eks).access_config).toEqual(
      expect.objectContaining({ nesting_mode: "list", max_items: 1 }),
    );
    expect(blocks(eks).access_config).not.toHaveProperty("min_items");
    expect(blocks(eks).timeouts).toMatchObject({ nesting_mode: "single" });
    expect(attrs(eks).certificate_authority).toMatchObject({
      type: ["list", ["object", { data: "string" }]],
      computed: true,
    });
    expect(attrs(eks).name).toMatchObject({ type: "string", required: true });
  });

  it("aws_security_group: ingress is a set-of-objects attribute (config mode attr), not a block", () => {
    const sg = resource(extra, AWS, "aws_security_group").block;
    expect(blocks(sg)).not.toHaveProperty("ingress");
    expect(attrs(sg).ingress).toMatchObject({ optional: true, computed: true });
    expect(attrs(sg).ingress!.type).toEqual([
      "set",
      [
        "object",
        {
          cidr_blocks: ["list", "string"],
          description: "string",
          from_port: "number",
          ipv6_cidr_blocks: ["list", "string"],
          prefix_list_ids: ["list", "string"],
          protocol: "string",
          security_groups: ["set", "string"],
          self: "bool",
          to_port: "number",
        },
      ],
    ]);
  });

  it("helm_release: set is a list nested attribute with its own flags; timeouts and metadata are attributes", () => {
    const release = resource(bundle, HELM, "helm_release").block;
    expect(blocks(release)).toEqual({});
    expect(attrs(release).set).toMatchObject({
      optional: true,
      nested_type: {
        nesting_mode: "list",
        attributes: {
          name: { type: "string", required: true },
          value: { type: "string", optional: true },
          type: { type: "string", optional: true, computed: true },
        },
      },
    });
    expect(attrs(release).set!.type).toBeUndefined();
    expect(attrs(release).timeouts).toMatchObject({
      nested_type: { nesting_mode: "single" },
      optional: true,
    });
    expect(attrs(release).postrender!.nested_type!.attributes.binary_path).toMatchObject({ required: true });
    expect(attrs(release).metadata).toMatchObject({
      computed: true,
      type: ["object", { revision: "number" }],
    });
    expect(attrs(release).set_sensitive!.nested_type!.attributes.value).toMatchObject({ sensitive: true });
    expect(attrs(release).set_wo).toMatchObject({ write_only: true });
    expect(attrs(release).set_wo!.nested_type!.attributes.name).toMatchObject({ write_only: true });
  });

  it("helm provider: kubernetes is a single nested attribute, exec a single nested attribute inside it", () => {
    const provider = bundle.schemas.provider_schemas[HELM]!.provider.block;
    expect(blocks(provider)).toEqual({});
    const kubernetes = attrs(provider).kubernetes!;
    expect(kubernetes).toMatchObject({ optional: true, nested_type: { nesting_mode: "single" } });
    expect(kubernetes.nested_type!.attributes.exec).toMatchObject({
      nested_type: {
        nesting_mode: "single",
        attributes: { api_version: { required: true }, args: { optional: true } },
      },
    });
    expect(attrs(provider).registries).toMatchObject({ nested_type: { nesting_mode: "list" } });
  });

  it("kubernetes_manifest: manifest and object are dynamic; wait_for is an object-typed attribute", () => {
    const manifest = resource(extra, KUBERNETES, "kubernetes_manifest").block;
    expect(attrs(manifest).manifest).toMatchObject({ type: "dynamic", required: true });
    expect(attrs(manifest).manifest).not.toHaveProperty("computed");
    expect(attrs(manifest).object).toMatchObject({ type: "dynamic", optional: true, computed: true });
    expect(attrs(manifest).wait_for).toMatchObject({ type: ["object", { fields: ["map", "string"] }] });
    expect(blocks(manifest).field_manager).toMatchObject({ nesting_mode: "list", max_items: 1 });
  });

  it("random_password: result is a sensitive computed string, length a required number", () => {
    const password = attrs(resource(bundle, RANDOM, "random_password").block);
    expect(password.result).toEqual({
      type: "string",
      computed: true,
      sensitive: true,
      description_kind: "plain",
    });
    expect(password.length).toMatchObject({ type: "number", required: true });
    expect(password.special).toMatchObject({ type: "bool", optional: true, computed: true });
  });

  it("aws_db_instance, aws_secretsmanager_secret_version: *_wo arguments are write-only; secrets sensitive", () => {
    const db = attrs(resource(bundle, AWS, "aws_db_instance").block);
    expect(db.password_wo).toMatchObject({ write_only: true, optional: true });
    expect(db.password_wo_version).not.toHaveProperty("write_only");
    expect(db.password).toMatchObject({ sensitive: true });
    expect(db.manage_master_user_password).not.toHaveProperty("sensitive");
    const version = attrs(resource(bundle, AWS, "aws_secretsmanager_secret_version").block);
    expect(version.secret_string_wo).toMatchObject({ write_only: true, sensitive: true });
    expect(version.secret_string).toMatchObject({ sensitive: true });
    expect(version.secret_string).not.toHaveProperty("write_only");
    const secret = attrs(resource(bundle, KUBERNETES, "kubernetes_secret_v1").block);
    expect(secret.data).toMatchObject({ sensitive: true, optional: true, computed: true });
    expect(secret.data_wo).toMatchObject({ type: ["map", "string"], optional: true, write_only: true });
    expect(secret.data_wo).not.toHaveProperty("sensitive");
  });

  it("data aws_iam_policy_document: statement is a list block with set blocks of principals inside", () => {
    const doc = bundle.schemas.provider_schemas[AWS]!.data_source_schemas.aws_iam_policy_document!.block;
    expect(attrs(doc).json).toMatchObject({ type: "string", computed: true });
    const statement = blocks(doc).statement!;
    expect(statement).toEqual(expect.objectContaining({ nesting_mode: "list" }));
    expect(statement).not.toHaveProperty("max_items");
    expect(attrs(statement.block).actions).toMatchObject({ type: ["set", "string"], optional: true });
    expect(blocks(statement.block).principals).toMatchObject({
      nesting_mode: "set",
      block: {
        attributes: { type: { required: true }, identifiers: { type: ["set", "string"], required: true } },
      },
    });
    expect(blocks(statement.block).condition!.block.attributes!.values).toMatchObject({
      type: ["list", "string"],
    });
  });
});

describe("the cache", () => {
  it("writes one file per provider and serves the same result from it", () => {
    const cacheDir = tempDir("tf-schemas-cache");
    const first = buildSchemaBundle(synthDir, { cacheDir });
    expect(readdirSync(cacheDir).filter((f) => f.endsWith(".json"))).toHaveLength(6);
    const second = buildSchemaBundle(synthDir, { cacheDir });
    expect(second).toEqual(first);
    expect(second).toEqual(bundle);
  });
});
