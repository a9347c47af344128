import { stackOf } from "../../lib/fixture.js";
import { expected } from "../../lib/messages.js";
import { isReference, show } from "../../lib/values.js";
import type { JsonObject, Rule, RuleFixtures, Severity } from "../../types.js";

/** What a zone-setting rule requires: one `setting_id`, its accepted values and their wording. */
export interface ZoneSettingRequirement {
  readonly id: string;
  readonly severity: Severity;
  /** `setting_id` of the `cloudflare_zone_setting`. */
  readonly settingId: string;
  /** Values that comply. */
  readonly accepted: readonly string[];
  /** The accepted values in words, for messages (`"strict"`). */
  readonly want: string;
  readonly description: string;
  readonly fix: string;
}

/**
 * A rule over one CloudFlare zone setting, used by PLAT-CF-001..003 (shared from here because every
 * file of this folder is a rule): a `cloudflare_zone_setting` with that `setting_id` must hold an
 * accepted value (a reference is unknown at synth time and passes), and every zone that has a
 * `cloudflare_load_balancer` in the stack must have the setting, matched by the literal `zone_id`
 * (CloudFlare's default for an unset setting is the weak one).
 */
export function zoneSettingRule(req: ZoneSettingRequirement): Rule {
  return {
    id: req.id,
    severity: req.severity,
    resourceTypes: ["cloudflare_zone_setting", "cloudflare_load_balancer"],
    description: req.description,
    fix: req.fix,
    check: ({ type, values }, _ctx, stack) => {
      if (type === "cloudflare_zone_setting") {
        if (values.setting_id !== req.settingId || isReference(values.value)) return [];
        return req.accepted.includes(values.value as string)
          ? []
          : [expected(`${req.settingId} value`, values.value, req.want)];
      }
      const zoneId = values.zone_id;
      const found = stack
        .ofType("cloudflare_zone_setting")
        .some((s) => s.values.setting_id === req.settingId && s.values.zone_id === zoneId);
      return found
        ? []
        : [
            `no cloudflare_zone_setting ${req.settingId} for zone_id ${show(zoneId)} of this load balancer; ` +
              `expected one with value ${req.want}`,
          ];
    },
  };
}

/** Fixtures for a zone-setting rule: a compliant zone, and a weak value plus a zone that lacks it. */
export function zoneSettingFixtures(settingId: string, good: unknown, bad: unknown): RuleFixtures {
  const setting = (zone: string, value: unknown): JsonObject => ({
    zone_id: zone,
    setting_id: settingId,
    value,
  });
  const lb = (zone: string): JsonObject => ({
    zone_id: zone,
    name: "api.acme.example",
    default_pools: ["p"],
    fallback_pool: "p",
    proxied: true,
  });
  const zone = "00112233445566778899aabbccddeeff";
  const other = "ffeeddccbbaa99887766554433221100";
  return {
    pass: stackOf({
      cloudflare_zone_setting: {
        s: setting(zone, good),
        other: { zone_id: zone, setting_id: "tls_1_3", value: "on" },
      },
      cloudflare_load_balancer: { api: lb(zone) },
    }),
    fail: stackOf({
      cloudflare_zone_setting: { s: setting(zone, bad) },
      cloudflare_load_balancer: { api: lb(zone), elsewhere: lb(other) },
    }),
    attribute: settingId,
  };
}

/**
 * CloudFlare validates the origin's certificate: "full" encrypts without checking it and "flexible"
 * speaks plain HTTP to the origin.
 */
const rule: Rule = zoneSettingRule({
  id: "PLAT-CF-001",
  severity: "HIGH",
  settingId: "ssl",
  accepted: ["strict"],
  want: '"strict"',
  description:
    'The cloudflare_zone_setting ssl is "strict" (origin certificate validated), and every zone with a cloudflare_load_balancer in the stack sets it.',
  fix: 'Set the zone\'s ssl setting to "strict" (EdgeZone does) and give the origin a certificate for the public hostname.',
});
export default rule;

export const fixtures: RuleFixtures = zoneSettingFixtures("ssl", "strict", "full");
