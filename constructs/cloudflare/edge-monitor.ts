import { LoadBalancerMonitor } from "@cdktf/provider-cloudflare/lib/load-balancer-monitor";
import { Construct } from "../core";
import { Validator } from "../validation";
import {
  checkAccountId,
  isHostname,
  isIntegerIn,
  MONITOR_INTERVAL_SECONDS,
  MONITOR_RETRIES,
  MONITOR_TIMEOUT_SECONDS,
} from "./edge-limits";

export interface EdgeMonitorProps {
  /** CloudFlare account that owns the monitor (32 hex digits, or a token). */
  readonly accountId: string;
  /**
   * Public hostname the checks send as `Host`, so the color's gateway routes them like real traffic,
   * e.g. `api.platform.acme.example`.
   */
  readonly hostname: string;
  /**
   * Path the checks GET; it must answer 200 while the color can take traffic.
   * @default "/ready"
   */
  readonly path?: string;
  /**
   * Seconds between checks, 10 to 3600. CloudFlare's minimum depends on the plan: 60 on Pro, 15 on
   * Business, 10 on Enterprise (a lower value than the plan allows fails at apply).
   * @default 60
   */
  readonly intervalSeconds?: number;
  /**
   * Seconds before a check fails, 1 to 10; `(retries + 1) × timeoutSeconds` must stay below
   * `intervalSeconds`, so a check and its retries end before the next check starts.
   * @default 5
   */
  readonly timeoutSeconds?: number;
  /**
   * Immediate retries of a timed-out check before the origin counts as unhealthy, 0 to 5.
   * @default 2
   */
  readonly retries?: number;
  /**
   * The monitor's description in the dashboard.
   * @default - "<hostname> <path>"
   */
  readonly description?: string;
}

/** A path: `/` then URL path characters, no query string. */
const PATH = /^\/[A-Za-z0-9/_.~-]*$/;

/**
 * A CloudFlare load balancer monitor (`cloudflare_load_balancer_monitor`): HTTPS GET of `path` on port
 * 443 with `Host: <hostname>`, healthy on 200 only. It does not follow redirects (a redirect to a login
 * or maintenance page is not "ready") and validates the origin's certificate (`allow_insecure` false),
 * which is why the origin must present a certificate for the public hostname.
 *
 * The monitor belongs to the account, not to a zone; pools name it by id (`EdgePool.monitorId`).
 */
export class EdgeMonitor extends Construct {
  public readonly monitor: LoadBalancerMonitor;
  /** The monitor's id, for `EdgePoolProps.monitorId`. */
  public readonly monitorId: string;
  public readonly hostname: string;
  public readonly path: string;
  public readonly intervalSeconds: number;
  public readonly timeoutSeconds: number;
  public readonly retries: number;

  constructor(scope: Construct, id: string, props: EdgeMonitorProps) {
    super(scope, id);
    this.hostname = props.hostname;
    this.path = props.path ?? "/ready";
    this.intervalSeconds = props.intervalSeconds ?? MONITOR_INTERVAL_SECONDS.default;
    this.timeoutSeconds = props.timeoutSeconds ?? MONITOR_TIMEOUT_SECONDS.default;
    this.retries = props.retries ?? MONITOR_RETRIES.default;
    this.validate(props);

    this.monitor = new LoadBalancerMonitor(this, "Monitor", {
      accountId: props.accountId,
      description: props.description ?? `${this.hostname} ${this.path}`,
      type: "https",
      method: "GET",
      path: this.path,
      port: 443,
      expectedCodes: "200",
      header: { Host: [this.hostname] },
      interval: this.intervalSeconds,
      timeout: this.timeoutSeconds,
      retries: this.retries,
      followRedirects: false,
      allowInsecure: false,
    });
    this.monitorId = this.monitor.id;
  }

  private validate(props: EdgeMonitorProps): void {
    const v = new Validator(`EdgeMonitor ${this.node.path}`);
    const range = (r: { readonly min: number; readonly max: number }) =>
      `an integer from ${r.min} to ${r.max}`;
    checkAccountId(v, props.accountId)
      .check(
        isHostname(this.hostname),
        "hostname",
        this.hostname,
        "a lower-case, fully qualified host name without the trailing dot",
        "pass the public hostname the gateway routes, e.g. api.platform.acme.example",
      )
      .check(
        PATH.test(this.path),
        "path",
        this.path,
        "a path starting with /, without a query",
        "use e.g. /ready",
      )
      .check(
        isIntegerIn(this.intervalSeconds, MONITOR_INTERVAL_SECONDS),
        "intervalSeconds",
        this.intervalSeconds,
        range(MONITOR_INTERVAL_SECONDS),
        "60 works on every plan; below 60 needs Business (15) or Enterprise (10)",
      )
      .check(
        isIntegerIn(this.timeoutSeconds, MONITOR_TIMEOUT_SECONDS),
        "timeoutSeconds",
        this.timeoutSeconds,
        range(MONITOR_TIMEOUT_SECONDS),
        "5 is CloudFlare's default",
      )
      .check(
        isIntegerIn(this.retries, MONITOR_RETRIES),
        "retries",
        this.retries,
        range(MONITOR_RETRIES),
        "2 is CloudFlare's default",
      )
      .check(
        (this.retries + 1) * this.timeoutSeconds < this.intervalSeconds,
        "timeoutSeconds",
        this.timeoutSeconds,
        `(retries + 1) × timeoutSeconds below intervalSeconds (${this.intervalSeconds})`,
        `a check and its ${this.retries} retries take up to ${(this.retries + 1) * this.timeoutSeconds} s; ` +
          "lower the timeout or the retries, or raise the interval",
      );
    v.throwIfAny();
  }
}
