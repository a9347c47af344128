import { describe, expect, it } from "vitest";
import { EdgeMonitor, type EdgeMonitorProps } from "../../../constructs/cloudflare/edge-monitor";
import { TerraformOutput, Testing } from "../../../constructs/core";
import { errorOf, logicalIds, problem, resourceById } from "../../helpers";

const ACCOUNT = "0123456789abcdef0123456789abcdef";
const props: EdgeMonitorProps = { accountId: ACCOUNT, hostname: "api.platform.acme.example" };

function synth(overrides: Partial<EdgeMonitorProps> = {}): string {
  return Testing.synthScope((scope) => new EdgeMonitor(scope, "Api", { ...props, ...overrides }));
}

const monitor = (out: string) => resourceById(out, "cloudflare_load_balancer_monitor", "Api_Monitor");

describe("EdgeMonitor", () => {
  it("checks GET https://<origin>:443/ready with Host: <hostname>, healthy on 200 only", () => {
    const out = synth();
    expect(logicalIds(out, "cloudflare_load_balancer_monitor")).toEqual(["Api_Monitor"]);
    expect(monitor(out)).toEqual({
      account_id: ACCOUNT,
      description: "api.platform.acme.example /ready",
      type: "https",
      method: "GET",
      path: "/ready",
      port: 443,
      expected_codes: "200",
      header: { Host: ["api.platform.acme.example"] },
      interval: 60,
      timeout: 5,
      retries: 2,
      follow_redirects: false,
      allow_insecure: false,
    });
  });

  it("takes the path, interval, timeout, retries and description from props", () => {
    const out = synth({
      path: "/healthz",
      intervalSeconds: 15,
      timeoutSeconds: 4,
      retries: 1,
      description: "api",
    });
    expect(monitor(out)).toMatchObject({
      path: "/healthz",
      interval: 15,
      timeout: 4,
      retries: 1,
      description: "api",
    });
  });

  it("exposes the resolved values and the monitor id", () => {
    const out = Testing.synthScope((scope) => {
      const m = new EdgeMonitor(scope, "Api", props);
      new TerraformOutput(scope, "MonitorId", { value: m.monitorId });
      expect([m.path, m.intervalSeconds, m.timeoutSeconds, m.retries, m.hostname]).toEqual([
        "/ready",
        60,
        5,
        2,
        "api.platform.acme.example",
      ]);
    });
    expect(JSON.parse(out).output.MonitorId.value).toMatch(
      /^\$\{cloudflare_load_balancer_monitor\.Api_Monitor_[0-9A-F]{8}\.id\}$/,
    );
  });

  it("accepts the interval range ends, 10 (Enterprise) and 3600", () => {
    expect(monitor(synth({ intervalSeconds: 10, timeoutSeconds: 3, retries: 2 })).interval).toBe(10);
    expect(monitor(synth({ intervalSeconds: 3600 })).interval).toBe(3600);
  });

  describe("validation", () => {
    it.each([
      [
        "an account id that is not 32 hex digits",
        { accountId: "acme" },
        "accountId",
        "acme",
        "a CloudFlare account id (32 lower-case hex digits) or a token",
      ],
      [
        "an upper-case hostname",
        { hostname: "API.acme.example" },
        "hostname",
        "API.acme.example",
        "a lower-case, fully qualified host name without the trailing dot",
      ],
      [
        "a hostname with a trailing dot",
        { hostname: "api.acme.example." },
        "hostname",
        "api.acme.example.",
        "a lower-case, fully qualified host name without the trailing dot",
      ],
      [
        "a path without a leading slash",
        { path: "ready" },
        "path",
        "ready",
        "a path starting with /, without a query",
      ],
      [
        "a path with a query",
        { path: "/ready?full=1" },
        "path",
        "/ready?full=1",
        "a path starting with /, without a query",
      ],
      [
        "an interval below 10",
        { intervalSeconds: 5, timeoutSeconds: 1, retries: 0 },
        "intervalSeconds",
        5,
        "an integer from 10 to 3600",
      ],
      [
        "an interval above an hour",
        { intervalSeconds: 3601 },
        "intervalSeconds",
        3601,
        "an integer from 10 to 3600",
      ],
      [
        "a fractional interval",
        { intervalSeconds: 60.5 },
        "intervalSeconds",
        60.5,
        "an integer from 10 to 3600",
      ],
      ["a zero timeout", { timeoutSeconds: 0 }, "timeoutSeconds", 0, "an integer from 1 to 10"],
      ["a timeout above 10", { timeoutSeconds: 11 }, "timeoutSeconds", 11, "an integer from 1 to 10"],
      ["negative retries", { retries: -1 }, "retries", -1, "an integer from 0 to 5"],
      ["six retries", { retries: 6 }, "retries", 6, "an integer from 0 to 5"],
      [
        "a timeout not below the interval",
        { intervalSeconds: 10, timeoutSeconds: 10, retries: 0 },
        "timeoutSeconds",
        10,
        "(retries + 1) × timeoutSeconds below intervalSeconds (10)",
      ],
      [
        "retries that outlast the interval",
        { intervalSeconds: 15, timeoutSeconds: 5, retries: 2 },
        "timeoutSeconds",
        5,
        "(retries + 1) × timeoutSeconds below intervalSeconds (15)",
      ],
    ] as const)("rejects %s", (_case, overrides, field, value, allowed) => {
      expect(errorOf(() => synth(overrides as Partial<EdgeMonitorProps>))).toContain(
        problem(field, value, allowed),
      );
    });

    it("names the fix", () => {
      expect(errorOf(() => synth({ intervalSeconds: 15, timeoutSeconds: 5, retries: 2 }))).toContain(
        "hint: a check and its 2 retries take up to 15 s; lower the timeout or the retries, or raise the interval",
      );
    });

    it("reports every problem at once", () => {
      expect(errorOf(() => synth({ accountId: "", hostname: "", path: "" }))).toMatch(
        /^EdgeMonitor .*Api: 3 invalid prop\(s\)/,
      );
    });
  });
});
