/**
 * Typed Alertmanager configuration accepted by {@link Monitoring}, and its rendering into the
 * kube-prometheus-stack `alertmanager.config` value. The shape is a superset of the SLO compiler's
 * `slo/alertmanager-types.ts`, so a compiled config can be passed as is.
 */

/** A node of the routing tree. */
export interface AlertmanagerRoute {
  readonly receiver?: string;
  readonly group_by?: readonly string[];
  readonly group_wait?: string;
  readonly group_interval?: string;
  readonly repeat_interval?: string;
  /** Matchers such as `severity="critical"`. */
  readonly matchers?: readonly string[];
  /** Names of `time_intervals` during which the route is active. */
  readonly active_time_intervals?: readonly string[];
  readonly mute_time_intervals?: readonly string[];
  /** Keep evaluating sibling routes after this one matched. */
  readonly continue?: boolean;
  readonly routes?: readonly AlertmanagerRoute[];
}

/** PagerDuty Events API v2; the routing key is read from a mounted file. */
export interface PagerdutyConfig {
  readonly routing_key_file: string;
  readonly send_resolved?: boolean;
  readonly severity?: string;
}

/** Slack incoming webhook; the webhook URL is read from a mounted file. */
export interface SlackConfig {
  readonly api_url_file: string;
  readonly channel: string;
  readonly send_resolved?: boolean;
  readonly title?: string;
  readonly text?: string;
}

/** SMTP; the password, if any, is read from a mounted file. */
export interface EmailConfig {
  readonly to: string;
  readonly from?: string;
  readonly smarthost?: string;
  readonly auth_username?: string;
  readonly auth_password_file?: string;
  readonly require_tls?: boolean;
  readonly send_resolved?: boolean;
}

export interface AlertmanagerReceiver {
  readonly name: string;
  readonly pagerduty_configs?: readonly PagerdutyConfig[];
  readonly slack_configs?: readonly SlackConfig[];
  readonly email_configs?: readonly EmailConfig[];
}

export interface InhibitRule {
  readonly source_matchers?: readonly string[];
  readonly target_matchers?: readonly string[];
  readonly equal?: readonly string[];
}

export interface TimeRange {
  readonly weekdays?: readonly string[];
  readonly times?: readonly { readonly start_time: string; readonly end_time: string }[];
  readonly days_of_month?: readonly string[];
  readonly months?: readonly string[];
  readonly years?: readonly string[];
  /** IANA time zone, e.g. `Europe/Dublin`. */
  readonly location?: string;
}

export interface TimeInterval {
  readonly name: string;
  readonly time_intervals: readonly TimeRange[];
}

export interface AlertmanagerGlobal {
  readonly resolve_timeout?: string;
  readonly smtp_from?: string;
  readonly smtp_smarthost?: string;
  readonly smtp_require_tls?: boolean;
  readonly slack_api_url_file?: string;
  readonly pagerduty_url?: string;
}

/** The Alertmanager configuration file. */
export interface AlertmanagerConfig {
  readonly global?: AlertmanagerGlobal;
  readonly route: AlertmanagerRoute;
  readonly receivers: readonly AlertmanagerReceiver[];
  readonly inhibit_rules?: readonly InhibitRule[];
  readonly time_intervals?: readonly TimeInterval[];
}

/** Used when no config is given: everything goes to a receiver that sends nowhere. */
export const DEFAULT_ALERTMANAGER_CONFIG: AlertmanagerConfig = {
  global: { resolve_timeout: "5m" },
  route: {
    receiver: "null",
    group_by: ["namespace"],
    group_wait: "30s",
    group_interval: "5m",
    repeat_interval: "12h",
  },
  receivers: [{ name: "null" }],
};

/** Where the operator mounts `alertmanagerSpec.secrets`. */
export const ALERTMANAGER_SECRETS_DIR = "/etc/alertmanager/secrets";

/**
 * The value rendered into `alertmanager.config`. Helm deep-merges maps with the chart's default
 * config (whose root route sends `Watchdog` to a `null` receiver), so every root-route key the chart
 * defaults is set here — to the given value, or to `null`, which makes Helm drop the default — and
 * the lists are always present. What Alertmanager loads is exactly what was typed.
 */
export interface RenderedAlertmanagerConfig {
  readonly global: AlertmanagerGlobal;
  readonly route: Omit<
    AlertmanagerRoute,
    "group_by" | "group_wait" | "group_interval" | "repeat_interval"
  > & {
    readonly group_by: readonly string[] | null;
    readonly group_wait: string | null;
    readonly group_interval: string | null;
    readonly repeat_interval: string | null;
    readonly routes: readonly AlertmanagerRoute[];
  };
  readonly receivers: readonly AlertmanagerReceiver[];
  readonly inhibit_rules: readonly InhibitRule[];
  readonly time_intervals: readonly TimeInterval[];
  readonly templates: readonly string[];
}

export function renderAlertmanagerConfig(config: AlertmanagerConfig): RenderedAlertmanagerConfig {
  return {
    global: config.global ?? {},
    route: {
      ...config.route,
      group_by: config.route.group_by ?? null,
      group_wait: config.route.group_wait ?? null,
      group_interval: config.route.group_interval ?? null,
      repeat_interval: config.route.repeat_interval ?? null,
      routes: config.route.routes ?? [],
    },
    receivers: config.receivers,
    inhibit_rules: config.inhibit_rules ?? [],
    time_intervals: config.time_intervals ?? [],
    templates: ["/etc/alertmanager/config/*.tmpl"],
  };
}

function walk(route: AlertmanagerRoute, visit: (r: AlertmanagerRoute) => void): void {
  visit(route);
  for (const child of route.routes ?? []) walk(child, visit);
}

/** Receiver names used by the routing tree that no receiver defines. */
export function undefinedReceivers(config: AlertmanagerConfig): string[] {
  const defined = new Set(config.receivers.map((r) => r.name));
  const missing: string[] = [];
  walk(config.route, (r) => {
    if (r.receiver !== undefined && !defined.has(r.receiver)) missing.push(r.receiver);
  });
  return [...new Set(missing)];
}

/** Time interval names used by routes that `time_intervals` does not define. */
export function undefinedTimeIntervals(config: AlertmanagerConfig): string[] {
  const defined = new Set((config.time_intervals ?? []).map((t) => t.name));
  const missing: string[] = [];
  walk(config.route, (r) => {
    for (const name of [...(r.active_time_intervals ?? []), ...(r.mute_time_intervals ?? [])]) {
      if (!defined.has(name)) missing.push(name);
    }
  });
  return [...new Set(missing)];
}

/** Every `*_file` path the config reads. */
export function secretFiles(config: AlertmanagerConfig): string[] {
  const files = config.receivers.flatMap((r) => [
    ...(r.pagerduty_configs ?? []).map((c) => c.routing_key_file),
    ...(r.slack_configs ?? []).map((c) => c.api_url_file),
    ...(r.email_configs ?? []).flatMap((c) => (c.auth_password_file ? [c.auth_password_file] : [])),
  ]);
  return config.global?.slack_api_url_file ? [...files, config.global.slack_api_url_file] : files;
}

/** Files that are not inside one of the mounted secrets (`/etc/alertmanager/secrets/<secret>/`). */
export function unmountedSecretFiles(config: AlertmanagerConfig, secrets: readonly string[]): string[] {
  return secretFiles(config).filter(
    (f) => !secrets.some((s) => f.startsWith(`${ALERTMANAGER_SECRETS_DIR}/${s}/`)),
  );
}
