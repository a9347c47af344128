/**
 * CloudFlare limits and formats, next to the edge constructs that enforce them. The environment
 * schema can import them (as it does `constructs/aws/limits.ts`), so a bad `edge` section fails there
 * with its path; the constructs check the same values for any other caller.
 *
 * Sources: the CloudFlare provider 5.14.0 docs and schema (`docs/resources/<resource>.md`,
 * `internal/services/<resource>/schema.go`), the v4 provider's validators where v5 dropped them, and the
 * CloudFlare developer docs for plan-dependent minimums.
 */
import { isIP } from "node:net";
import { Token } from "../core";
import type { Validator } from "../validation";

/** Account, zone, pool and monitor ids: 32 lower-case hex digits. */
export const CLOUDFLARE_ID = /^[0-9a-f]{32}$/;

/**
 * Seconds between two health checks of a monitor. The API refuses values outside [60, 3600] on Pro
 * (provider issue #133: "interval is not in range [60, 3600]"); the minimum is 15 on Business and 10 on
 * Enterprise (developer docs, "Create monitor"). The constructs allow the Enterprise range and default
 * to 60, which every plan accepts.
 */
export const MONITOR_INTERVAL_SECONDS = { min: 10, max: 3600, default: 60 } as const;
/** Seconds before a check counts as failed (the v4 provider's range, 1 to 10; default 5). */
export const MONITOR_TIMEOUT_SECONDS = { min: 1, max: 10, default: 5 } as const;
/** Immediate retries after a timed-out check (0 to 5; default 2, the provider's default). */
export const MONITOR_RETRIES = { min: 0, max: 5, default: 2 } as const;

/** DNS record TTL: 1 means automatic (the only value a proxied record takes), else 60 to 86400 s. */
export const DNS_TTL_SECONDS = { automatic: 1, min: 60, max: 86400 } as const;

/**
 * Cache rule TTL overrides, in seconds. The minimum depends on the plan: 1 s on Business and
 * Enterprise, 1 hour on Pro, 2 hours on Free (developer docs, "Edge and Browser Cache TTL"); a partial
 * (CNAME) zone is Business or higher. The maximum is a year.
 */
export const CACHE_TTL_SECONDS = { min: 1, max: 31_536_000 } as const;

/** HSTS max-age a preload list accepts at least (hstspreload.org): one year. */
export const HSTS_PRELOAD_MIN_MAX_AGE_SECONDS = 31_536_000;

/** One DNS label: lower-case letters, digits and inner hyphens, at most 63 characters. */
const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
/** A fully qualified host name without the trailing dot, e.g. `api.platform.acme.example`. */
const HOSTNAME = new RegExp(`^(?=.{1,253}$)(?:${LABEL}\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$`);

/** True for a CloudFlare id or a token (an id from another resource). */
export function isCloudflareIdOrToken(value: string): boolean {
  return Token.isUnresolved(value) || CLOUDFLARE_ID.test(value);
}

/** True for a lower-case, fully qualified host name without the trailing dot. */
export function isHostname(value: string): boolean {
  return HOSTNAME.test(value);
}

/** True for a host name, an IPv4 or IPv6 address, or a token. */
export function isOriginAddress(value: string): boolean {
  return Token.isUnresolved(value) || isHostname(value) || isIP(value) !== 0;
}

/** True for an integer in [min, max]. */
export function isIntegerIn(value: number, range: { readonly min: number; readonly max: number }): boolean {
  return Number.isInteger(value) && value >= range.min && value <= range.max;
}

/** Checks an `accountId` field the way every edge construct reports it. */
export function checkAccountId(v: Validator, accountId: string): Validator {
  return v.check(
    isCloudflareIdOrToken(accountId),
    "accountId",
    accountId,
    "a CloudFlare account id (32 lower-case hex digits) or a token",
    "copy the id from the dashboard's account overview (edge.accountId)",
  );
}

/** Checks a `zoneId` field the way every edge construct reports it. */
export function checkZoneId(
  v: Validator,
  zoneId: string,
  hint = "copy the id from the zone's overview page (edge.zoneId)",
): Validator {
  return v.check(
    isCloudflareIdOrToken(zoneId),
    "zoneId",
    zoneId,
    "a CloudFlare zone id (32 lower-case hex digits) or a token",
    hint,
  );
}
