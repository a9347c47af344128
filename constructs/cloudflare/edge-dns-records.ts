/**
 * The DNS records of an EdgeZone: their props, full names, keys and validation. Provider 5.x wants
 * full names (`static.platform.acme.example`, not `static` or `@`) and targets without the trailing dot;
 * anything else drifts between plans.
 */
import { isIPv4, isIPv6 } from "node:net";
import { Token } from "../core";
import type { Validator } from "../validation";
import { DNS_TTL_SECONDS, isHostname, isIntegerIn } from "./edge-limits";

/** Record types EdgeZone writes; only A, AAAA and CNAME can be proxied. */
export type EdgeDnsRecordType = "A" | "AAAA" | "CNAME" | "TXT";

const RECORD_TYPES: readonly EdgeDnsRecordType[] = ["A", "AAAA", "CNAME", "TXT"];
const PROXIABLE: readonly EdgeDnsRecordType[] = ["A", "AAAA", "CNAME"];

/** One DNS record of the zone. */
export interface EdgeDnsRecord {
  /**
   * Name relative to the zone (`static`, `_acme-challenge.api`), `@` for the apex, or the full name
   * (one that ends in the zone's name; any other name is taken as relative). EdgeZone writes the full
   * name: provider 5.x wants it, and a short name drifts back to the full one (provider issue #7289).
   */
  readonly name: string;
  readonly type: EdgeDnsRecordType;
  /** IPv4 (A), IPv6 (AAAA), a host name without the trailing dot (CNAME), or text (TXT); tokens allowed. */
  readonly content: string;
  /**
   * Orange-cloud the name (A, AAAA and CNAME only): CloudFlare answers with its own addresses and
   * proxies to `content`, applying the zone's TLS settings and cache rules.
   * @default false
   */
  readonly proxied?: boolean;
  /**
   * TTL in seconds: 1 is automatic (the only value for a proxied record), else 60 to 86400.
   * @default 1
   */
  readonly ttlSeconds?: number;
  /**
   * The record's identity in the construct tree (logical ID `Record-<key>`). Set it when two records
   * share a name and type (several TXT records on the apex); changing it recreates the record.
   * @default - "<type>-<name>", with `@` as `apex`, `*` as `wildcard` and dots as `-`
   */
  readonly key?: string;
  /**
   * A note on the record in the dashboard.
   * @default - none
   */
  readonly comment?: string;
}

/** What a literal `content` must look like, by type (TXT is free text). */
const CONTENT_FORMATS: Partial<
  Record<EdgeDnsRecordType, { test: (c: string) => boolean; allowed: string; hint: string }>
> = {
  A: {
    test: isIPv4,
    allowed: "an IPv4 address",
    hint: "use AAAA for an IPv6 address, CNAME for a host name",
  },
  AAAA: {
    test: isIPv6,
    allowed: "an IPv6 address",
    hint: "use A for an IPv4 address, CNAME for a host name",
  },
  CNAME: {
    test: isHostname,
    allowed: "a lower-case host name without the trailing dot",
    hint: "provider 5.x drifts on a trailing dot; write the target without it",
  },
};

/** A relative record name: labels of letters, digits, `-` and `_`, or `*` first. */
const RELATIVE_NAME =
  /^(\*|[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*$/;

/** The name relative to the zone (`@` for the apex); undefined for a name with a trailing dot. */
function relativeName(name: string, zoneName: string): string | undefined {
  if (name === "@" || name === zoneName) return "@";
  if (name.endsWith(`.${zoneName}`)) return name.slice(0, -(zoneName.length + 1));
  return name.endsWith(".") ? undefined : name;
}

/** The record's fully qualified name, as provider 5.x wants it. */
export function recordFullName(name: string, zoneName: string): string {
  const relative = relativeName(name, zoneName) ?? name;
  return relative === "@" ? zoneName : `${relative}.${zoneName}`;
}

/** `<type>-<relative name>`, with `@` as `apex`, `*` as `wildcard` and dots as `-`. */
export function recordKey(record: EdgeDnsRecord, zoneName: string): string {
  const relative = relativeName(record.name, zoneName) ?? record.name;
  const name = relative === "@" ? "apex" : relative.replace(/\*/g, "wildcard").replace(/\./g, "-");
  return `${record.type}-${name}`;
}

/** Checks every record (`records[<i>]...`) and that their keys are usable and distinct. */
export function checkDnsRecords(
  v: Validator,
  records: readonly EdgeDnsRecord[],
  keys: readonly string[],
  zoneName: string,
): void {
  records.forEach((record, i) => {
    checkRecord(v, record, `records[${i}]`, zoneName);
  });
  keys.forEach((key, i) => {
    v.check(
      /^[A-Za-z0-9_-]+$/.test(key),
      `records[${i}].key`,
      key,
      "letters, digits, - and _",
      "set key to e.g. TXT-apex-verification",
    ).check(
      keys.indexOf(key) === i,
      `records[${i}].key`,
      key,
      "a key no other record has",
      "two records share a name and type; give each a distinct key",
    );
  });
}

function checkRecord(v: Validator, record: EdgeDnsRecord, field: string, zoneName: string): void {
  const proxied = record.proxied ?? false;
  const ttl = record.ttlSeconds ?? DNS_TTL_SECONDS.automatic;
  const relative = relativeName(record.name, zoneName);
  const empty = record.content.trim() === "";
  v.check(
    relative !== undefined && (relative === "@" || RELATIVE_NAME.test(relative)),
    `${field}.name`,
    record.name,
    "@, a name relative to the zone, or a full name in the zone (lower case, no trailing dot)",
    `e.g. static for static.${zoneName}`,
  ).check(
    RECORD_TYPES.includes(record.type),
    `${field}.type`,
    record.type,
    RECORD_TYPES.join(", "),
    "EdgeZone writes address, alias and text records",
  );
  if (proxied) {
    v.check(
      !empty,
      `${field}.content`,
      record.content,
      "the origin a proxied record sends traffic to (no orphan proxied records)",
      "set the origin's address or host name, or remove the record",
    ).check(
      PROXIABLE.includes(record.type),
      `${field}.proxied`,
      proxied,
      `false for ${record.type}; only A, AAAA and CNAME records can be proxied`,
      "set proxied to false",
    );
  } else {
    v.check(
      !empty,
      `${field}.content`,
      record.content,
      "a non-empty value",
      "set the record's value, or remove the record",
    );
  }
  const format = CONTENT_FORMATS[record.type];
  if (format && !empty && !Token.isUnresolved(record.content)) {
    v.check(format.test(record.content), `${field}.content`, record.content, format.allowed, format.hint);
  }
  v.check(
    ttl === DNS_TTL_SECONDS.automatic || isIntegerIn(ttl, DNS_TTL_SECONDS),
    `${field}.ttlSeconds`,
    ttl,
    `1 (automatic) or an integer from ${DNS_TTL_SECONDS.min} to ${DNS_TTL_SECONDS.max}`,
    "leave it unset for automatic",
  ).check(
    !proxied || ttl === DNS_TTL_SECONDS.automatic,
    `${field}.ttlSeconds`,
    ttl,
    "1 (automatic) for a proxied record",
    "CloudFlare answers proxied names itself; remove ttlSeconds",
  );
}
