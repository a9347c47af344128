/**
 * Checks shared by the Azure data-store constructs (PostgreSQL flexible server, Managed Redis). Each
 * records into a {@link Validator}. Values that are tokens (references resolved at apply time, such as
 * a subnet id or `data.azurerm_client_config.tenant_id`) pass the format checks: only literals are
 * checked.
 */
import { Token } from "../core";
import type { Validator } from "../validation";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a value cdktf resolves later (a reference to another resource or a data source). */
export function isToken(value: unknown): boolean {
  return typeof value === "string" && Token.isUnresolved(value);
}

/** A literal Entra tenant or object id (a UUID), or a token. */
export function checkUuid(v: Validator, field: string, value: string, hint: string): void {
  v.check(isToken(value) || UUID.test(value), field, value, "a UUID (or a reference)", hint);
}

/** A non-empty string: an Azure resource id handed over by the network. */
export function checkResourceId(v: Validator, field: string, value: string, suffix?: string): void {
  const ok =
    isToken(value) ||
    (value.startsWith("/subscriptions/") &&
      (suffix === undefined || value.toLowerCase().endsWith(suffix.toLowerCase())));
  v.check(
    ok,
    field,
    value,
    `an Azure resource id${suffix === undefined ? "" : ` ending in ${suffix}`} (or a reference)`,
    "pass the id the network construct exposes",
  );
}

/**
 * A globally unique Azure service name that becomes a DNS label: lower-case letters, digits and single
 * dashes, starting and ending with a letter or digit, `min..max` characters.
 */
export function checkServiceName(v: Validator, value: string, min: number, max: number): void {
  v.check(
    /^[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/.test(value) && value.length >= min && value.length <= max,
    "name",
    value,
    `${min}..${max} lower-case letters, digits and single dashes, starting and ending with a letter or digit`,
    "it becomes a public DNS label, so it must be unique across Azure: prefix the organisation, e.g. acme-prod-pg",
  );
}

/** Day numbers as Azure counts them in maintenance windows: Sunday is 0. */
export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

/** A weekly UTC start time `ddd:hh:mm`, parsed; undefined when malformed. */
export function parseWeeklyStart(
  value: string,
): { dayOfWeek: number; startHour: number; startMinute: number } | undefined {
  const match = /^(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!match) return undefined;
  return {
    dayOfWeek: WEEKDAYS.indexOf(match[1] as (typeof WEEKDAYS)[number]),
    startHour: Number(match[2]),
    startMinute: Number(match[3]),
  };
}
