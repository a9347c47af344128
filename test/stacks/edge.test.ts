/**
 * The edge stack (`prod-edge`): small, reads no cloud at plan time, proxies every public hostname
 * through a load balancer over one pool per cloud and color, and its pools' origins are exactly the
 * names the clusters publish (ExternalDNS on AWS, the gateway IP's DNS label on Azure).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { EDGE_HEALTH_OBJECT_KEY } from "../../constructs/aws/s3-bucket-name";
import { azureStaticAccountNameOf } from "../../constructs/azure/azure-names";
import { CLOUDFLARE_IPV4_RANGES } from "../../constructs/cloudflare/edge-ip-ranges";
import { staticHostnameOf } from "../../environments/edge-schema";
import { loadEnvironments } from "../../environments/load";
import { estimateRollback, rollbackPaths } from "../../scripts/rollback-estimate";
import { type Attrs, readStack, resourcesOf, synthDir } from "../helpers";

const outdir = synthDir();
const prod = loadEnvironments().find((e) => e.name === "prod")!;
const edge = readStack(outdir, "prod-edge");
/** The colors' pools (the static-assets pools are checked on their own below). */
const pools = Object.fromEntries(
  Object.entries(resourcesOf(edge, "cloudflare_load_balancer_pool")).filter(
    ([id]) => !id.startsWith("StaticPool-"),
  ),
);
const STATIC_HOST = staticHostnameOf(prod.edge!, prod.production!.zoneName);
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
    const lbs = Object.values(resourcesOf(edge, "cloudflare_load_balancer")).filter(
      (lb) => lb.name !== STATIC_HOST,
    );
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

  it("tells the on-call of every pool's health change, since a failover needs no apply", () => {
    const [policy, ...more] = Object.values(resourcesOf(edge, "cloudflare_notification_policy"));
    expect(more).toEqual([]);
    expect(policy).toMatchObject({
      alert_type: "load_balancing_health_alert",
      enabled: true,
      mechanisms: { email: prod.edge!.alerts.emails!.map((id) => ({ id })) },
    });
    const every = Object.keys(resourcesOf(edge, "cloudflare_load_balancer_pool"))
      .map((id) => `\${cloudflare_load_balancer_pool.${id}.id}`)
      .sort();
    expect([...(policy!.filters as { pool_id: string[] }).pool_id].sort()).toEqual(every);
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
    // The apex redirect waits for the cutover too: before it the zone may not be delegated yet, and
    // ACM would wait out its validation timeout. The name servers to delegate to are an output.
    expect(resourcesOf(readStack(out, "prod"), "aws_cloudfront_distribution")).toEqual({});
    expect(Object.keys(readStack(out, "prod").output as Attrs)).toContain("ZoneNameServers");
  }, 120_000);
});

