import { describe, expect, it } from "vitest";
import { EdgeMonitor } from "../../../constructs/cloudflare/edge-monitor";
import { EdgePool, type EdgePoolProps } from "../../../constructs/cloudflare/edge-pool";
import { TerraformOutput, Testing } from "../../../constructs/core";
import { type Attrs, errorOf, logicalIds, problem, resourceById, resourcesOf } from "../../helpers";

const ACCOUNT = "0123456789abcdef0123456789abcdef";
const MONITOR = "fedcba9876543210fedcba9876543210";
const props: EdgePoolProps = {
  accountId: ACCOUNT,
  name: "aws-blue",
  originAddress: "gateway-blue.aws.platform.acme.example",
  hostname: "api.platform.acme.example",
  monitorId: MONITOR,
};

function synth(overrides: Partial<EdgePoolProps> = {}): string {
  return Testing.synthScope((scope) => new EdgePool(scope, "AwsBlue", { ...props, ...overrides }));
}

const pool = (out: string) => resourceById(out, "cloudflare_load_balancer_pool", "AwsBlue_Pool");

describe("EdgePool", () => {
  it("holds one origin: the gateway, weight 1, with the public hostname as its Host header", () => {
    const out = synth();
    expect(logicalIds(out, "cloudflare_load_balancer_pool")).toEqual(["AwsBlue_Pool"]);
    expect(pool(out)).toEqual({
      account_id: ACCOUNT,
      name: "aws-blue",
      enabled: true,
      monitor: MONITOR,
      minimum_origins: 1,
      origin_steering: { policy: "random" },
      origins: [
        {
          name: "aws-blue",
          address: "gateway-blue.aws.platform.acme.example",
          enabled: true,
          weight: 1,
          header: { host: ["api.platform.acme.example"] },
        },
      ],
    });
  });

  it("disables the pool (not the origin) when enabled is false, and takes a description", () => {
    const out = synth({ enabled: false, description: "AWS, blue" });
    expect(pool(out)).toMatchObject({ enabled: false, description: "AWS, blue" });
    expect((pool(out).origins as { enabled: boolean }[])[0]!.enabled).toBe(true);
  });

  it("takes a bucket as its origin, with the bucket's own name as the Host header", () => {
    const bucket = "acme-platform-prod-static.s3.eu-west-1.amazonaws.com";
    const origin = (pool(synth({ originAddress: bucket, hostname: bucket })).origins as object[])[0];
    expect(origin).toMatchObject({ address: bucket, header: { host: [bucket] } });
  });

  it.each(["203.0.113.10", "2001:db8::10"])("accepts the IP address %s as the origin", (address) => {
    expect((pool(synth({ originAddress: address })).origins as { address: string }[])[0]!.address).toBe(
      address,
    );
  });

  it("references an EdgeMonitor by its id and exposes its own id, name and enabled flag", () => {
    const out = Testing.synthScope((scope) => {
      const monitor = new EdgeMonitor(scope, "Api", { accountId: ACCOUNT, hostname: props.hostname! });
      const p = new EdgePool(scope, "AwsBlue", { ...props, monitorId: monitor.monitorId });
      expect([p.name, p.enabled]).toEqual(["aws-blue", true]);
      new TerraformOutput(scope, "PoolId", { value: p.poolId });
    });
    expect(pool(out).monitor).toMatch(
      /^\$\{cloudflare_load_balancer_monitor\.Api_Monitor_[0-9A-F]{8}\.id\}$/,
    );
    expect(JSON.parse(out).output.PoolId.value).toMatch(
      /^\$\{cloudflare_load_balancer_pool\.AwsBlue_Pool_[0-9A-F]{8}\.id\}$/,
    );
  });

  describe("validation", () => {
    it.each([
      [
        "an account id that is not 32 hex digits",
        { accountId: "ACME" },
        "accountId",
        "ACME",
        "a CloudFlare account id (32 lower-case hex digits) or a token",
      ],
      ["a pool name with a dot", { name: "aws.blue" }, "name", "aws.blue", "letters, digits, - and _"],
      ["an empty pool name", { name: "" }, "name", "", "letters, digits, - and _"],
      [
        "an origin that is a URL",
        { originAddress: "https://gateway.example" },
        "originAddress",
        "https://gateway.example",
        "a host name, an IPv4 or IPv6 address, or a token",
      ],
      [
        "a hostname with a trailing dot",
        { hostname: "api.platform.acme.example." },
        "hostname",
        "api.platform.acme.example.",
        "a lower-case, fully qualified host name without the trailing dot",
      ],
      [
        "a pool without a monitor",
        { monitorId: "" },
        "monitorId",
        "",
        "a monitor id (32 lower-case hex digits) or a token; a pool without a monitor is refused",
      ],
      [
        "a monitor named instead of its id",
        { monitorId: "api-ready" },
        "monitorId",
        "api-ready",
        "a monitor id (32 lower-case hex digits) or a token; a pool without a monitor is refused",
      ],
    ] as const)("rejects %s", (_case, overrides, field, value, allowed) => {
      expect(errorOf(() => synth(overrides))).toContain(problem(field, value, allowed));
    });

    it("names the fix", () => {
      expect(errorOf(() => synth({ monitorId: "" }))).toContain(
        "hint: create an EdgeMonitor for the hostname and pass its monitorId",
      );
    });

    it("reports every problem at once", () => {
      expect(errorOf(() => synth({ accountId: "", name: "", monitorId: "" }))).toMatch(
        /^EdgePool .*AwsBlue: 3 invalid prop\(s\)/,
      );
    });
  });
});

describe("EdgePool shared by several hostnames", () => {
  it("overrides no Host header, so each request keeps the visitor's hostname", () => {
    const out = Testing.synthScope(
      (scope) => new EdgePool(scope, "Shared", { ...props, hostname: undefined }),
    );
    const [pool] = Object.values(resourcesOf(out, "cloudflare_load_balancer_pool")) as Attrs[];
    expect((pool!.origins as Record<string, unknown>[])[0]).not.toHaveProperty("header");
  });
});
