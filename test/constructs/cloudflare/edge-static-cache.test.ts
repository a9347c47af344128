import { describe, expect, it } from "vitest";
import { EdgeStaticCache, type EdgeStaticCacheProps } from "../../../constructs/cloudflare/edge-static-cache";
import { Testing } from "../../../constructs/core";
import { type Attrs, errorOf, logicalIds, problem, resourceById } from "../../helpers";

const ZONE = "00112233445566778899aabbccddeeff";
const props: EdgeStaticCacheProps = { zoneId: ZONE, rules: [{ hostname: "static.platform.acme.example" }] };

function synth(overrides: Partial<EdgeStaticCacheProps> = {}): string {
  return Testing.synthScope((scope) => new EdgeStaticCache(scope, "Cache", { ...props, ...overrides }));
}

const ruleset = (out: string) => resourceById(out, "cloudflare_ruleset", "Cache_Ruleset");
const rules = (out: string) => ruleset(out).rules as Attrs[];

describe("EdgeStaticCache", () => {
  it("is the zone's cache-settings entry-point ruleset, one set_cache_settings rule per hostname", () => {
    const out = synth();
    expect(logicalIds(out, "cloudflare_ruleset")).toEqual(["Cache_Ruleset"]);
    expect(ruleset(out)).toMatchObject({
      zone_id: ZONE,
      kind: "zone",
      phase: "http_request_cache_settings",
      name: "Static assets cache",
    });
    expect(rules(out)).toEqual([
      {
        ref: "static_static_platform_acme_example",
        description: "Cache static assets of static.platform.acme.example",
        expression: '(http.host eq "static.platform.acme.example")',
        action: "set_cache_settings",
        enabled: true,
        action_parameters: {
          cache: true,
          edge_ttl: { mode: "respect_origin" },
          browser_ttl: { mode: "respect_origin" },
        },
      },
    ]);
  });

  it("narrows to a path prefix and overrides the TTLs when asked", () => {
    const out = synth({
      rules: [
        {
          hostname: "static.platform.acme.example",
          pathPrefix: "/assets/",
          edgeTtl: { mode: "override_origin", seconds: 86400 },
          browserTtl: { mode: "override_origin", seconds: 3600 },
        },
        { hostname: "media.platform.acme.example" },
      ],
    });
    const [assets, media] = rules(out);
    expect(assets).toMatchObject({
      ref: "static_static_platform_acme_example_assets",
      expression:
        '(http.host eq "static.platform.acme.example" and starts_with(http.request.uri.path, "/assets/"))',
      action_parameters: {
        cache: true,
        edge_ttl: { mode: "override_origin", default: 86400 },
        browser_ttl: { mode: "override_origin", default: 3600 },
      },
    });
    expect(media!.expression).toBe('(http.host eq "media.platform.acme.example")');
  });

  it("exposes the expressions by ref", () => {
    Testing.synthScope((scope) => {
      const cache = new EdgeStaticCache(scope, "Cache", props);
      expect(cache.expressions).toEqual({
        static_static_platform_acme_example: '(http.host eq "static.platform.acme.example")',
      });
    });
  });

  describe("validation", () => {
    const one = (rule: Partial<EdgeStaticCacheProps["rules"][number]>) => ({
      rules: [{ hostname: "static.platform.acme.example", ...rule }],
    });
    it.each([
      [
        "a zone id that is a name",
        { zoneId: "acme" },
        "zoneId",
        "acme",
        "a CloudFlare zone id (32 lower-case hex digits) or a token",
      ],
      ["no rules", { rules: [] }, "rules", [], "at least one hostname"],
      [
        "a hostname with a quote",
        one({ hostname: 'static.acme.example" or true or "' }),
        "rules[0].hostname",
        'static.acme.example" or true or "',
        "a lower-case, fully qualified host name without the trailing dot",
      ],
      [
        "a path prefix without a slash",
        one({ pathPrefix: "assets/" }),
        "rules[0].pathPrefix",
        "assets/",
        "a path starting with / (letters, digits and /_.~-)",
      ],
      [
        "a path prefix with a quote",
        one({ pathPrefix: '/a"' }),
        "rules[0].pathPrefix",
        '/a"',
        "a path starting with / (letters, digits and /_.~-)",
      ],
      [
        "a hostname twice",
        {
          rules: [{ hostname: "static.platform.acme.example" }, { hostname: "static.platform.acme.example" }],
        },
        "rules[1]",
        { hostname: "static.platform.acme.example" },
        "each hostname and prefix once",
      ],
      [
        "an edge TTL of 0",
        one({ edgeTtl: { mode: "override_origin", seconds: 0 } }),
        "rules[0].edgeTtl.seconds",
        0,
        "an integer from 1 to 31536000",
      ],
      [
        "a browser TTL above a year",
        one({ browserTtl: { mode: "override_origin", seconds: 31536001 } }),
        "rules[0].browserTtl.seconds",
        31536001,
        "an integer from 1 to 31536000",
      ],
      [
        "an unknown TTL mode",
        one({ edgeTtl: { mode: "bypass" } as unknown as { mode: "respect_origin" } }),
        "rules[0].edgeTtl.mode",
        "bypass",
        '"respect_origin" or "override_origin"',
      ],
    ] as const)("rejects %s", (_case, overrides, field, value, allowed) => {
      expect(errorOf(() => synth(overrides as Partial<EdgeStaticCacheProps>))).toContain(
        problem(field, value, allowed),
      );
    });

    it("names the fix", () => {
      expect(errorOf(() => synth({ rules: [] }))).toContain(
        "hint: list the static-assets hostnames, or do not create the cache rules",
      );
    });

    it("reports every problem at once", () => {
      expect(errorOf(() => synth({ zoneId: "", rules: [] }))).toMatch(
        /^EdgeStaticCache .*Cache: 2 invalid prop\(s\)/,
      );
    });
  });
});

describe("the environment schema's static TTL", () => {
  it("takes exactly CloudFlare's TTL range (the schema cannot import edge-limits, which imports cdktf)", async () => {
    const { EdgeSchema } = await import("../../../environments/edge-schema");
    const { CACHE_TTL_SECONDS } = await import("../../../constructs/cloudflare/edge-limits");
    const ttl = EdgeSchema.shape.static.shape.edgeTtlSeconds;
    for (const [n, ok] of [
      [CACHE_TTL_SECONDS.min, true],
      [CACHE_TTL_SECONDS.max, true],
      [CACHE_TTL_SECONDS.min - 1, false],
      [CACHE_TTL_SECONDS.max + 1, false],
    ] as const)
      expect(ttl.safeParse(n).success, String(n)).toBe(ok);
  });
});
