import type { Rule, RuleFixtures } from "../../types.js";
import { zoneSettingFixtures, zoneSettingRule } from "./ssl-strict.js";

/** Clients cannot negotiate TLS 1.0 or 1.1 at the edge (CloudFlare's default minimum is 1.0). */
const rule: Rule = zoneSettingRule({
  id: "PLAT-CF-002",
  severity: "MEDIUM",
  settingId: "min_tls_version",
  accepted: ["1.2", "1.3"],
  want: '"1.2" or "1.3"',
  description:
    'The cloudflare_zone_setting min_tls_version is "1.2" or "1.3", and every zone with a cloudflare_load_balancer in the stack sets it.',
  fix: 'Set the zone\'s min_tls_version setting to "1.2" (EdgeZone does).',
});
export default rule;

export const fixtures: RuleFixtures = zoneSettingFixtures("min_tls_version", "1.2", "1.0");
