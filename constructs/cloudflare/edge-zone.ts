import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import { Zone } from "@cdktf/provider-cloudflare/lib/zone";
import { ZoneSetting } from "@cdktf/provider-cloudflare/lib/zone-setting";
import { Construct, importExisting } from "../core";
import { Validator } from "../validation";
import { checkDnsRecords, type EdgeDnsRecord, recordFullName, recordKey } from "./edge-dns-records";
import {
  checkAccountId,
  checkZoneId,
  DNS_TTL_SECONDS,
  HSTS_PRELOAD_MIN_MAX_AGE_SECONDS,
  isHostname,
} from "./edge-limits";

export type { EdgeDnsRecord, EdgeDnsRecordType } from "./edge-dns-records";

/** HTTP Strict Transport Security, sent by CloudFlare for every proxied hostname of the zone. */
export interface EdgeHsts {
  /**
   * How long browsers keep to HTTPS, in seconds.
   * @default 31536000 (a year)
   */
  readonly maxAgeSeconds?: number;
  /**
   * Apply to every subdomain of the zone, proxied or not.
   * @default true
   */
  readonly includeSubdomains?: boolean;
  /**
   * Ask to be preloaded into browsers (hard to undo; needs a year's max-age and subdomains).
   * @default false
   */
  readonly preload?: boolean;
  /**
   * Send `X-Content-Type-Options: nosniff` as well.
   * @default true
   */
  readonly nosniff?: boolean;
}

export interface EdgeZoneProps {
  /** Account that owns the zone (32 hex digits). */
  readonly accountId: string;
  /** Id of the existing zone (32 hex digits): the zone is added by hand once and imported from it. */
  readonly zoneId: string;
  /** The zone's domain, e.g. `platform.acme.example`. */
  readonly zoneName: string;
  /**
   * `partial` for a CNAME setup (another DNS provider stays authoritative and points names at
   * `<name>.cdn.cloudflare.net`), `full` when CloudFlare hosts the DNS. A change replaces the zone,
   * which `prevent_destroy` refuses.
   */
  readonly zoneType: "full" | "partial";
  /**
   * Lowest TLS version clients may use.
   * @default "1.2"
   */
  readonly minTlsVersion?: "1.2" | "1.3";
  /** @default - enabled, max-age a year, subdomains, nosniff, no preload */
  readonly hsts?: EdgeHsts;
  /**
   * DNS records kept in the zone (a partial zone still needs the proxied names' records, which tell
   * CloudFlare where their origin is). Load balancer hostnames need none: the load balancer is the
   * record.
   * @default []
   */
  readonly records?: readonly EdgeDnsRecord[];
}

/** The zone settings EdgeZone manages, by logical ID. */
export const EDGE_ZONE_SETTINGS = {
  Ssl: "ssl",
  AlwaysUseHttps: "always_use_https",
  MinTlsVersion: "min_tls_version",
  Tls13: "tls_1_3",
  AutomaticHttpsRewrites: "automatic_https_rewrites",
  SecurityHeader: "security_header",
} as const;

/**
 * A CloudFlare zone (`cloudflare_zone`) and its edge settings: TLS to the origin in strict mode
 * (certificate validated), HTTPS only (`always_use_https`, `automatic_https_rewrites`), TLS 1.2 or newer
 * with TLS 1.3 on, and HSTS through the `security_header` setting; plus the zone's DNS records.
 *
 * The zone is created by hand once (adding a domain is an account and registrar step) and adopted with
 * an `import` block from `zoneId`, so the first apply takes it over rather than creating one; from then
 * on the import is a no-op. It is stateful (its records, settings and certificates) and carries
 * `lifecycle.prevent_destroy`, which PLAT-DATA-001 requires and the plan guard backs. Settings and records
 * use `zoneId` itself, so a load balancer given the same id is in the same zone for the policy rules.
 */
export class EdgeZone extends Construct {
  public readonly zone: Zone;
  public readonly zoneId: string;
  public readonly zoneName: string;
  public readonly minTlsVersion: "1.2" | "1.3";
  /** HSTS as written (defaults resolved). */
  public readonly hsts: Required<EdgeHsts>;
  /** The settings by `setting_id`. */
  public readonly settings: Readonly<Record<string, ZoneSetting>>;
  /** The records by key (`Record-<key>` is the logical ID). */
  public readonly records: Readonly<Record<string, DnsRecord>>;

