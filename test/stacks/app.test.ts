import { readdirSync, readFileSync } from "node:fs";
import path, { join } from "node:path";
import { describe, expect, it } from "vitest";
import { summarize } from "../../scripts/synth";
import { ALL_STACKS, type Attrs, readStack, resourcesOf, synthDir } from "../helpers";

const outdir = synthDir();
const STACKS = ALL_STACKS;
const backendOf = (stack: string) =>
  (readStack(outdir, stack).terraform as Attrs).backend as Record<string, Attrs>;

describe("the synthesized app", () => {
  it("writes one cdk.tf.json per stack", () => {
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(STACKS);
    expect(
      summarize(outdir)
        .map((s) => s.name)
        .sort(),
    ).toEqual(STACKS);
  });

  it.each(
    STACKS.filter((s) => !s.startsWith("bootstrap") && !s.includes("azure")),
  )("gives %s an encrypted S3 backend with its own key and lock file", (stack) => {
    expect(backendOf(stack)).toEqual({
      s3: {
        bucket: "acme-platform-terraform-state",
        region: "eu-west-1",
        key: `stacks/${stack}/terraform.tfstate`,
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  it.each(
    STACKS.filter((s) => !s.startsWith("bootstrap") && s.includes("azure")),
  )("keeps %s's state in Azure: the state account, its own key, Entra authentication", (stack) => {
    expect(backendOf(stack)).toEqual({
      azurerm: {
        resource_group_name: "acme-platform-tfstate",
        storage_account_name: "acmeplatformtfstate",
        container_name: "tfstate",
        key: `stacks/${stack}/terraform.tfstate`,
        use_azuread_auth: true,
      },
    });
  });

  it("keeps bootstrap-azure on a local backend beside bootstrap's, and protects the state account", () => {
    const local = backendOf("bootstrap-azure") as { local: { path: string } };
    expect(local.local.path).toBe("../../../terraform.bootstrap-azure.tfstate");
    const account = Object.values(
      resourcesOf(readStack(outdir, "bootstrap-azure"), "azurerm_storage_account"),
    )[0]!;
    expect(account).toMatchObject({ name: "acmeplatformtfstate", lifecycle: { prevent_destroy: true } });
  });

  it("keeps bootstrap on a local backend and protects the state bucket", () => {
    const local = backendOf("bootstrap") as { local: { path: string } };
    // Terraform resolves the path from the stack's folder; the state must outlive the next synth,
    // which replaces everything under the output folder.
    const state = path.resolve(outdir, "stacks", "bootstrap", local.local.path);
    expect(path.relative(outdir, state).startsWith("..")).toBe(true);
    expect(state).toBe(path.resolve(outdir, "..", "terraform.bootstrap.tfstate"));
    const doc = readStack(outdir, "bootstrap");
    const bucket = Object.values(resourcesOf(doc, "aws_s3_bucket"))[0];
    expect(bucket).toMatchObject({
      bucket: "acme-platform-terraform-state",
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(Object.values(resourcesOf(doc, "aws_s3_bucket_versioning"))[0]).toMatchObject({
      versioning_configuration: { status: "Enabled" },
    });
    expect(Object.values(resourcesOf(doc, "aws_s3_bucket_public_access_block"))[0]).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(JSON.stringify(resourcesOf(doc, "aws_s3_bucket_server_side_encryption_configuration"))).toContain(
      '"sse_algorithm":"aws:kms"',
    );
  });

  it.each(["dev", "staging", "prod"])("builds the %s network from its config", (stack) => {
    const doc = readStack(outdir, stack);
    expect(Object.values(resourcesOf(doc, "aws_vpc"))[0]).toMatchObject({ cidr_block: "10.0.0.0/16" });
    const cidrs = Object.values(resourcesOf(doc, "aws_subnet")).map((s) => s.cidr_block);
    expect(cidrs.sort()).toEqual(
      [
        "10.0.1.0/24",
        "10.0.2.0/24",
        "10.0.10.0/24",
        "10.0.20.0/24",
        "10.0.100.0/24",
        "10.0.200.0/24",
        "100.64.0.0/17",
        "100.64.128.0/17",
      ].sort(),
    );
    // The pod range is a secondary CIDR of the same VPC.
    expect(Object.values(resourcesOf(doc, "aws_vpc_ipv4_cidr_block_association"))[0]).toMatchObject({
      cidr_block: "100.64.0.0/16",
    });
  });

  it("puts one NAT gateway in dev and one per zone in staging and prod", () => {
    expect(Object.keys(resourcesOf(readStack(outdir, "dev"), "aws_nat_gateway"))).toHaveLength(1);
    expect(Object.keys(resourcesOf(readStack(outdir, "staging"), "aws_nat_gateway"))).toHaveLength(2);
    expect(Object.keys(resourcesOf(readStack(outdir, "prod"), "aws_nat_gateway"))).toHaveLength(2);
  });

  it.each([
    "prod-blue",
    "prod-green",
  ])("wires %s to the prod network through cross-stack references only", (stack) => {
    const doc = readStack(outdir, stack);
    expect(resourcesOf(doc, "aws_vpc")).toEqual({});
    const remote = (doc.data as Record<string, Record<string, Attrs>>).terraform_remote_state!;
    expect(remote["cross-stack-reference-input-prod"]).toMatchObject({
      backend: "s3",
      config: { bucket: "acme-platform-terraform-state", key: "stacks/prod/terraform.tfstate" },
    });
    const text = JSON.stringify(doc);
    expect(text).toContain(
      "${data.terraform_remote_state.cross-stack-reference-input-prod.outputs.cross-stack-output-aws_vpc",
    );
    // No copied literals: the prod VPC and subnet IDs never appear as values.
    expect(text).not.toMatch(/"(vpc|subnet)-[0-9a-f]+"/);
    const prodOutputs = readStack(outdir, "prod").output as Record<string, Attrs>;
    expect(Object.keys(prodOutputs).some((k) => k.startsWith("cross-stack-output-aws_vpc"))).toBe(true);
  });

  it("hands the live hostname to the edge (CloudFlare's partial zone), which picks the color", () => {
    const records = Object.values(resourcesOf(readStack(outdir, "prod"), "aws_route53_record"));
    expect(records).toContainEqual(
      expect.objectContaining({
        name: "app.platform.acme.example",
        type: "CNAME",
        records: ["app.platform.acme.example.cdn.cloudflare.net"],
      }),
    );
  });

  it("hands every service hostname the gateways serve to the edge", () => {
    const records = Object.values(resourcesOf(readStack(outdir, "prod"), "aws_route53_record"));
    expect(records).toContainEqual(
      expect.objectContaining({
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the Terraform expressions the stack writes
        for_each: '${toset(["user.platform.acme.example"])}',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the Terraform expressions the stack writes
        name: "${each.key}",
        type: "CNAME",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the Terraform expression the stack writes
        records: ["${each.key}.cdn.cloudflare.net"],
      }),
    );
  });

  it("records the manifest for the cdktf CLI", () => {
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
      stacks: Record<string, Attrs>;
    };
    expect(manifest.stacks["prod-blue"]).toMatchObject({ dependencies: ["prod"] });
  });
});