describe("the static-assets CDN", () => {
  const prodStack = readStack(outdir, "prod");
  const staticPools = (doc: Attrs) =>
    Object.entries(resourcesOf(doc, "cloudflare_load_balancer_pool")).filter(([id]) =>
      id.startsWith("StaticPool-"),
    );
  const monitorOf = (doc: Attrs, ref: unknown) =>
    resourcesOf(doc, "cloudflare_load_balancer_monitor")[/monitor\.([^.]+)\.id/.exec(String(ref))![1]!]!;

  it("serves <static>.<zone> from the foundation's static bucket, sending the bucket's own name as Host", () => {
    const [[, pool]] = staticPools(edge) as [[string, Attrs]];
    const bucket = Object.values(resourcesOf(prodStack, "aws_s3_bucket")).find((b) =>
      String(b.bucket).endsWith("-static"),
    )!;
    const host = `${bucket.bucket}.s3.${prod.aws!.region}.amazonaws.com`;
    const [origin] = pool.origins as { address: string; header: { host: string[] } }[];
    expect(origin).toMatchObject({ address: host, header: { host: [host] } });
    const lb = Object.values(resourcesOf(edge, "cloudflare_load_balancer")).find(
      (l) => l.name === STATIC_HOST,
    )!;
    expect(lb).toMatchObject({ proxied: true, default_pools: [expect.stringContaining("StaticPool-aws")] });
  });

  it("has no pool origin, in any stack, that is a dotted bucket name (strict TLS fails on S3's wildcard)", () => {
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: object };
    for (const stack of Object.keys(manifest.stacks)) {
      for (const pool of Object.values(
        resourcesOf(readStack(outdir, stack), "cloudflare_load_balancer_pool"),
      )) {
        for (const { address } of pool.origins as { address: string }[]) {
          const bucket = /^(.+)\.s3[.-]/.exec(address)?.[1];
          if (bucket !== undefined) expect(bucket, `${stack}: ${address}`).not.toContain(".");
        }
      }
    }
  });

  it("checks the origin on the health object the foundation publishes, over HTTPS (the bucket denies HTTP)", () => {
    const [[, pool]] = staticPools(edge) as [[string, Attrs]];
    const monitor = monitorOf(edge, pool.monitor);
    const health = Object.values(resourcesOf(prodStack, "aws_s3_object")).find(
      (o) => o.key === EDGE_HEALTH_OBJECT_KEY,
    )!;
    expect(monitor).toMatchObject({ type: "https", path: `/${health.key}`, expected_codes: "200" });
    expect((monitor.header as { Host: string[] }).Host).toEqual([
      (pool.origins as { address: string }[])[0]!.address,
    ]);
  });

  it("makes the static hostname, and only it, eligible for caching", () => {
    const rulesets = Object.values(resourcesOf(edge, "cloudflare_ruleset"));
    expect(rulesets).toHaveLength(1);
    expect(rulesets[0]).toMatchObject({ kind: "zone", phase: "http_request_cache_settings" });
    expect((rulesets[0]!.rules as { expression: string }[]).map((r) => r.expression)).toEqual([
      `(http.host eq "${STATIC_HOST}")`,
    ]);
  });

  it("gives Azure a static website that admits CloudFlare's IPv4 ranges and the deployer's, and publishes its host", () => {
    const azure = readStack(outdir, "prod-azure");
    const account = Object.values(resourcesOf(azure, "azurerm_storage_account")).find(
      (a) => a.name === azureStaticAccountNameOf(prod.name, prod.edge!.static.azureAccountName),
    )!;
    expect((account.network_rules as Attrs).default_action).toBe("Deny");
    expect((account.network_rules as { ip_rules: string[] }).ip_rules).toEqual([
      ...CLOUDFLARE_IPV4_RANGES,
      ...prod.azure!.kubernetes.authorizedIpRanges.map((r) => r.replace(/\/32$/, "")),
    ]);
    expect(String((azure.output as Record<string, Attrs>).StaticWebHost!.value)).toMatch(
      /\.primary_web_host\}$/,
    );
    // No health blob before the edge knows the host: the deployer's data role is new on that apply.
    expect(resourcesOf(azure, "azurerm_storage_blob")).toEqual({});
  });

  it("hands the static hostname to CloudFlare in the foundation's zone", () => {
    const records = Object.values(resourcesOf(prodStack, "aws_route53_record"));
    expect(records).toContainEqual(
      expect.objectContaining({
        name: STATIC_HOST,
        type: "CNAME",
        records: [`${STATIC_HOST}.cdn.cloudflare.net`],
      }),
    );
  });

  it("fails over to the Azure static website once its host is configured, and stays within 20 resources", async () => {
    const { writeEnvironments, setPath } = await import("../environments/fixtures");
    const { synthApp } = await import("../../stacks/app");
    const { tempDir } = await import("../helpers");
    // With an account name of its own, as when the derived one is taken across Azure.
    const web = "acmeprodassets.z6.web.core.windows.net";
    const envs = loadEnvironments(
      writeEnvironments((e) => {
        setPath(e.prod, "edge.static.azureAccountName", "acmeprodassets");
        setPath(e.prod, "edge.static.azureWebHost", web);
      }),
    ).filter((e) => e.name === "prod");
    const out = tempDir("edge-static-azure");
    synthApp(envs, out);
    expect(
      Object.values(resourcesOf(readStack(out, "prod-azure"), "azurerm_storage_account")).map((a) => a.name),
    ).toContain("acmeprodassets");
    const doc = readStack(out, "prod-edge");
    // The apply that gives the edge the host also writes the health blob its monitor reads.
    const blobs = Object.values(resourcesOf(readStack(out, "prod-azure"), "azurerm_storage_blob"));
    expect(blobs.map((b) => [b.storage_container_name, b.name])).toEqual([
      ["$web", ".well-known/edge-health"],
    ]);
    const byCloud = Object.fromEntries(staticPools(doc).map(([id, p]) => [id.split("_")[0], p]));
    expect(Object.keys(byCloud).sort()).toEqual(["StaticPool-aws", "StaticPool-azure"]);
    expect((byCloud["StaticPool-azure"]!.origins as object[])[0]).toMatchObject({
      address: web,
      header: { host: [web] },
    });
    const [alert] = Object.values(resourcesOf(doc, "cloudflare_notification_policy"));
    expect((alert!.filters as { pool_id: string[] }).pool_id).toContainEqual(
      expect.stringContaining("StaticPool-azure"),
    );
    // One monitor for both: CloudFlare checks each origin with that origin's own Host override.
    expect(byCloud["StaticPool-azure"]!.monitor).toBe(byCloud["StaticPool-aws"]!.monitor);
    const lb = Object.values(resourcesOf(doc, "cloudflare_load_balancer")).find(
      (l) => l.name === STATIC_HOST,
    )!;
    expect((lb.default_pools as string[]).map((p) => /StaticPool-([a-z]+)_/.exec(p)![1])).toEqual([
      "aws",
      "azure",
    ]);
    expect(String(lb.fallback_pool)).toContain("StaticPool-azure");
    const count = Object.values((doc.resource ?? {}) as Record<string, Attrs>).reduce(
      (n, byName) => n + Object.keys(byName).length,
      0,
    );
    expect(count).toBeLessThanOrEqual(20);
    // The switch's estimate counts the colors' load balancers only: the static one never changes with a color.
    const [, edgeSwitch] = rollbackPaths(out);
    expect(edgeSwitch!.changed).toBe(Object.keys(resourcesOf(doc, "cloudflare_load_balancer")).length - 1);
  }, 120_000);
});

