import { LoadBalancer } from "@cdktf/provider-cloudflare/lib/load-balancer";
import { Construct } from "../core";
import { Validator } from "../validation";
import { checkZoneId, isCloudflareIdOrToken, isHostname } from "./edge-limits";

/**
 * How the load balancer picks a pool.
 *
 * - `failover`: every request goes to the first healthy pool of `order` (`steering_policy` "off",
 *   `default_pools` in that order).
 * - `split`: requests are spread at random by `weights`, in percent summing to 100 (`steering_policy`
 *   "random", `random_steering.pool_weights` as fractions, `default_weight` 0). Pools with weight 0 get
 *   nothing and are left out of `default_pools`.
 */
export type EdgeSteering =
  | { readonly kind: "failover"; readonly order: readonly string[] }
  | { readonly kind: "split"; readonly weights: Readonly<Record<string, number>> };

/** Session affinity CloudFlare offers without extra attributes (`header` needs header names). */
export type EdgeSessionAffinity = "none" | "cookie" | "ip_cookie";

const SESSION_AFFINITIES: readonly EdgeSessionAffinity[] = ["none", "cookie", "ip_cookie"];

export interface EdgeLoadBalancerProps {
  /** Zone that holds the hostname (32 hex digits, or a token). */
  readonly zoneId: string;
  /** The one public hostname this load balancer answers, e.g. `api.platform.acme.example`. */
  readonly hostname: string;
  /** Pools by name (pool name → pool id, e.g. `EdgePool.poolId`); steering names them. */
  readonly pools: Readonly<Record<string, string>>;
  /** Failover order, or a weighted split during a switch. */
  readonly steering: EdgeSteering;
  /** Name of the pool (one of `pools`) that gets traffic when every other pool is unhealthy. */
  readonly fallbackPool: string;
  /**
   * Session affinity: `cookie` and `ip_cookie` keep a client on one origin while it is healthy.
   * @default "none"
   */
  readonly sessionAffinity?: EdgeSessionAffinity;
  /**
   * Orange-clouded (proxied) hostname. Must be true: only a proxied load balancer switches at once
   * for every client; an unproxied one answers DNS and clients keep the old answer for its TTL.
   * @default true
   */
  readonly proxied?: boolean;
  /**
   * The load balancer's description in the dashboard.
   * @default - "<hostname>: <kind>"
   */
  readonly description?: string;
}

/**
 * A proxied CloudFlare load balancer (`cloudflare_load_balancer`) for one public hostname, over pools
 * given by name.
 *
 * A switch (blue to green, a canary split, a rollback) changes only `default_pools`,
 * `random_steering` and the pools' `enabled`; the hostname, zone, fallback pool and affinity stay, so
 * the load balancer is updated in place. Changing the steering kind (failover ↔ split) also changes
 * `steering_policy`, still in place. Under failover `random_steering` is written with CloudFlare's
 * default (`default_weight` 1, no pool weights), which "off" ignores, so a split's weights do not
 * linger in state.
 */
export class EdgeLoadBalancer extends Construct {
  public readonly loadBalancer: LoadBalancer;
  public readonly loadBalancerId: string;
  public readonly hostname: string;
  /** Names of `default_pools`, in order. */
  public readonly defaultPools: readonly string[];
  /** `steering_policy`: "off" for failover, "random" for a split. */
  public readonly steeringPolicy: "off" | "random";
  /** Split weights as fractions by pool name (empty under failover). */
  public readonly poolWeights: Readonly<Record<string, number>>;
  public readonly fallbackPool: string;
  public readonly sessionAffinity: EdgeSessionAffinity;
  public readonly proxied: boolean;

