import { LoadBalancerPool } from "@cdktf/provider-cloudflare/lib/load-balancer-pool";
import { Construct } from "../core";
import { Validator } from "../validation";
import { checkAccountId, isCloudflareIdOrToken, isHostname, isOriginAddress } from "./edge-limits";

export interface EdgePoolProps {
  /** CloudFlare account that owns the pool (32 hex digits, or a token). */
  readonly accountId: string;
  /**
   * The pool's name: letters, digits, `-` and `_` (CloudFlare's rule), e.g. `aws-blue`. It is also the
   * origin's name.
   */
  readonly name: string;
  /**
   * Where CloudFlare connects: the public DNS name or IP address of the color's gateway (its load
   * balancer) or of a bucket, or a token. Not a hostname CloudFlare itself proxies, which would loop
   * (policy PLAT-CF-006 checks that over the stack).
   */
  readonly originAddress: string;
  /**
   * A `Host` header for every request to the origin, live traffic included. Leave it out when the
   * pool serves several public hostnames: CloudFlare then sends the visitor's hostname, which the
   * gateway routes (and which the origin's certificate must cover under strict TLS). Set it to the
   * origin's own name for a bucket or a static website, which serves only its own name.
   * @default - the visitor's hostname
   */
  readonly hostname?: string;
  /**
   * Id of the monitor that checks the origin (`EdgeMonitor.monitorId`). Required: without a monitor
   * CloudFlare never marks the pool unhealthy, so it never fails over.
   */
  readonly monitorId: string;
  /**
   * Whether the pool takes traffic. A disabled pool gets none and is not health-checked; a load
   * balancer skips it to the next pool in its order.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The pool's description in the dashboard.
   * @default - none
   */
  readonly description?: string;
}

/** CloudFlare's pool name rule: "only alphanumeric characters, hyphens, and underscores". */
const POOL_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * A CloudFlare load balancer pool (`cloudflare_load_balancer_pool`) with one origin: one color of one
 * cloud behind its gateway. The origin has weight 1 and the public hostname as its `Host` header; the
 * pool needs that one origin healthy (`minimum_origins` 1), picks origins at random (there is one), and
 * sets no legacy per-pool email (`notification_email`) and no `notification_filter`: health changes
 * go out through an account notification policy (`EdgeHealthAlert`), which a filter that disables
 * pool or origin notifications could mute.
 *
 * A switch flips `enabled` here, or changes the load balancer's `default_pools` and `random_steering`;
 * nothing else of the pool changes, so the pool, its id and its health history stay.
 */
export class EdgePool extends Construct {
  public readonly pool: LoadBalancerPool;
  /** The pool's id, for `EdgeLoadBalancerProps.pools`. */
  public readonly poolId: string;
  public readonly name: string;
  public readonly enabled: boolean;

  constructor(scope: Construct, id: string, props: EdgePoolProps) {
    super(scope, id);
    this.name = props.name;
    this.enabled = props.enabled ?? true;
    this.validate(props);

    this.pool = new LoadBalancerPool(this, "Pool", {
      accountId: props.accountId,
      name: this.name,
      description: props.description,
      enabled: this.enabled,
      monitor: props.monitorId,
      minimumOrigins: 1,
      originSteering: { policy: "random" },
      origins: [
        {
          name: this.name,
          address: props.originAddress,
          enabled: true,
          weight: 1,
          ...(props.hostname ? { header: { host: [props.hostname] } } : {}),
        },
      ],
    });
    this.poolId = this.pool.id;
  }

  private validate(props: EdgePoolProps): void {
    const v = new Validator(`EdgePool ${this.node.path}`);
    checkAccountId(v, props.accountId)
      .check(
        POOL_NAME.test(this.name),
        "name",
        this.name,
        "letters, digits, - and _",
        "name the pool after its cloud and color, e.g. aws-blue",
      )
      .check(
        isOriginAddress(props.originAddress),
        "originAddress",
        props.originAddress,
        "a host name, an IPv4 or IPv6 address, or a token",
        "pass the public DNS name of the color's gateway load balancer",
      )
      .check(
        props.hostname === undefined || isHostname(props.hostname),
        "hostname",
        props.hostname,
        "a lower-case, fully qualified host name without the trailing dot",
        "pass the public hostname the gateway routes, e.g. api.platform.acme.example",
      )
      .check(
        isCloudflareIdOrToken(props.monitorId),
        "monitorId",
        props.monitorId,
        "a monitor id (32 lower-case hex digits) or a token; a pool without a monitor is refused",
        "create an EdgeMonitor for the hostname and pass its monitorId",
      );
    v.throwIfAny();
  }
}
