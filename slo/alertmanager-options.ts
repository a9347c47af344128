/** Options of the Alertmanager configuration, validated with the same error format as specs. */
import { z } from "zod";
import { problem } from "./problem.js";
import { problemsOf, SloSpecError } from "./spec-error.js";

/**
 * Name of the Kubernetes Secret holding the receivers' credentials. kube-prometheus-stack mounts each
 * secret in `alertmanagerSpec.secrets` at `/etc/alertmanager/secrets/<secret>/`, one file per key.
 */
export const DEFAULT_ALERTMANAGER_SECRET = "slo-alerting";
/** Keys of {@link DEFAULT_ALERTMANAGER_SECRET}; each becomes a file in {@link DEFAULT_SECRETS_DIR}. */
export const ALERTMANAGER_SECRET_KEYS = {
  pagerdutyRoutingKey: "pagerduty-routing-key",
  slackWebhookUrl: "slack-webhook-url",
  smtpPassword: "smtp-password",
} as const;
/** Where the secret files are read from by default. */
export const DEFAULT_SECRETS_DIR = `/etc/alertmanager/secrets/${DEFAULT_ALERTMANAGER_SECRET}`;
/** Business-hours timezone when none is given. */
export const DEFAULT_TIMEZONE = "Europe/Berlin";

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const WEEKDAYS =
  /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday)(:(monday|tuesday|wednesday|thursday|friday|saturday|sunday))?$/;
const absolutePath = z
  .string()
  .startsWith(
    "/",
    problem("secret file path is not absolute", "an absolute path", "mount the secret and give its path"),
  );

/** Canonical IANA names; aliases such as "UTC" or "US/Eastern" are not listed and fall through. */
let canonicalZones: ReadonlySet<string> | undefined;

/** True for an IANA timezone name (or an alias that ICU accepts). */
export function isTimezone(tz: string): boolean {
  // Listing the canonical names costs ~2 ms; building the first DateTimeFormat loads ICU zone data
  // and costs ~15 ms of every synth, so it is kept for the aliases only.
  canonicalZones ??= new Set(Intl.supportedValuesOf("timeZone"));
  if (canonicalZones.has(tz)) return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const optionsSchema = z.strictObject({
  timezone: z
    .string()
    .refine(isTimezone, problem("unknown timezone", "an IANA timezone name", 'e.g. "Europe/Berlin" or "UTC"'))
    .default(DEFAULT_TIMEZONE),
  businessHours: z
    .strictObject({
      weekdays: z
        .string()
        .regex(WEEKDAYS, problem("not a weekday range", '"monday:friday" style', "lower-case day names"))
        .default("monday:friday"),
      start: z
        .string()
        .regex(HHMM, problem("not a time of day", "HH:MM, 24h", 'e.g. "09:00"'))
        .default("09:00"),
      end: z
        .string()
        .regex(HHMM, problem("not a time of day", "HH:MM, 24h", 'e.g. "17:00"'))
        .default("17:00"),
    })
    .prefault({}),
  secretsDir: absolutePath.default(DEFAULT_SECRETS_DIR),
  pagerduty: z.strictObject({ routingKeyFile: absolutePath.optional() }).prefault({}),
  slack: z
    .strictObject({ apiUrlFile: absolutePath.optional(), channel: z.string().min(1).default("#slo-alerts") })
    .prefault({}),
  email: z
    .strictObject({
      to: z
        .email(problem("not an e-mail address", "user@domain", "the digest recipient"))
        .default("slo-digest@example.com"),
      from: z
        .email(problem("not an e-mail address", "user@domain", "the sender"))
        .default("alertmanager@example.com"),
      smarthost: z
        .string()
        .regex(/^[^:\s]+:\d+$/, problem("not host:port", "host:port", 'e.g. "smtp.example.com:587"'))
        .default("smtp.example.com:587"),
      authUsername: z.string().min(1).optional(),
      authPasswordFile: absolutePath.optional(),
      requireTls: z.boolean().default(true),
    })
    .prefault({}),
});

/** Options as written by the caller; every field is optional. */
export type AlertmanagerOptions = z.input<typeof optionsSchema>;

/** Options with defaults applied. */
export type ResolvedAlertmanagerOptions = z.output<typeof optionsSchema>;

/** Validates options and applies defaults; throws {@link SloSpecError} listing every problem. */
export function resolveAlertmanagerOptions(options: AlertmanagerOptions = {}): ResolvedAlertmanagerOptions {
  const result = optionsSchema.safeParse(options);
  if (!result.success)
    throw new SloSpecError("Alertmanager options", problemsOf(result.error.issues, options));
  return result.data;
}
