import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../../helpers";
import { runTerraform, terraformAvailable } from "./harness";
import type { ProvidersSchemaFile } from "./schema";
import { OVERRIDE_FILE, placeholderOutputs, prepareStackWorkdir, requiredProviders } from "./stack-workdir";

const schema = JSON.parse(
  readFileSync(join(__dirname, "fixtures", "toycloud-schema.json"), "utf8"),
) as ProvidersSchemaFile;

/** A Terraform interpolation, `${expr}`. */
const tf = (expr: string) => `\${${expr}}`;

const s3 = (stack: string) => ({
  s3: { bucket: "state", key: `stacks/${stack}/terraform.tfstate`, region: "eu-west-1" },
});

// A producer and a consumer shaped like the synthesized ones: cdktf's cross-stack references.
const producer = {
  terraform: { backend: s3("prod") },
  output: {
    LiveColor: { value: "blue" },
    Replicas: { value: 3 },
    "cross-stack-output-toycloud_networkMainid": { value: tf("toycloud_network.Main.id"), sensitive: true },
    "cross-stack-output-dataZonesnames": {
      value: tf("data.toycloud_zones.Available.names"),
      sensitive: true,
    },
    Joined: { value: tf('join(",", data.toycloud_zones.Available.names)') },
  },
};
const ref = (out: string) =>
  `\${data.terraform_remote_state.cross-stack-reference-input-prod.outputs.${out}}`;
const consumer = {
  terraform: {
    backend: s3("prod-blue"),
    required_providers: { toycloud: { source: "hashicorp/toycloud", version: "1.0.0" } },
  },
  data: {
    terraform_remote_state: {
      "cross-stack-reference-input-prod": {
        backend: "s3",
        config: s3("prod").s3,
        workspace: tf("terraform.workspace"),
      },
    },
  },
  output: {
    color: { value: ref("LiveColor") },
    network: { value: ref("cross-stack-output-toycloud_networkMainid"), sensitive: true },
    first_zone: { value: ref("cross-stack-output-dataZonesnames[0]"), sensitive: true },
    joined_first: { value: ref("Joined[0]") },
  },
};

function writeStacks(): string {
  const stacks = tempDir("tf-standin-stacks");
  for (const [name, doc] of [
    ["prod", producer],
    ["prod-blue", consumer],
  ] as const) {
    mkdirSync(join(stacks, name));
    writeFileSync(join(stacks, name, "cdk.tf.json"), JSON.stringify(doc));
  }
  return stacks;
}

describe("placeholderOutputs", () => {
  it("types outputs that reference an attribute from the schema, names them after the output, keeps literals", () => {
    expect(placeholderOutputs(producer, schema)).toEqual({
      LiveColor: { value: "blue", type: "string", sensitive: false },
      Replicas: { value: 3, type: "number", sensitive: false },
      "cross-stack-output-toycloud_networkMainid": {
        value: "placeholder-cross-stack-output-toycloud_networkMainid",
        type: "string",
        sensitive: true,
      },
      "cross-stack-output-dataZonesnames": {
        value: ["placeholder-cross-stack-output-dataZonesnames"],
        type: ["list", "string"],
        sensitive: true,
      },
      Joined: { value: "placeholder-Joined", type: "string", sensitive: false },
    });
  });
});

describe("prepareStackWorkdir", () => {
  let stacks: string;
  let work: string;
  let result: ReturnType<typeof prepareStackWorkdir>;
  beforeAll(() => {
    stacks = writeStacks();
    work = join(tempDir("tf-standin-workdir"), "prod-blue");
    result = prepareStackWorkdir(stacks, "prod-blue", work, schema);
  });

  it("overrides the backend and each remote state with local files", () => {
    const override = JSON.parse(readFileSync(join(work, OVERRIDE_FILE), "utf8"));
    expect(override).toEqual({
      terraform: { backend: { local: { path: "terraform.tfstate" } } },
      data: {
        terraform_remote_state: {
          "cross-stack-reference-input-prod": {
            backend: "local",
            config: { path: join(work, "remote-prod.tfstate") },
          },
        },
      },
    });
    expect(result.remoteStates).toEqual({ "cross-stack-reference-input-prod": "prod" });
    expect(result.providers).toEqual([{ source: "hashicorp/toycloud", version: "1.0.0" }]);
  });

  it("warns where a consumer indexes into a string placeholder", () => {
    expect(result.warnings).toEqual([
      "cross-stack-reference-input-prod.outputs.Joined is a string but is indexed",
    ]);
  });

  it.skipIf(!terraformAvailable())("lets terraform plan the consumer from the fake remote state", () => {
    // Only the outputs that hold up are planned: drop the one the warning is about.
    const doc = JSON.parse(readFileSync(join(work, "cdk.tf.json"), "utf8"));
    delete doc.output.joined_first;
    delete doc.terraform.required_providers;
    writeFileSync(join(work, "cdk.tf.json"), JSON.stringify(doc));
    // No provider to install: terraform_remote_state is built in.
    const cliConfig = join(tempDir("tf-standin-cli"), "terraform.rc");
    writeFileSync(cliConfig, "");
    const env = {
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
      CHECKPOINT_DISABLE: "1",
    };
    expect(runTerraform(work, ["init", "-no-color"], env)).toMatchObject({ code: 0 });
    const plan = runTerraform(work, ["plan", "-no-color", "-out", "tfplan"], env);
    expect(plan.stderr).toBe("");
    const shown = JSON.parse(runTerraform(work, ["show", "-json", "tfplan"], env).stdout);
    expect(shown.planned_values.outputs).toMatchObject({
      color: { value: "blue" },
      first_zone: { sensitive: true, value: "placeholder-cross-stack-output-dataZonesnames" },
      network: { sensitive: true, value: "placeholder-cross-stack-output-toycloud_networkMainid" },
    });
  });
});

it("requires exact provider versions, since a mirror holds one version", () => {
  expect(
    requiredProviders({ terraform: { required_providers: { aws: { source: "aws", version: "6.25.0" } } } }),
  ).toEqual([{ source: "aws", version: "6.25.0" }]);
  expect(() =>
    requiredProviders({ terraform: { required_providers: { aws: { version: "~> 6.0" } } } }),
  ).toThrow("provider aws: needs an exact version to mirror, got ~> 6.0");
});