describe("the static CDN with Azure first", () => {
  it("keeps the S3 pool when the failover order names Azure alone and Azure has no web host yet", async () => {
    const { writeEnvironments, setPath } = await import("../environments/fixtures");
    const { synthApp } = await import("../../stacks/app");
    const { tempDir } = await import("../helpers");
    const envs = loadEnvironments(
      writeEnvironments((e) => void setPath(e.prod, "edge.cloudOrder", ["azure"])),
    ).filter((e) => e.name === "prod");
    const out = tempDir("edge-azure-first");
    synthApp(envs, out);
    const doc = readStack(out, "prod-edge");
    const lb = Object.values(resourcesOf(doc, "cloudflare_load_balancer")).find(
      (l) => l.name === STATIC_HOST,
    )!;
    expect(lb.default_pools).toEqual([expect.stringContaining("StaticPool-aws")]);
    expect(String(lb.fallback_pool)).toContain("StaticPool-aws");
  }, 120_000);
});

describe("the zone's apex", () => {
  it("redirects to the live hostname from AWS, since a partial zone cannot give CloudFlare the apex", () => {
    const prodStack = readStack(outdir, "prod");
    const zone = prod.production!.zoneName;
    const aliases = Object.values(resourcesOf(prodStack, "aws_route53_record")).filter(
      (r) => r.name === zone,
    );
    expect(aliases.map((r) => r.type).sort()).toEqual(["A", "AAAA"]);
    for (const r of aliases)
      expect(String((r.alias as Attrs).name)).toContain("aws_cloudfront_distribution.");
    const [fn] = Object.values(resourcesOf(prodStack, "aws_cloudfront_function"));
    expect(String(fn!.code)).toContain(`"https://${prod.production!.hostname}.${zone}" + request.uri`);
    // Nothing at the edge claims the apex: CloudFlare would answer for a name Route 53 sends elsewhere.
    const names = Object.values(resourcesOf(edge, "cloudflare_load_balancer")).map((lb) => lb.name);
    expect(names).not.toContain(zone);
  });
});