  constructor(scope: Construct, id: string, props: EdgeLoadBalancerProps) {
    super(scope, id);
    this.hostname = props.hostname;
    this.fallbackPool = props.fallbackPool;
    this.sessionAffinity = props.sessionAffinity ?? "none";
    this.proxied = props.proxied ?? true;
    this.validate(props);

    const { steering, pools } = props;
    if (steering.kind === "failover") {
      this.steeringPolicy = "off";
      this.defaultPools = [...steering.order];
      this.poolWeights = {};
    } else {
      this.steeringPolicy = "random";
      // Pool order, not weight order: a change of weights alone leaves default_pools as it is.
      this.defaultPools = Object.keys(pools).filter((name) => (steering.weights[name] ?? 0) > 0);
      this.poolWeights = Object.fromEntries(
        this.defaultPools.map((name) => [name, steering.weights[name]! / 100]),
      );
    }
    const idOf = (name: string) => pools[name]!;

    this.loadBalancer = new LoadBalancer(this, "LoadBalancer", {
      zoneId: props.zoneId,
      name: this.hostname,
      description: props.description ?? `${this.hostname}: ${steering.kind}`,
      proxied: this.proxied,
      enabled: true,
      steeringPolicy: this.steeringPolicy,
      defaultPools: this.defaultPools.map(idOf),
      fallbackPool: idOf(this.fallbackPool),
      randomSteering:
        steering.kind === "failover"
          ? { defaultWeight: 1 }
          : {
              defaultWeight: 0,
              poolWeights: Object.fromEntries(
                Object.entries(this.poolWeights).map(([name, weight]) => [idOf(name), weight]),
              ),
            },
      sessionAffinity: this.sessionAffinity,
    });
    this.loadBalancerId = this.loadBalancer.id;
  }

  private validate(props: EdgeLoadBalancerProps): void {
    const v = new Validator(`EdgeLoadBalancer ${this.node.path}`);
    const names = Object.keys(props.pools);
    const known = `one of the pools (${names.join(", ") || "none"})`;
    checkZoneId(v, props.zoneId)
      .check(
        isHostname(this.hostname),
        "hostname",
        this.hostname,
        "a lower-case, fully qualified host name without the trailing dot",
        "pass the public hostname, e.g. api.platform.acme.example",
      )
      .check(names.length > 0, "pools", props.pools, "at least one pool", "pass EdgePool ids by pool name");
    for (const [name, poolId] of Object.entries(props.pools)) {
      v.check(
        isCloudflareIdOrToken(poolId),
        `pools.${name}`,
        poolId,
        "a pool id (32 lower-case hex digits) or a token",
        "pass EdgePool.poolId",
      );
    }
    const { steering } = props;
    if (steering.kind === "failover") {
      v.check(
        steering.order.length > 0,
        "steering.order",
        steering.order,
        "at least one pool name",
        "list the pools in failover order, the live one first",
      );
      steering.order.forEach((name, i) => {
        v.check(
          names.includes(name),
          `steering.order[${i}]`,
          name,
          known,
          "add the pool or fix its name",
        ).check(
          steering.order.indexOf(name) === i,
          `steering.order[${i}]`,
          name,
          "each pool once",
          "remove the repeated pool",
        );
      });
    } else if (steering.kind === "split") {
      const entries = Object.entries(steering.weights);
      for (const [name, weight] of entries) {
        v.check(
          names.includes(name),
          `steering.weights.${name}`,
          name,
          known,
          "add the pool or fix its name",
        ).check(
          Number.isInteger(weight) && weight >= 0 && weight <= 100,
          `steering.weights.${name}`,
          weight,
          "an integer percent from 0 to 100",
          "give each pool a whole percent, e.g. 90 and 10",
        );
      }
      const sum = entries.reduce((total, [, weight]) => total + weight, 0);
      v.check(
        sum === 100,
        "steering.weights",
        steering.weights,
        "weights in percent that sum to 100",
        `they sum to ${sum}; e.g. 90 and 10`,
      );
    } else {
      const kind = (steering as { kind?: unknown }).kind;
      v.check(false, "steering.kind", kind, '"failover" or "split"', "use failover outside a switch");
    }
    v.check(
      names.includes(this.fallbackPool),
      "fallbackPool",
      this.fallbackPool,
      known,
      "name the pool that takes traffic when every other pool is down",
    )
      .check(
        SESSION_AFFINITIES.includes(this.sessionAffinity),
        "sessionAffinity",
        this.sessionAffinity,
        SESSION_AFFINITIES.map((a) => JSON.stringify(a)).join(", "),
        "use none unless the service keeps per-client state on the origin",
      )
      .check(
        this.proxied === true,
        "proxied",
        this.proxied,
        "true",
        "a switch at the edge needs a proxied hostname; unproxied answers are cached by resolvers for their TTL",
      );
    v.throwIfAny();
  }
}
