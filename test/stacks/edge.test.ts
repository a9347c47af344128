/**
 * The edge stack (`prod-edge`): small, reads no cloud at plan time, proxies every public hostname
 * through a load balancer over one pool per cloud and color, and its pools' origins are exactly the
 * names the clusters publish (ExternalDNS on AWS, the gateway IP's DNS label on Azure).
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadEnvironments } from "../../environments/load";
import { estimateRollback, rollbackPaths } from "../../scripts/rollback-estimate";
import { type Attrs, readStack, resourcesOf, synthDir } from "../helpers";

const outdir = synthDir();
const prod = loadEnvironments().find((e) => e.name === "prod")!;
const edge = readStack(outdir, "prod-edge");
const pools = resourcesOf(edge, "cloudflare_load_balancer_pool");
const poolName = (ref: unknown) => /Pool-([a-z]+-[a-z]+)_Pool_/.exec(String(ref))?.[1];

/** The gateway Service annotations a stack's ingress gateway release sets. */
function gatewayAnnotations(stack: string): Record<string, string> {
  const release = Object.values(resourcesOf(readStack(outdir, stack), "helm_release")).find(
    (r) => r.name === "istio-ingressgateway",
  )!;
  return (parse((release.values as string[])[0]!) as { service: { annotations: Record<string, string> } })
    .service.annotations;
}

describe("the edge stack", () => {
  it("is small and reads nothing at plan time: no data sources, no remote state", () => {
    const count = Object.values((edge.resource ?? {}) as Record<string, Attrs>).reduce(
      (n, byName) => n + Object.keys(byName).length,
      0,
    );
    expect(count).toBeLessThanOrEqual(20);
    expect(edge.data).toBeUndefined();
  });

  it("has one pool per cloud and color, each monitored", () => {
    expect(
      Object.values(pools)
        .map((p) => p.name)
        .sort(),
    ).toEqual(["prod-aws-blue", "prod-aws-green", "prod-azure-blue", "prod-azure-green"]);
    for (const p of Object.values(pools))
      expect(String(p.monitor)).toMatch(/cloudflare_load_balancer_monitor\./);
  });

  it("proxies every public hostname, live color first in each cloud's order, the other cloud as fallback", () => {
    const lbs = Object.values(resourcesOf(edge, "cloudflare_load_balancer"));
    expect(lbs.map((lb) => lb.name).sort()).toEqual([
      "app.platform.acme.example",
      "user.platform.acme.example",
    ]);
    const live = prod.production!.liveColor;
    for (const lb of lbs) {
      expect(lb.proxied).toBe(true);
      expect((lb.default_pools as string[]).map(poolName)).toEqual([`aws-${live}`, `azure-${live}`]);
      expect(poolName(lb.fallback_pool)).toBe(`azure-${live}`);
    }
  });

  it("points each pool at the name its cluster publishes", () => {
    for (const p of Object.values(pools)) {
      const [cloud, color] = String(p.name)
        .replace(/^prod-/, "")
        .split("-") as [string, string];
      const address = (p.origins as { address: string }[])[0]!.address;
      if (cloud === "aws") {
        // ExternalDNS publishes the color's gateway as <color>.<zone> (its hostname annotation).
        expect(gatewayAnnotations(`prod-${color}`)["external-dns.alpha.kubernetes.io/hostname"]).toBe(
          address,
        );
      } else {
        const label = gatewayAnnotations(`prod-azure-${color}`)[
          "service.beta.kubernetes.io/azure-dns-label-name"
        ];
        expect(address).toBe(`${label}.${prod.azure!.location}.cloudapp.azure.com`);
      }
    }
  });

  it("rolls back within 30 s by the estimate, where the Route 53 switch takes longer than its TTL", () => {
    const [route53, edgeSwitch] = rollbackPaths(outdir).map((p) => estimateRollback(p));
    expect(edgeSwitch!.stack).toBe("prod-edge");
    expect(edgeSwitch!.propagationSeconds).toBe(0);
    expect(edgeSwitch!.totalSeconds).toBeLessThan(30);
    expect(route53!.totalSeconds).toBeGreaterThan(60);
    // Clients wait out the switched CNAMEs' TTL, not the verification TXT record's (300 s).
    const records = Object.values(resourcesOf(readStack(outdir, "prod"), "aws_route53_record"));
    const cnameTtls = records.filter((r) => r.type === "CNAME").map((r) => r.ttl);
    expect(new Set(cnameTtls)).toEqual(new Set([route53!.propagationSeconds]));
  });

  it("lets the foundation hand every public name to CloudFlare (partial zone) instead of a color", () => {
    const records = Object.values(resourcesOf(readStack(outdir, "prod"), "aws_route53_record"));
    const cnames = records.filter((r) => r.type === "CNAME");
    expect(cnames.length).toBeGreaterThan(0);
    for (const r of cnames) expect(JSON.stringify(r.records)).toContain("cdn.cloudflare.net");
    expect(Object.keys((readStack(outdir, "prod").output ?? {}) as Attrs)).not.toContain("LiveColor");
  });
});

describe("the cutover to the edge", () => {
  it("publishes the zone's verification key, and keeps the names on the live color until cutover", async () => {
    const { writeEnvironments, setPath } = await import("../environments/fixtures");
    const { synthApp } = await import("../../stacks/app");
    const { tempDir } = await import("../helpers");
    const envs = loadEnvironments(
      writeEnvironments((e) => void setPath(e.prod, "edge.cutover", false)),
    ).filter((e) => e.name === "prod");
    const out = tempDir("edge-cutover");
    synthApp(envs, out);
    const records = Object.values(resourcesOf(readStack(out, "prod"), "aws_route53_record"));
    expect(records).toContainEqual(
      expect.objectContaining({ name: "cloudflare-verify.platform.acme.example", type: "TXT" }),
    );
    const cnames = records.filter((r) => r.type === "CNAME");
    for (const r of cnames)
      expect(r.records).toEqual([`${prod.production!.liveColor}.platform.acme.example`]);
  }, 120_000);
});