  constructor(scope: Construct, id: string, props: EdgeZoneProps) {
    super(scope, id);
    this.zoneId = props.zoneId;
    this.zoneName = props.zoneName;
    this.minTlsVersion = props.minTlsVersion ?? "1.2";
    this.hsts = {
      maxAgeSeconds: props.hsts?.maxAgeSeconds ?? 31_536_000,
      includeSubdomains: props.hsts?.includeSubdomains ?? true,
      preload: props.hsts?.preload ?? false,
      nosniff: props.hsts?.nosniff ?? true,
    };
    const records = props.records ?? [];
    const keys = records.map((r) => r.key ?? recordKey(r, this.zoneName));
    this.validate(props, records, keys);

    this.zone = new Zone(this, "Zone", {
      account: { id: props.accountId },
      name: this.zoneName,
      type: props.zoneType,
      paused: false,
      lifecycle: { preventDestroy: true },
    });
    importExisting(this.zone, this.zoneId);

    const values: Record<keyof typeof EDGE_ZONE_SETTINGS, unknown> = {
      Ssl: "strict",
      AlwaysUseHttps: "on",
      MinTlsVersion: this.minTlsVersion,
      Tls13: "on",
      AutomaticHttpsRewrites: "on",
      SecurityHeader: {
        strict_transport_security: {
          enabled: true,
          max_age: this.hsts.maxAgeSeconds,
          include_subdomains: this.hsts.includeSubdomains,
          preload: this.hsts.preload,
          nosniff: this.hsts.nosniff,
        },
      },
    };
    const settings: Record<string, ZoneSetting> = {};
    for (const [logicalId, settingId] of Object.entries(EDGE_ZONE_SETTINGS)) {
      settings[settingId] = new ZoneSetting(this, logicalId, {
        zoneId: this.zoneId,
        settingId,
        // `value` is dynamic in the provider (a string, number or object by setting); the binding types
        // it as a map but passes strings through unchanged.
        value: values[logicalId as keyof typeof EDGE_ZONE_SETTINGS] as Record<string, unknown>,
      });
    }
    this.settings = settings;

    const made: Record<string, DnsRecord> = {};
    records.forEach((record, i) => {
      const proxied = record.proxied ?? false;
      made[keys[i]!] = new DnsRecord(this, `Record-${keys[i]}`, {
        zoneId: this.zoneId,
        name: recordFullName(record.name, this.zoneName),
        type: record.type,
        content: record.content,
        proxied,
        ttl: record.ttlSeconds ?? DNS_TTL_SECONDS.automatic,
        comment: record.comment,
      });
    });
    this.records = made;
  }

  private validate(props: EdgeZoneProps, records: readonly EdgeDnsRecord[], keys: readonly string[]): void {
    const v = new Validator(`EdgeZone ${this.node.path}`);
    checkZoneId(
      checkAccountId(v, props.accountId),
      props.zoneId,
      "add the zone in the dashboard once and copy its id (edge.zoneId)",
    )

      .check(
        isHostname(this.zoneName),
        "zoneName",
        this.zoneName,
        "a lower-case domain without the trailing dot",
        "pass the zone's domain, e.g. platform.acme.example",
      )
      .check(
        props.zoneType === "full" || props.zoneType === "partial",
        "zoneType",
        props.zoneType,
        '"full" or "partial"',
        "partial when another DNS provider (Route 53) stays authoritative",
      )
      .check(
        this.minTlsVersion === "1.2" || this.minTlsVersion === "1.3",
        "minTlsVersion",
        this.minTlsVersion,
        '"1.2" or "1.3"',
        "TLS 1.0 and 1.1 are deprecated (RFC 8996)",
      );
    const hsts = this.hsts;
    v.check(
      Number.isInteger(hsts.maxAgeSeconds) && hsts.maxAgeSeconds >= 1,
      "hsts.maxAgeSeconds",
      hsts.maxAgeSeconds,
      "an integer >= 1",
      "31536000 (a year) is the usual value",
    ).check(
      !hsts.preload || (hsts.maxAgeSeconds >= HSTS_PRELOAD_MIN_MAX_AGE_SECONDS && hsts.includeSubdomains),
      "hsts.preload",
      hsts.preload,
      `false, or true with maxAgeSeconds >= ${HSTS_PRELOAD_MIN_MAX_AGE_SECONDS} and includeSubdomains`,
      "the preload list requires both; leave preload off unless the whole domain is HTTPS for good",
    );
    checkDnsRecords(v, records, keys, this.zoneName);
    v.throwIfAny();
  }
}
