import { describe, expect, it } from "vitest";
import {
  EdgeLoadBalancer,
  type EdgeLoadBalancerProps,
} from "../../../constructs/cloudflare/edge-load-balancer";
import { EdgeMonitor } from "../../../constructs/cloudflare/edge-monitor";
import { EdgePool } from "../../../constructs/cloudflare/edge-pool";
import { TerraformOutput, Testing } from "../../../constructs/core";
import { errorOf, logicalIds, problem, resourceById } from "../../helpers";

const ZONE = "00112233445566778899aabbccddeeff";
const ACCOUNT = "0123456789abcdef0123456789abcdef";
const id = (digit: string) => digit.repeat(32);
const POOLS = { "aws-blue": id("a"), "aws-green": id("b"), "azure-blue": id("c") };
const props: EdgeLoadBalancerProps = {
  zoneId: ZONE,
  hostname: "api.platform.acme.example",
  pools: POOLS,
  steering: { kind: "failover", order: ["aws-blue", "azure-blue"] },
  fallbackPool: "azure-blue",
};

function synth(overrides: Partial<EdgeLoadBalancerProps> = {}): string {
  return Testing.synthScope((scope) => new EdgeLoadBalancer(scope, "Api", { ...props, ...overrides }));
}

const lb = (out: string) => resourceById(out, "cloudflare_load_balancer", "Api_LoadBalancer");

/** The attributes a switch may change. */
const SWITCHED = ["default_pools", "random_steering"];
const without = (attrs: Record<string, unknown>, keys: readonly string[]) =>
  Object.fromEntries(Object.entries(attrs).filter(([k]) => !keys.includes(k)));

