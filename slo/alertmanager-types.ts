/** Minimal typed shape of an Alertmanager 0.25 configuration file (only the fields generated). */

/** A node of the routing tree. */
export interface AlertmanagerRoute {
  readonly receiver: string;
  readonly matchers?: readonly string[];
  readonly group_by?: readonly string[];
  readonly group_wait?: string;
  readonly group_interval?: string;
  readonly repeat_interval?: string;
  readonly active_time_intervals?: readonly string[];
  readonly routes?: readonly AlertmanagerRoute[];
}

/** PagerDuty Events API v2 receiver; the routing key is read from a file, never inlined. */
export interface PagerdutyConfig {
  readonly routing_key_file: string;
  readonly send_resolved: boolean;
}

/** Slack incoming-webhook receiver; the webhook URL is read from a file. */
export interface SlackConfig {
  readonly api_url_file: string;
  readonly channel: string;
  readonly send_resolved: boolean;
  readonly title?: string;
  readonly text?: string;
}

/** SMTP receiver; the password (if any) is read from a file. */
export interface EmailConfig {
  readonly to: string;
  readonly from: string;
  readonly smarthost: string;
  readonly auth_username?: string;
  readonly auth_password_file?: string;
  readonly require_tls: boolean;
  readonly send_resolved: boolean;
}

/** A named receiver. */
export interface AlertmanagerReceiver {
  readonly name: string;
  readonly pagerduty_configs?: readonly PagerdutyConfig[];
  readonly slack_configs?: readonly SlackConfig[];
  readonly email_configs?: readonly EmailConfig[];
}

/** One time range of a time interval (`location` is an IANA timezone). */
export interface TimeRange {
  readonly weekdays?: readonly string[];
  readonly times?: readonly { readonly start_time: string; readonly end_time: string }[];
  readonly location?: string;
}

/** A named time interval (top-level `time_intervals`, Alertmanager >= 0.24). */
export interface TimeInterval {
  readonly name: string;
  readonly time_intervals: readonly TimeRange[];
}

/** Mutes `target` alerts while a `source` alert with the same `equal` labels fires. */
export interface InhibitRule {
  readonly source_matchers: readonly string[];
  readonly target_matchers: readonly string[];
  readonly equal: readonly string[];
}

/** The Alertmanager configuration file. */
export interface AlertmanagerConfig {
  readonly global: { readonly resolve_timeout: string };
  readonly route: AlertmanagerRoute;
  readonly receivers: readonly AlertmanagerReceiver[];
  readonly inhibit_rules: readonly InhibitRule[];
  readonly time_intervals: readonly TimeInterval[];
}
