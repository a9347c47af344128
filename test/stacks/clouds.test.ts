/**
 * No stack holds resources of both clouds, so an outage of one never blocks operating the other: each
 * stack's resources, data sources and providers belong to AWS or to Azure (plus the cloud-neutral
 * kubernetes, helm, random and terraform ones), and each Azure stack keeps its state in Azure.
 */
import { describe, expect, it } from "vitest";
import { type Attrs, readStack, synthDir } from "../helpers";
import { stacksIn } from "../terraform/harness";

const NEUTRAL = /^(kubernetes|helm|random|terraform|time|null)(_|$)/;
const cloudOf = (type: string): "aws" | "azure" | "cloudflare" | undefined =>
  type.startsWith("aws_") || type === "aws"
    ? "aws"
    : type.startsWith("azurerm_") || type === "azurerm"
      ? "azure"
      : type.startsWith("cloudflare_") || type === "cloudflare"
        ? "cloudflare"
        : undefined;

describe("stacks and clouds", () => {
  const outdir = synthDir();
  const stacks = stacksIn(outdir);

  it("has the Azure stacks: the state account, staging's Azure side, prod's foundation and colors", () => {
    expect(stacks).toEqual(
      expect.arrayContaining([
        "bootstrap-azure",
        "staging-azure",
        "staging-azure-cluster",
        "prod-azure",
        "prod-azure-blue",
        "prod-azure-green",
      ]),
    );
  });

  it.each(stacks)("%s uses one cloud only", (stack) => {
    const doc = readStack(outdir, stack);
    const types = [
      ...Object.keys((doc.resource ?? {}) as Attrs),
      ...Object.keys((doc.data ?? {}) as Attrs).filter((t) => t !== "terraform_remote_state"),
      ...Object.keys((doc.provider ?? {}) as Attrs),
    ];
    const clouds = new Set(types.map(cloudOf).filter((c) => c !== undefined));
    const unknown = types.filter((t) => cloudOf(t) === undefined && !NEUTRAL.test(t));
    expect(unknown).toEqual([]);
    expect(clouds.size).toBe(1);
    const backend = Object.keys(((doc.terraform as Attrs).backend ?? {}) as Attrs)[0];
    // The edge keeps its state in S3 beside production's: CloudFlare fails over on health by itself,
    // so an AWS outage blocks a manual switch, never the failover.
    const expected = stack.startsWith("bootstrap") ? "local" : [...clouds][0] === "azure" ? "azurerm" : "s3";
    expect(backend).toBe(expected);
  });
});
