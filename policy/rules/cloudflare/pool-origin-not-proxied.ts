import { stackOf } from "../../lib/fixture.js";
import { isTrue } from "../../lib/values.js";
import type { Rule, RuleFixtures } from "../../types.js";

/**
 * A pool's origin is where CloudFlare connects after the edge. An origin that is itself one of the
 * stack's proxied names (a load balancer's hostname or a proxied record) resolves to CloudFlare again:
 * every request loops back into the edge until CloudFlare gives up (error 1000-series), and the
 * monitor marks the pool unhealthy.
 */
const rule: Rule = {
  id: "PLAT-CF-006",
  severity: "HIGH",
  resourceTypes: ["cloudflare_load_balancer_pool"],
  description: "No cloudflare_load_balancer_pool origin is a hostname the stack proxies through CloudFlare.",
  fix: "Point the origin at the gateway's or bucket's own name (e.g. blue.<zone>, <bucket>.s3.<region>.amazonaws.com).",
  check: ({ values }, _ctx, stack) => {
    // Names as CloudFlare compares them: lower case, no trailing dot; a record's relative name (`www`,
    // `@`) is taken under the stack's zone when the zone's name is literal. Wildcards are not followed.
    const norm = (name: unknown) => String(name).toLowerCase().replace(/\.$/, "");
    const zones = stack.ofType("cloudflare_zone").map((z) => norm(z.values.name));
    const zone = zones.length === 1 && !zones[0]!.includes("${") ? zones[0] : undefined;
    const full = (name: string): string[] => {
      if (zone === undefined) return [name];
      if (name === "@") return [zone];
      return name === zone || name.endsWith(`.${zone}`) ? [name] : [name, `${name}.${zone}`];
    };
    const proxied = new Set<string>([
      ...stack
        .ofType("cloudflare_load_balancer")
        .filter((lb) => lb.values.proxied !== false)
        .flatMap((lb) => full(norm(lb.values.name))),
      ...stack
        .ofType("cloudflare_dns_record")
        .filter((r) => isTrue(r.values.proxied))
        .flatMap((r) => full(norm(r.values.name))),
    ]);
    const origins = Array.isArray(values.origins) ? (values.origins as { address?: unknown }[]) : [];
    return origins
      .map((o, i) => ({ address: String(o.address ?? ""), i }))
      .filter(({ address }) => proxied.has(norm(address)))
      .map(
        ({ address, i }) =>
          `origins[${i}].address is ${address}, a hostname this stack proxies; expected the origin's own name`,
      );
  },
};
export default rule;

const pool = (address: string) => ({
  account_id: "0123456789abcdef0123456789abcdef",
  name: "aws-blue",
  monitor: "fedcba9876543210fedcba9876543210",
  origins: [{ name: "aws-blue", address }],
});
const lb = { zone_id: "0123456789abcdef0123456789abcdef", name: "app.acme.example", proxied: true };

export const fixtures: RuleFixtures = {
  pass: stackOf({
    cloudflare_load_balancer: { app: lb },
    cloudflare_dns_record: {
      www: { name: "www.acme.example", type: "CNAME", content: "app.acme.example", proxied: true, ttl: 1 },
    },
    cloudflare_load_balancer_pool: { blue: pool("blue.acme.example") },
  }),
  fail: stackOf({
    cloudflare_zone: { zone: { name: "acme.example" } },
    cloudflare_load_balancer: { app: { ...lb, name: "App.acme.example" } },
    cloudflare_dns_record: {
      www: { name: "www", type: "CNAME", content: "app.acme.example", proxied: true, ttl: 1 },
    },
    cloudflare_load_balancer_pool: { blue: pool("app.acme.example"), green: pool("WWW.acme.example.") },
  }),
  attribute: "origins[0].address",
};
