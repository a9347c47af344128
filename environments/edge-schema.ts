/**
 * The `edge` section of a production environment: the CloudFlare account and zone in front of both
 * clouds, and how traffic is steered among the pools (one per cloud and color). The live color is
 * `production.liveColor`; a switch or a rollback changes it (or `split`) and applies the edge stack
 * alone.
 */
import { z } from "zod";

const hex32 = z.string().regex(/^[0-9a-f]{32}$/, "must be a CloudFlare id: 32 lower-case hex digits");

export const EdgeSchema = z.strictObject({
  accountId: hex32,
  /** The zone (`production.zoneName`), set up as a partial (CNAME) zone: Route 53 stays authoritative. */
  zoneId: hex32,
  /** The zone's `verification_key`: the foundation publishes it as TXT `cloudflare-verify.<zone>`. */
  verificationKey: z.string().min(1),
  /**
   * Whether the foundation's public names point at CloudFlare (`<name>.cdn.cloudflare.net`). Set it
   * only once the partial zone is active and its edge certificate is issued, and `<name>-edge` is
   * applied; until then the names keep pointing at the live color in Route 53.
   */
  cutover: z.boolean(),
  /** Failover order of the clouds: the live color's pool in the first cloud gets the traffic. */
  cloudOrder: z.array(z.enum(["aws", "azure"])).min(1),
  /**
   * During a switch: percent of traffic per color of the first cloud, summing to 100 (e.g. 90/10).
   * @default - none: all traffic to the live color
   */
  split: z
    .strictObject({ blue: z.number().int().min(0).max(100), green: z.number().int().min(0).max(100) })
    .optional(),
  /** Health checks of every pool, against each color's gateway. */
  monitor: z.strictObject({
    path: z.string().regex(/^\/[A-Za-z0-9/_.-]*$/, "must be a path such as /ready"),
    intervalSeconds: z.number().int().min(10).max(3600),
    timeoutSeconds: z.number().int().min(1).max(10),
    retries: z.number().int().min(0).max(5),
  }),
  /**
   * How long the idle color stays warm after a switch, for a rollback; nothing removes it
   * automatically (the runbook does, after this long).
   */
  idleColorWarmMinutes: z.number().int().min(0).max(10080),
  /**
   * Who hears of a pool's health change (a failover needs no apply, so this is how operators learn
   * of one): email addresses and ids of the account's notification webhooks, at least one in all.
   */
  alerts: z.strictObject({
    /** @default [] */
    emails: z.array(z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "must be an email address")).optional(),
    /** @default [] */
    webhookIds: z
      .array(
        z
          .string()
          .regex(
            /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
            "must be a notification webhook id (a lower-case UUID)",
          ),
      )
      .optional(),
  }),
  /**
   * The static-assets CDN at `<hostname>.<zone>`: CloudFlare caches it from the foundation's S3 bucket
   * (`<bucketPrefix>-static`), failing over to the Azure static website once `azureWebHost` is set.
   */
  static: z.strictObject({
    /** The label under the zone, e.g. `static`; not a color's name, the live hostname or a service host. */
    hostname: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "must be one DNS label, e.g. static"),
    /**
     * Seconds CloudFlare keeps a response, whatever the origin's `Cache-Control` says.
     * @default - the origin's `Cache-Control` decides (the build sets it per file)
     */
    // CACHE_TTL_SECONDS of constructs/cloudflare/edge-limits.ts, which imports cdktf (a test pins them equal).
    edgeTtlSeconds: z.number().int().min(1).max(31_536_000).optional(),
    /**
     * The Azure static website's storage account: 3 to 24 lower-case letters and digits, unique
     * across all of Azure (set it when the derived name is taken).
     * @default - `<letters and digits of the environment's name>staticweb`, e.g. `prodstaticweb`
     */
    azureAccountName: z
      .string()
      .regex(/^[a-z0-9]{3,24}$/, "must be 3 to 24 lower-case letters and digits (a storage account name)")
      .optional(),
    /**
     * The Azure static website's host (`<account>.z<N>.web.core.windows.net`, the `StaticWebHost`
     * output of `<name>-azure`): Azure assigns the `z<N>` part at creation, so the edge learns it from
     * here, never from Azure's API. Unset, the CDN has the S3 origin alone.
     * @default - no Azure origin
     */
    azureWebHost: z
      .string()
      .regex(
        /^[a-z0-9]{3,24}\.z[0-9]{1,3}\.web\.core\.windows\.net$/,
        "must be a static website host: <account>.z<N>.web.core.windows.net",
      )
      .optional(),
  }),
});

export type EdgeSettings = z.infer<typeof EdgeSchema>;

/** The static-assets CDN's public name: `<edge.static.hostname>.<production.zoneName>`. */
export function staticHostnameOf(edge: EdgeSettings, zoneName: string): string {
  return `${edge.static.hostname}.${zoneName}`;
}
