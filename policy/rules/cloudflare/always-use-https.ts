import type { Rule, RuleFixtures } from "../../types.js";
import { zoneSettingFixtures, zoneSettingRule } from "./ssl-strict.js";

/** CloudFlare redirects plain HTTP to HTTPS at the edge (off by default). */
const rule: Rule = zoneSettingRule({
  id: "PLAT-CF-003",
  severity: "MEDIUM",
  settingId: "always_use_https",
  accepted: ["on"],
  want: '"on"',
  description:
    'The cloudflare_zone_setting always_use_https is "on", and every zone with a cloudflare_load_balancer in the stack sets it.',
  fix: 'Set the zone\'s always_use_https setting to "on" (EdgeZone does).',
});
export default rule;

export const fixtures: RuleFixtures = zoneSettingFixtures("always_use_https", "on", "off");
