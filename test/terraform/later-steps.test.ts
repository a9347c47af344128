/**
 * Terraform reads the later bring-up steps too: the shipped prod.json brings up the VPN gateways only
 * and the static CDN's S3 origin only, so `stacks.test.ts` never sees the tunnels, the connections,
 * their keys and routes, the Azure static website's health blob or its edge pool. Here prod, prod-azure
 * and prod-edge are synthesized with both peers' addresses and the Azure web host set, and validated
 * and planned like every stack.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnvironments } from "../../environments/load";
import { synthApp } from "../../stacks/app";
import { loadRaw, setPath } from "../environments/fixtures";
import { tempDir } from "../helpers";
import { checkStack, offlineTerraform, type StackCheck } from "./harness";
import { type ProviderServers, serveProviders, terraformAvailable } from "./plugin/harness";

const HAVE_TERRAFORM = terraformAvailable();
if (!HAVE_TERRAFORM && process.env.CI)
  throw new Error("terraform is not on PATH; CI must plan the interconnect");

describe.skipIf(!HAVE_TERRAFORM)("terraform over the interconnect's and the static CDN's last steps", () => {
  const stacks = ["prod", "prod-azure", "prod-edge"] as const;
  const results = new Map<string, StackCheck>();
  let servers: ProviderServers | undefined;

  beforeAll(async () => {
    let doc = setPath(loadRaw("prod"), "azure.interconnect.azureGatewayIp", "198.51.100.20");
    doc = setPath(doc, "azure.interconnect.awsTunnelAddresses", ["198.51.100.30", "198.51.100.31"]);
    doc = setPath(doc, "edge.static.azureWebHost", "prodstaticweb.z6.web.core.windows.net");
    const root = tempDir("tf-interconnect");
    const outdir = join(root, "out");
    synthApp(parseEnvironments(new Map([["prod.json", doc]])), outdir);
    const tf = offlineTerraform([outdir], join(root, "mirror"));
    servers = await serveProviders(tf.mirror);
    for (const stack of stacks) {
      results.set(stack, checkStack(tf, join(outdir, "stacks"), stack, join(root, stack), servers));
    }
  }, 600_000);
  afterAll(() => servers?.stop());

  it.each(
    stacks,
  )("validates and plans %s with the tunnels, the connections and the Azure static origin", (stack) => {
    const r = results.get(stack)!;
    expect(r.validate.stderr).toBe("");
    expect(r.validate.code).toBe(0);
    expect(r.plan.stderr).toBe("");
    expect(r.plan.code).toBe(0);
    const changes = r.planJson!.resource_changes ?? [];
    const types = new Set(changes.map((c) => c.type));
    const expected = {
      prod: [
        "aws_vpn_connection",
        "aws_customer_gateway",
        "aws_vpn_connection_route",
        "aws_secretsmanager_secret_version",
      ],
      "prod-azure": [
        "azurerm_virtual_network_gateway_connection",
        "azurerm_local_network_gateway",
        "azurerm_storage_blob",
      ],
      "prod-edge": ["cloudflare_load_balancer_pool"],
    }[stack];
    for (const type of expected) expect(types, type).toContain(type);
    if (stack === "prod-edge") {
      const pools = changes.filter((c) => c.type === "cloudflare_load_balancer_pool").map((c) => c.address);
      expect(pools.filter((a) => a.includes("StaticPool-"))).toHaveLength(2);
    }
  });
});
