/**
 * Real Terraform (init, validate, plan -out, show -json) against the stand-in provider, offline, on a
 * small hand-written configuration and schema (fixtures/toycloud.*).
 */
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../../helpers";
import {
  type Mirror,
  prepareMirror,
  runTerraform,
  serveProviders,
  type TerraformResult,
  terraformAvailable,
} from "./harness";

const FIXTURES = join(__dirname, "fixtures");
export const HAVE_TERRAFORM = terraformAvailable();
if (!HAVE_TERRAFORM) {
  if (process.env.CI)
    throw new Error("terraform is not on PATH, and CI must run the stand-in provider tests");
  console.warn("skipping the stand-in provider's Terraform tests: terraform is not on PATH");
}

interface PlanJson {
  resource_changes: {
    address: string;
    change: { actions: string[]; after: Record<string, unknown>; after_unknown: Record<string, unknown> };
  }[];
  prior_state: {
    values: { root_module: { resources: { address: string; values: Record<string, unknown> }[] } };
  };
  planned_values: { outputs: Record<string, { value?: unknown }> };
}

describe.skipIf(!HAVE_TERRAFORM)("terraform against the stand-in provider", () => {
  let mirror: Mirror;
  let dir: string;
  let trace: string;
  const runs: Record<string, TerraformResult> = {};
  let plan: PlanJson;

  beforeAll(() => {
    const root = tempDir("tf-standin-e2e");
    trace = join(root, "rpc.log");
    mirror = prepareMirror(
      join(FIXTURES, "toycloud-schema.json"),
      [{ source: "hashicorp/toycloud", version: "1.0.0" }],
      { dir: root, traceFile: trace },
    );
    dir = tempDir("tf-standin-e2e-work");
    copyFileSync(join(FIXTURES, "toycloud.tf.json"), join(dir, "main.tf.json"));
    for (const [name, args] of [
      ["init", ["init", "-no-color"]],
      ["validate", ["validate", "-no-color"]],
      ["plan", ["plan", "-no-color", "-out", "tfplan"]],
      ["show", ["show", "-no-color", "-json", "tfplan"]],
    ] as const) {
      runs[name] = runTerraform(dir, args, mirror.env);
      if (runs[name].code !== 0) throw new Error(`terraform ${name} failed:\n${runs[name].stderr}`);
    }
    plan = JSON.parse(runs.show!.stdout) as PlanJson;
  });

  const change = (address: string) => plan.resource_changes.find((c) => c.address === address)!.change;

  it("installs the provider from the filesystem mirror", () => {
    expect(runs.init!.stdout).toContain("Installed hashicorp/toycloud v1.0.0 (unauthenticated)");
    expect(readFileSync(join(dir, ".terraform.lock.hcl"), "utf8")).toContain(
      'provider "registry.terraform.io/hashicorp/toycloud"',
    );
  });

  it("validates the configuration", () => {
    expect(runs.validate!.stdout).toContain("Success! The configuration is valid.");
  });

  it("plans computed attributes as unknown, in nested blocks and nested attributes too", () => {
    expect(runs.plan!.stdout).toContain("Plan: 3 to add, 0 to change, 0 to destroy.");
    const network = change("toycloud_network.Main");
    expect(network.actions).toEqual(["create"]);
    expect(network.after_unknown).toMatchObject({
      id: true,
      arn: true,
      mtu: true,
      tags_all: true,
      subnet: [{ id: true }, { id: true }],
      settings: { generation: true },
      rule: [{ rule_id: true }],
    });
    expect(network.after).toMatchObject({ name: "main", tags: { team: "platform" } });
    expect(network.after).not.toHaveProperty("arn");
    expect(change("toycloud_instance.Web").after_unknown).toEqual({
      id: true,
      network_id: true,
      private_ip: true,
      size: true,
      disks: [{ device: true }],
    });
    expect(change("toycloud_manifest.Config").after_unknown).toMatchObject({ object: true });
  });

  it("reads data sources during plan, with typed placeholders for their computed attributes", () => {
    const data = Object.fromEntries(
      plan.prior_state.values.root_module.resources.map((r) => [r.address, r.values]),
    );
    expect(data["data.toycloud_policy_document.Trust"]).toMatchObject({ id: "placeholder-id", json: "{}" });
    expect(data["data.toycloud_zones.Available"]).toEqual({
      id: "placeholder-id",
      region: "eu-west-1",
      names: [],
      count: 0,
      default: false,
    });
    // The placeholder JSON goes through jsondecode, and into a resource argument as it is.
    expect(plan.planned_values.outputs.statement_count!.value).toBe(0);
    expect(change("toycloud_network.Main").after.policy).toBe("{}");
  });

  it("is called with the RPCs Terraform 1.11 uses, the schema encoded once", () => {
    const rpcs = readFileSync(trace, "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split(" ").slice(2).join(" ").trim());
    expect(rpcs.filter((r) => r === "GetProviderSchema")).toHaveLength(1);
    expect(rpcs.filter((r) => r === "GetProviderSchema (cached)").length).toBeGreaterThanOrEqual(2);
    expect(new Set(rpcs.map((r) => r.split(" ")[0]))).toEqual(
      new Set([
        "GetProviderSchema",
        "ValidateProviderConfig",
        "ValidateResourceConfig",
        "ValidateDataResourceConfig",
        "ConfigureProvider",
        "ReadDataSource",
        "PlanResourceChange",
      ]),
    );
  });

  it("refuses to apply", () => {
    const r = runTerraform(dir, ["apply", "-no-color", "-auto-approve", "tfplan"], mirror.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("stand-in provider: apply is not supported");
  });

  it("plans the same when Terraform attaches to one running plugin (serveProviders)", async () => {
    const servers = await serveProviders(mirror);
    try {
      const before = readFileSync(trace, "utf8").length;
      const pid = String(
        JSON.parse(servers.env.TF_REATTACH_PROVIDERS!)["registry.terraform.io/hashicorp/toycloud"].Pid,
      );
      const validate = runTerraform(dir, ["validate", "-no-color"], servers.env);
      expect(validate.stdout).toContain("Success! The configuration is valid.");
      expect(validate.stderr).toBe("");
      const planned = runTerraform(dir, ["plan", "-no-color", "-out", "tfplan-attached"], servers.env);
      expect(planned.stderr).toBe("");
      expect(planned.stdout).toContain("Plan: 3 to add, 0 to change, 0 to destroy.");
      const show = runTerraform(dir, ["show", "-no-color", "-json", "tfplan-attached"], servers.env);
      const attached = JSON.parse(show.stdout) as PlanJson;
      expect(attached.resource_changes).toEqual(plan.resource_changes);
      expect(attached.planned_values).toEqual(plan.planned_values);
      // Every RPC of those three commands went to the one server: Terraform started no plugin.
      const pids = readFileSync(trace, "utf8")
        .slice(before)
        .trim()
        .split("\n")
        .map((l) => l.split(" ")[0]);
      expect(pids.length).toBeGreaterThan(5);
      expect(new Set(pids)).toEqual(new Set([pid]));
    } finally {
      servers.stop();
    }
  });
});

describe.skipIf(!HAVE_TERRAFORM)("terraform with prior state", () => {
  // What an earlier apply would have left: the network as configured but renamed since, and an
  // instance that is no longer in the configuration.
  const state = {
    version: 4,
    terraform_version: "1.11.4",
    serial: 1,
    lineage: "00000000-0000-4000-8000-000000000001",
    outputs: {},
    resources: [
      instance("toycloud_network", "Main", 1, {
        id: "net-1",
        arn: "arn:toy:net-1",
        name: "old-name",
        policy: null,
        mtu: 1500,
        tags: null,
        tags_all: {},
        subnet: [{ cidr: "10.0.1.0/24", id: "subnet-1" }],
        settings: null,
        rule: [],
      }),
      instance("toycloud_instance", "Gone", 0, {
        id: "i-1",
        network_id: "net-1",
        size: "small",
        private_ip: "10.0.1.5",
        disks: null,
      }),
    ],
    check_results: null,
  };
  const config = {
    terraform: { required_providers: { toycloud: { source: "hashicorp/toycloud", version: "1.0.0" } } },
    resource: { toycloud_network: { Main: { name: "new-name", subnet: [{ cidr: "10.0.1.0/24" }] } } },
  };
  let plan: PlanJson;
  let rpcs: string[];

  // Through serveProviders: the plugin starts (the first describe's subject) are not what this tests.
  beforeAll(async () => {
    const root = tempDir("tf-standin-prior");
    const trace = join(root, "rpc.log");
    const mirror = prepareMirror(
      join(FIXTURES, "toycloud-schema.json"),
      [{ source: "hashicorp/toycloud", version: "1.0.0" }],
      { dir: root, traceFile: trace },
    );
    const dir = tempDir("tf-standin-prior-work");
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(config));
    writeFileSync(join(dir, "terraform.tfstate"), JSON.stringify(state));
    const servers = await serveProviders(mirror);
    try {
      for (const [args, env] of [
        [["init", "-no-color"], mirror.env],
        [["plan", "-no-color", "-out", "tfplan"], servers.env],
      ] as const) {
        const r = runTerraform(dir, args, env);
        if (r.code !== 0) throw new Error(`terraform ${args[0]} failed:\n${r.stderr}`);
      }
      plan = JSON.parse(runTerraform(dir, ["show", "-json", "tfplan"], servers.env).stdout) as PlanJson;
    } finally {
      servers.stop();
    }
    rpcs = readFileSync(trace, "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split(" ").slice(2).join(" "));
  });

  it("upgrades and refreshes the prior state", () => {
    expect(rpcs).toContain("UpgradeResourceState toycloud_network");
    expect(rpcs).toContain("ReadResource toycloud_network");
  });

  it("plans an update that keeps the computed values already known", () => {
    const main = plan.resource_changes.find((c) => c.address === "toycloud_network.Main")!.change;
    expect(main.actions).toEqual(["update"]);
    expect(main.after).toMatchObject({ name: "new-name", id: "net-1", arn: "arn:toy:net-1", mtu: 1500 });
    expect(main.after).toMatchObject({ subnet: [{ cidr: "10.0.1.0/24", id: "subnet-1" }] });
    expect(main.after_unknown).toEqual({});
  });

  it("plans the destroy of what left the configuration, through the provider (plan_destroy)", () => {
    const gone = plan.resource_changes.find((c) => c.address === "toycloud_instance.Gone")!.change;
    expect(gone.actions).toEqual(["delete"]);
    expect(rpcs).toContain("PlanResourceChange toycloud_instance");
  });
});

function instance(type: string, name: string, schemaVersion: number, attributes: Record<string, unknown>) {
  return {
    mode: "managed",
    type,
    name,
    provider: 'provider["registry.terraform.io/hashicorp/toycloud"]',
    instances: [{ schema_version: schemaVersion, attributes, sensitive_attributes: [] }],
  };
}
