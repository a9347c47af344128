import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import {
  bucketRegionalHostOf,
  EDGE_HEALTH_OBJECT_KEY,
  staticBucketNameOf,
} from "../constructs/aws/s3-bucket-name";
import { azureGatewayHostname, gatewayDnsLabel } from "../constructs/azure/aks-load-balancer";
import { EdgeHealthAlert } from "../constructs/cloudflare/edge-health-alert";
import { EdgeLoadBalancer } from "../constructs/cloudflare/edge-load-balancer";
import { EdgeMonitor } from "../constructs/cloudflare/edge-monitor";
import { EdgePool } from "../constructs/cloudflare/edge-pool";
import { EdgeStaticCache } from "../constructs/cloudflare/edge-static-cache";
import { EdgeZone } from "../constructs/cloudflare/edge-zone";
import { type Construct, S3Backend, TerraformOutput, TerraformStack } from "../constructs/core";
import { type EdgeSettings, staticHostnameOf } from "../environments/edge-schema";
import { COLORS } from "../environments/load";
import type { Color, Environment } from "../environments/schema";
import { liveHostnameOf, serviceHostsOf } from "./service-of";
import { requireTerraform } from "./terraform-version";

export interface EdgeStackProps {
  readonly env: Environment;
}

/** A pool's name: `<cloud>-<color>`. */
export type PoolName = `${"aws" | "azure"}-${Color}`;

/**
 * Production's edge (`prod-edge`): CloudFlare in front of both clouds. One proxied load balancer per
 * public hostname, over one pool per cloud and color (each color's gateway as its origin, checked
 * on the monitor path), steered by `production.liveColor`, `edge.cloudOrder` and `edge.split`. It
 * holds only edge resources and reads no other stack or cloud at plan time: the origins are the
 * names the clusters publish (`<color>.<zone>` through ExternalDNS on Route 53, the AKS gateways'
 * `<cluster>.<location>.cloudapp.azure.com` labels), known from the environment file. A switch or a
 * rollback changes `default_pools` or `random_steering` here and nothing else; the idle color's pools
 * stay, monitored and warm, until the runbook removes that color. The static-assets CDN
 * (`edge.static`) is one more load balancer, over the storage origins, that no switch touches.
 */