describe("EdgeLoadBalancer", () => {
  it("is a proxied load balancer for the hostname, failing over in order with steering off", () => {
    const out = synth();
    expect(logicalIds(out, "cloudflare_load_balancer")).toEqual(["Api_LoadBalancer"]);
    expect(lb(out)).toEqual({
      zone_id: ZONE,
      name: "api.platform.acme.example",
      description: "api.platform.acme.example: failover",
      proxied: true,
      enabled: true,
      steering_policy: "off",
      default_pools: [id("a"), id("c")],
      fallback_pool: id("c"),
      random_steering: { default_weight: 1 },
      session_affinity: "none",
    });
  });

  it("splits by weight as fractions, default weight 0, over the pools with a weight, in pool order", () => {
    const out = synth({
      steering: { kind: "split", weights: { "aws-green": 10, "aws-blue": 90, "azure-blue": 0 } },
    });
    expect(lb(out)).toMatchObject({
      steering_policy: "random",
      default_pools: [id("a"), id("b")],
      random_steering: { default_weight: 0, pool_weights: { [id("a")]: 0.9, [id("b")]: 0.1 } },
    });
  });

  it("changes only default_pools and random_steering for a switch of the live pool or of the weights", () => {
    const blue = lb(synth());
    const green = lb(synth({ steering: { kind: "failover", order: ["aws-green", "azure-blue"] } }));
    expect(green.default_pools).toEqual([id("b"), id("c")]);
    expect(without(green, SWITCHED)).toEqual(without(blue, SWITCHED));
    const canary = lb(synth({ steering: { kind: "split", weights: { "aws-blue": 90, "aws-green": 10 } } }));
    const shifted = lb(synth({ steering: { kind: "split", weights: { "aws-blue": 50, "aws-green": 50 } } }));
    expect(without(shifted, ["random_steering"])).toEqual(without(canary, ["random_steering"]));
  });

  it("exposes the resolved steering by pool name", () => {
    const out = Testing.synthScope((scope) => {
      const split = new EdgeLoadBalancer(scope, "Api", {
        ...props,
        steering: { kind: "split", weights: { "aws-blue": 75, "aws-green": 25 } },
        sessionAffinity: "cookie",
      });
      expect(split).toMatchObject({
        hostname: "api.platform.acme.example",
        defaultPools: ["aws-blue", "aws-green"],
        steeringPolicy: "random",
        poolWeights: { "aws-blue": 0.75, "aws-green": 0.25 },
        fallbackPool: "azure-blue",
        sessionAffinity: "cookie",
        proxied: true,
      });
      new TerraformOutput(scope, "LoadBalancerId", { value: split.loadBalancerId });
      const failover = new EdgeLoadBalancer(scope, "Web", {
        ...props,
        hostname: "www.platform.acme.example",
      });
      expect([failover.steeringPolicy, failover.defaultPools, failover.poolWeights]).toEqual([
        "off",
        ["aws-blue", "azure-blue"],
        {},
      ]);
    });
    expect(JSON.parse(out).output.LoadBalancerId.value).toMatch(
      /^\$\{cloudflare_load_balancer\.Api_LoadBalancer_[0-9A-F]{8}\.id\}$/,
    );
  });

  it("takes pool ids from EdgePool and keys split weights by them", () => {
    const out = Testing.synthScope((scope) => {
      const monitor = new EdgeMonitor(scope, "Monitor", { accountId: ACCOUNT, hostname: props.hostname });
      const pool = (cid: string, name: string) =>
        new EdgePool(scope, cid, {
          accountId: ACCOUNT,
          name,
          originAddress: `${name}.gateways.acme.example`,
          hostname: props.hostname,
          monitorId: monitor.monitorId,
        }).poolId;
      new EdgeLoadBalancer(scope, "Api", {
        ...props,
        pools: { blue: pool("Blue", "blue"), green: pool("Green", "green") },
        steering: { kind: "split", weights: { blue: 90, green: 10 } },
        fallbackPool: "blue",
      });
    });
    const ref = (cid: string) => `\${cloudflare_load_balancer_pool.${cid}_Pool_`;
    const attrs = lb(out);
    expect(attrs.default_pools).toEqual([
      expect.stringContaining(ref("Blue")),
      expect.stringContaining(ref("Green")),
    ]);
    const weights = (attrs.random_steering as { pool_weights: Record<string, number> }).pool_weights;
    expect(Object.entries(weights)).toEqual([
      [expect.stringContaining(ref("Blue")), 0.9],
      [expect.stringContaining(ref("Green")), 0.1],
    ]);
  });

  it("sets the session affinity", () => {
    expect(lb(synth({ sessionAffinity: "ip_cookie" })).session_affinity).toBe("ip_cookie");
  });

  describe("validation", () => {
    const known = "one of the pools (aws-blue, aws-green, azure-blue)";
    it.each([
      [
        "a zone id that is a name",
        { zoneId: "platform.acme.example" },
        "zoneId",
        "platform.acme.example",
        "a CloudFlare zone id (32 lower-case hex digits) or a token",
      ],
      [
        "a hostname with a scheme",
        { hostname: "https://api.acme.example" },
        "hostname",
        "https://api.acme.example",
        "a lower-case, fully qualified host name without the trailing dot",
      ],
      [
        "no pools",
        { pools: {}, steering: { kind: "failover", order: [] }, fallbackPool: "x" },
        "pools",
        {},
        "at least one pool",
      ],
      [
        "a pool id that is not an id",
        { pools: { ...POOLS, "aws-blue": "aws-blue" } },
        "pools.aws-blue",
        "aws-blue",
        "a pool id (32 lower-case hex digits) or a token",
      ],
      [
        "an empty failover order",
        { steering: { kind: "failover", order: [] } },
        "steering.order",
        [],
        "at least one pool name",
      ],
      [
        "an unknown pool in the order",
        { steering: { kind: "failover", order: ["aws-blue", "gcp-blue"] } },
        "steering.order[1]",
        "gcp-blue",
        known,
      ],
      [
        "a pool twice in the order",
        { steering: { kind: "failover", order: ["aws-blue", "aws-blue"] } },
        "steering.order[1]",
        "aws-blue",
        "each pool once",
      ],
      [
        "an unknown pool in the split",
        { steering: { kind: "split", weights: { "aws-blue": 90, "gcp-blue": 10 } } },
        "steering.weights.gcp-blue",
        "gcp-blue",
        known,
      ],
      [
        "a fractional percent",
        { steering: { kind: "split", weights: { "aws-blue": 99.5, "aws-green": 0.5 } } },
        "steering.weights.aws-blue",
        99.5,
        "an integer percent from 0 to 100",
      ],
      [
        "a negative percent",
        { steering: { kind: "split", weights: { "aws-blue": 110, "aws-green": -10 } } },
        "steering.weights.aws-green",
        -10,
        "an integer percent from 0 to 100",
      ],
      [
        "weights that do not sum to 100",
        { steering: { kind: "split", weights: { "aws-blue": 90, "aws-green": 20 } } },
        "steering.weights",
        { "aws-blue": 90, "aws-green": 20 },
        "weights in percent that sum to 100",
      ],
      [
        "an empty split",
        { steering: { kind: "split", weights: {} } },
        "steering.weights",
        {},
        "weights in percent that sum to 100",
      ],
      [
        "an unknown steering kind",
        { steering: { kind: "geo" } as unknown as EdgeLoadBalancerProps["steering"] },
        "steering.kind",
        "geo",
        '"failover" or "split"',
      ],
      ["a fallback pool that is not a pool", { fallbackPool: "gcp-blue" }, "fallbackPool", "gcp-blue", known],
      [
        "header affinity",
        { sessionAffinity: "header" as EdgeLoadBalancerProps["sessionAffinity"] },
        "sessionAffinity",
        "header",
        '"none", "cookie", "ip_cookie"',
      ],
      ["an unproxied load balancer", { proxied: false }, "proxied", false, "true"],
    ] as const)("rejects %s", (_case, overrides, field, value, allowed) => {
      expect(errorOf(() => synth(overrides as Partial<EdgeLoadBalancerProps>))).toContain(
        problem(field, value, allowed),
      );
    });

    it("names the fix", () => {
      expect(errorOf(() => synth({ proxied: false }))).toContain(
        "hint: a switch at the edge needs a proxied hostname",
      );
      expect(
        errorOf(() => synth({ steering: { kind: "split", weights: { "aws-blue": 90, "aws-green": 20 } } })),
      ).toContain("hint: they sum to 110; e.g. 90 and 10");
    });

    it("reports every problem at once", () => {
      expect(errorOf(() => synth({ zoneId: "", fallbackPool: "x", proxied: false }))).toMatch(
        /^EdgeLoadBalancer .*Api: 3 invalid prop\(s\)/,
      );
    });
  });
});
