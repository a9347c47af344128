import { Ruleset, type RulesetRules } from "@cdktf/provider-cloudflare/lib/ruleset";
import { Construct } from "../core";
import { Validator } from "../validation";
import { CACHE_TTL_SECONDS, checkZoneId, isHostname, isIntegerIn } from "./edge-limits";

/** A cache TTL: what the origin's `Cache-Control` says, or a fixed number of seconds. */
export type EdgeCacheTtl =
  | { readonly mode: "respect_origin" }
  | { readonly mode: "override_origin"; readonly seconds: number };

/** One static-assets hostname (optionally one path prefix of it) made eligible for caching. */
export interface EdgeStaticCacheRule {
  /** The hostname, e.g. `static.platform.acme.example` (proxied, so requests reach the cache). */
  readonly hostname: string;
  /**
   * Cache only paths under this prefix, e.g. `/assets/`.
   * @default - every path of the hostname
   */
  readonly pathPrefix?: string;
  /**
   * How long CloudFlare keeps a response at the edge.
   * @default { mode: "respect_origin" }
   */
  readonly edgeTtl?: EdgeCacheTtl;
  /**
   * How long browsers keep a response (a purge does not reach them).
   * @default { mode: "respect_origin" }
   */
  readonly browserTtl?: EdgeCacheTtl;
}

export interface EdgeStaticCacheProps {
  /** Zone of the hostnames (32 hex digits, or a token). */
  readonly zoneId: string;
  /** One rule per hostname (and prefix), evaluated in this order. */
  readonly rules: readonly EdgeStaticCacheRule[];
}

/** A path prefix: `/`, then URL path characters. */
const PATH_PREFIX = /^\/[A-Za-z0-9/_.~-]*$/;

/**
 * Cache rules for static assets: the zone's entry-point ruleset of the `http_request_cache_settings`
 * phase (`cloudflare_ruleset`, kind `zone`), with one `set_cache_settings` rule per hostname that makes
 * its responses eligible for caching (`cache` true) with the given edge and browser TTLs.
 *
 * A zone has one entry-point ruleset per phase, so this construct owns every cache rule of the zone:
 * create one per zone and list all static hostnames in it. Each rule's `ref` is derived from its
 * hostname and prefix, so reordering or adding rules keeps the others' identity.
 */
export class EdgeStaticCache extends Construct {
  public readonly ruleset: Ruleset;
  /** The rules' expressions by `ref`. */
  public readonly expressions: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: EdgeStaticCacheProps) {
    super(scope, id);
    this.validate(props);

    const expressions: Record<string, string> = {};
    const rules: RulesetRules[] = props.rules.map((rule) => {
      const ref = refOf(rule);
      const expression = expressionOf(rule);
      expressions[ref] = expression;
      const edgeTtl = rule.edgeTtl ?? { mode: "respect_origin" };
      const browserTtl = rule.browserTtl ?? { mode: "respect_origin" };
      return {
        ref,
        description: `Cache static assets of ${rule.hostname}${rule.pathPrefix ?? ""}`,
        expression,
        action: "set_cache_settings",
        enabled: true,
        actionParameters: {
          cache: true,
          edgeTtl:
            edgeTtl.mode === "override_origin" ? { mode: edgeTtl.mode, default: edgeTtl.seconds } : edgeTtl,
          browserTtl:
            browserTtl.mode === "override_origin"
              ? { mode: browserTtl.mode, default: browserTtl.seconds }
              : browserTtl,
        },
      };
    });
    this.expressions = expressions;

    this.ruleset = new Ruleset(this, "Ruleset", {
      zoneId: props.zoneId,
      kind: "zone",
      phase: "http_request_cache_settings",
      name: "Static assets cache",
      description: "Cache rules for the static-assets hostnames (managed by the edge stack)",
      rules,
    });
  }

  private validate(props: EdgeStaticCacheProps): void {
    const v = new Validator(`EdgeStaticCache ${this.node.path}`);
    checkZoneId(v, props.zoneId).check(
      props.rules.length > 0,
      "rules",
      props.rules,
      "at least one hostname",
      "list the static-assets hostnames, or do not create the cache rules",
    );
    const refs = props.rules.map(refOf);
    props.rules.forEach((rule, i) => {
      const field = `rules[${i}]`;
      v.check(
        isHostname(rule.hostname),
        `${field}.hostname`,
        rule.hostname,
        "a lower-case, fully qualified host name without the trailing dot",
        "pass the static-assets hostname, e.g. static.platform.acme.example",
      )
        .check(
          rule.pathPrefix === undefined || PATH_PREFIX.test(rule.pathPrefix),
          `${field}.pathPrefix`,
          rule.pathPrefix,
          "a path starting with / (letters, digits and /_.~-)",
          "use e.g. /assets/, or leave it unset for the whole hostname",
        )
        .check(
          refs.indexOf(refs[i]!) === i,
          field,
          { hostname: rule.hostname, pathPrefix: rule.pathPrefix },
          "each hostname and prefix once",
          "remove the repeated rule",
        );
      for (const [name, ttl] of [
        ["edgeTtl", rule.edgeTtl],
        ["browserTtl", rule.browserTtl],
      ] as const) {
        if (ttl === undefined) continue;
        v.check(
          ttl.mode === "respect_origin" || ttl.mode === "override_origin",
          `${field}.${name}.mode`,
          ttl.mode,
          '"respect_origin" or "override_origin"',
          "respect_origin lets the bucket's Cache-Control decide",
        );
        if (ttl.mode === "override_origin") {
          v.check(
            isIntegerIn(ttl.seconds, CACHE_TTL_SECONDS),
            `${field}.${name}.seconds`,
            ttl.seconds,
            `an integer from ${CACHE_TTL_SECONDS.min} to ${CACHE_TTL_SECONDS.max}`,
            "Pro zones need at least 3600 and Free zones 7200; e.g. 86400 for a day",
          );
        }
      }
    });
    v.throwIfAny();
  }
}

/** The rule's expression in the Rules language. */
function expressionOf(rule: EdgeStaticCacheRule): string {
  const host = `http.host eq "${rule.hostname}"`;
  return rule.pathPrefix === undefined
    ? `(${host})`
    : `(${host} and starts_with(http.request.uri.path, "${rule.pathPrefix}"))`;
}

/** The rule's stable reference: `static_<hostname>[_<prefix>]` with non-alphanumerics as `_`. */
function refOf(rule: EdgeStaticCacheRule): string {
  return `static_${rule.hostname}${rule.pathPrefix ?? ""}`.replace(/[^A-Za-z0-9]+/g, "_").replace(/_+$/, "");
}