export class EdgeStack extends TerraformStack {
  public readonly pools: Readonly<Record<string, EdgePool>>;
  public readonly loadBalancers: readonly EdgeLoadBalancer[];
  /** The static-assets CDN: its load balancer, pools by cloud, and cache rules. */
  public readonly staticAssets: {
    readonly loadBalancer: EdgeLoadBalancer;
    readonly pools: Readonly<Partial<Record<"aws" | "azure", EdgePool>>>;
    readonly cache: EdgeStaticCache;
  };

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id);
    const { env } = props;
    const edge = env.edge as EdgeSettings;
    const production = env.production!;
    requireTerraform(this);
    // The API token comes from CLOUDFLARE_API_TOKEN at plan and apply time, never from the JSON.
    new CloudflareProvider(this, "Cloudflare", {});
    // Beside production's AWS state (the schema requires an aws section with an edge).
    const state = env.aws!.state;
    const backend = new S3Backend(this, {
      bucket: state.bucket,
      region: state.region,
      key: `stacks/${id}/terraform.tfstate`,
      encrypt: true,
    });
    backend.addOverride("use_lockfile", true);

    const zone = new EdgeZone(this, "Zone", {
      accountId: edge.accountId,
      zoneId: edge.zoneId,
      zoneName: production.zoneName,
      // Route 53 stays authoritative: ExternalDNS keeps publishing the AWS origins there.
      zoneType: "partial",
    });
    const liveHostname = liveHostnameOf(production);
    const monitor = new EdgeMonitor(this, "Monitor", {
      accountId: edge.accountId,
      hostname: liveHostname,
      path: edge.monitor.path,
      intervalSeconds: edge.monitor.intervalSeconds,
      timeoutSeconds: edge.monitor.timeoutSeconds,
      retries: edge.monitor.retries,
    });
    const clouds = edge.cloudOrder;
    const origin = (cloud: "aws" | "azure", color: Color) =>
      cloud === "aws"
        ? `${color}.${production.zoneName}`
        : azureGatewayHostname(
            gatewayDnsLabel(`${env.name}-azure-${color}`, env.azure!.subscriptionId),
            env.azure!.location,
          );
    const pools: Record<string, EdgePool> = {};
    for (const cloud of clouds) {
      for (const color of COLORS) {
        const name: PoolName = `${cloud}-${color}`;
        pools[name] = new EdgePool(this, `Pool-${name}`, {
          accountId: edge.accountId,
          name: `${env.name}-${name}`,
          originAddress: origin(cloud, color),
          // No Host override: the pools serve every public hostname, and the gateway routes by it.
          monitorId: monitor.monitorId,
          description: `${env.name} ${color} on ${cloud}`,
        });
      }
    }
    this.pools = pools;
    const live = production.liveColor;
    const ids = Object.fromEntries(Object.entries(pools).map(([n, p]) => [n, p.poolId]));
    const [first] = clouds;
    const steering = edge.split
      ? {
          kind: "split" as const,
          weights: { [`${first}-blue`]: edge.split.blue, [`${first}-green`]: edge.split.green },
        }
      : { kind: "failover" as const, order: clouds.map((c) => `${c}-${live}`) };
    const fallbackPool = `${clouds[clouds.length - 1]}-${live}`;
    const hostnames = [liveHostname, ...serviceHostsOf(env)];
    this.loadBalancers = hostnames.map(
      (hostname, i) =>
        // The first is the live hostname; the others are keyed by their place in the services' hosts.
        new EdgeLoadBalancer(this, i === 0 ? "LiveHostname" : `ServiceHost-${hostname}`, {
          zoneId: zone.zoneId,
          hostname,
          pools: ids,
          steering,
          fallbackPool,
          // During a split, a visitor stays on the color it first got rather than bouncing per request.
          sessionAffinity: edge.split ? "cookie" : "none",
        }),
    );
    this.staticAssets = this.staticCdn(env, zone.zoneId);
    // Every pool's health change reaches the on-call: CloudFlare fails over without an apply.
    new EdgeHealthAlert(this, "PoolHealthAlert", {
      accountId: edge.accountId,
      name: `${env.name} edge pool health`,
      poolIds: [...Object.values(pools), ...Object.values(this.staticAssets.pools)].map((p) => p!.poolId),
      emails: edge.alerts.emails,
      webhookIds: edge.alerts.webhookIds,
    });
    new TerraformOutput(this, "LiveColor", { value: live });
    new TerraformOutput(this, "IdleColorWarmMinutes", { value: edge.idleColorWarmMinutes });
  }

  /**
   * `<edge.static.hostname>.<zone>`: one proxied load balancer over a pool per cloud that has a static
   * origin, each checked on the health object its origin publishes, in `edge.cloudOrder`, and a cache
   * rule for the hostname. The origins are the S3 bucket's regional name (derived from the AWS storage
   * settings) and the Azure static website's host (from `edge.static.azureWebHost`); each pool sends
   * its origin's own name as `Host`, the only name a bucket or static website answers.
   */
  private staticCdn(env: Environment, zoneId: string) {
    const edge = env.edge as EdgeSettings;
    const hostname = staticHostnameOf(edge, env.production!.zoneName);
    const aws = env.aws!;
    const origins: Partial<Record<"aws" | "azure", string>> = {
      aws: bucketRegionalHostOf(staticBucketNameOf(aws.storage.bucketPrefix), aws.region),
      ...(edge.static.azureWebHost ? { azure: edge.static.azureWebHost } : {}),
    };
    // The failover order first, then any cloud it leaves out that has an origin: the S3 bucket exists
    // with every edge, so the CDN has a pool even where Azure comes first and has no web host yet.
    const clouds = [...new Set([...edge.cloudOrder, "aws" as const, "azure" as const])].filter(
      (cloud) => origins[cloud] !== undefined,
    );
    const pools: Partial<Record<"aws" | "azure", EdgePool>> = {};
    // One monitor for every static origin: each pool's origin sends its own Host override, which
    // CloudFlare uses for health checks too, ahead of the monitor's ("Override HTTP Host headers").
    const monitor = new EdgeMonitor(this, "StaticMonitor", {
      accountId: edge.accountId,
      hostname: origins.aws!,
      path: `/${EDGE_HEALTH_OBJECT_KEY}`,
      intervalSeconds: edge.monitor.intervalSeconds,
      timeoutSeconds: edge.monitor.timeoutSeconds,
      retries: edge.monitor.retries,
      description: `${env.name} static assets: /${EDGE_HEALTH_OBJECT_KEY}, Host from each origin`,
    });
    for (const cloud of clouds) {
      const origin = origins[cloud]!;
      pools[cloud] = new EdgePool(this, `StaticPool-${cloud}`, {
        accountId: edge.accountId,
        name: `${env.name}-static-${cloud}`,
        originAddress: origin,
        hostname: origin,
        monitorId: monitor.monitorId,
        description: `${env.name} static assets on ${cloud}`,
      });
    }
    const names = clouds.map((cloud) => `static-${cloud}`);
    const loadBalancer = new EdgeLoadBalancer(this, "StaticHostname", {
      zoneId,
      hostname,
      pools: Object.fromEntries(clouds.map((cloud, i) => [names[i], pools[cloud]!.poolId])),
      steering: { kind: "failover", order: names },
      fallbackPool: names[names.length - 1]!,
    });
    const cache = new EdgeStaticCache(this, "StaticCache", {
      zoneId,
      rules: [
        {
          hostname,
          ...(edge.static.edgeTtlSeconds
            ? { edgeTtl: { mode: "override_origin" as const, seconds: edge.static.edgeTtlSeconds } }
            : {}),
        },
      ],
    });
    return { loadBalancer, pools, cache };
  }
}
