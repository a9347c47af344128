/**
 * The Alertmanager configuration for SLO alerts:
 * - `critical` pages PagerDuty at once (routing key from a mounted file, `routing_key_file`);
 * - `warning` goes to Slack only during business hours (`time_intervals` + `active_time_intervals`);
 * - `info`, and anything unrouted, goes to a daily e-mail digest;
 * - kube-prometheus-stack's always-firing `Watchdog` and `InfoInhibitor` go to a receiver that sends
 *   nothing (`heartbeat`; point it at a dead man's switch service where there is one), never to the
 *   digest;
 * - a firing SLO `critical` mutes the SLO `warning` of the same `slo` and `service`. Both sides must
 *   carry an `slo` label: a missing label compares equal, so a bare `severity="critical"` source would
 *   let any non-SLO critical mute every unrelated warning.
 */
import {
  ALERTMANAGER_SECRET_KEYS,
  type AlertmanagerOptions,
  type ResolvedAlertmanagerOptions,
  resolveAlertmanagerOptions,
} from "./alertmanager-options.js";
import type { AlertmanagerConfig, AlertmanagerReceiver, EmailConfig } from "./alertmanager-types.js";
import { SERVICE_LABEL, SLO_LABEL } from "./naming.js";

/** Receiver names, stable so that `amtool config routes test` output can be asserted. */
export const RECEIVERS = {
  critical: "pagerduty-critical",
  warning: "slack-business-hours",
  info: "email-digest",
  heartbeat: "heartbeat",
} as const;

/** Alerts kube-prometheus-stack fires all the time on purpose. */
export const ALWAYS_FIRING_ALERTS = ["Watchdog", "InfoInhibitor"] as const;

/** Name of the business-hours time interval. */
export const BUSINESS_HOURS_INTERVAL = "business-hours";

/** `severity="critical"` style matcher. */
function matcher(name: string, value: string): string {
  return `${name}=${JSON.stringify(value)}`;
}

function emailConfig(o: ResolvedAlertmanagerOptions): EmailConfig {
  const auth = o.email.authUsername
    ? {
        auth_username: o.email.authUsername,
        auth_password_file:
          o.email.authPasswordFile ?? `${o.secretsDir}/${ALERTMANAGER_SECRET_KEYS.smtpPassword}`,
      }
    : {};
  return {
    to: o.email.to,
    from: o.email.from,
    smarthost: o.email.smarthost,
    ...auth,
    require_tls: o.email.requireTls,
    send_resolved: false,
  };
}

function receivers(o: ResolvedAlertmanagerOptions): readonly AlertmanagerReceiver[] {
  return [
    {
      name: RECEIVERS.critical,
      pagerduty_configs: [
        {
          routing_key_file:
            o.pagerduty.routingKeyFile ?? `${o.secretsDir}/${ALERTMANAGER_SECRET_KEYS.pagerdutyRoutingKey}`,
          send_resolved: true,
        },
      ],
    },
    {
      name: RECEIVERS.warning,
      slack_configs: [
        {
          api_url_file: o.slack.apiUrlFile ?? `${o.secretsDir}/${ALERTMANAGER_SECRET_KEYS.slackWebhookUrl}`,
          channel: o.slack.channel,
          send_resolved: true,
          title: "{{ .Status | toUpper }}: {{ .CommonLabels.service }} {{ .CommonLabels.slo }}",
          text: "{{ range .Alerts }}{{ .Annotations.summary }}\n{{ .Annotations.runbook_url }}\n{{ end }}",
        },
      ],
    },
    { name: RECEIVERS.info, email_configs: [emailConfig(o)] },
    { name: RECEIVERS.heartbeat },
  ];
}

/**
 * Compiles the Alertmanager configuration.
 * @param options - timezone (default Europe/Berlin), business hours (default monday:friday
 *   09:00-17:00), secret file paths (default under /etc/alertmanager/secrets/slo-alerting), Slack
 *   channel, SMTP
 * @throws SloSpecError when an option is invalid (e.g. an unknown timezone)
 */
export function compileAlertmanagerConfig(options: AlertmanagerOptions = {}): AlertmanagerConfig {
  const o = resolveAlertmanagerOptions(options);
  const groupBy = ["alertname", SERVICE_LABEL, SLO_LABEL];
  return {
    global: { resolve_timeout: "5m" },
    route: {
      receiver: RECEIVERS.info,
      group_by: groupBy,
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "4h",
      routes: [
        {
          receiver: RECEIVERS.heartbeat,
          matchers: [`alertname=~"${ALWAYS_FIRING_ALERTS.join("|")}"`],
          repeat_interval: "24h",
        },
        {
          receiver: RECEIVERS.critical,
          matchers: [matcher("severity", "critical")],
          group_wait: "0s",
          group_interval: "1m",
          repeat_interval: "1h",
        },
        {
          receiver: RECEIVERS.warning,
          matchers: [matcher("severity", "warning")],
          active_time_intervals: [BUSINESS_HOURS_INTERVAL],
          repeat_interval: "4h",
        },
        {
          receiver: RECEIVERS.info,
          matchers: [matcher("severity", "info")],
          group_by: [SERVICE_LABEL],
          group_wait: "5m",
          group_interval: "24h",
          repeat_interval: "24h",
        },
      ],
    },
    receivers: receivers(o),
    inhibit_rules: [
      {
        source_matchers: [matcher("severity", "critical"), `${SLO_LABEL}=~".+"`],
        target_matchers: [matcher("severity", "warning"), `${SLO_LABEL}=~".+"`],
        equal: [SLO_LABEL, SERVICE_LABEL],
      },
    ],
    time_intervals: [
      {
        name: BUSINESS_HOURS_INTERVAL,
        time_intervals: [
          {
            weekdays: [o.businessHours.weekdays],
            times: [{ start_time: o.businessHours.start, end_time: o.businessHours.end }],
            location: o.timezone,
          },
        ],
      },
    ],
  };
}
