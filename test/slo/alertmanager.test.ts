/** Alertmanager config: structure, then the real amtool (check-config and routes test). */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  type AlertmanagerConfig,
  BUSINESS_HOURS_INTERVAL,
  compileAlertmanagerConfig,
  RECEIVERS,
  renderYaml,
  SloSpecError,
} from "../../slo/index.js";
import { findTool, IS_CI, missingNote, runTool, tempDir } from "./tools.js";

const amtool = findTool("amtool");
const config = compileAlertmanagerConfig();

function routeFor(c: AlertmanagerConfig, severity: string) {
  return c.route.routes?.find((r) => r.matchers?.includes(`severity="${severity}"`));
}

describe("Alertmanager routing structure", () => {
  it("pages critical to PagerDuty at once, with the routing key read from a file", () => {
    const route = routeFor(config, "critical");
    expect(route).toMatchObject({ receiver: RECEIVERS.critical, group_wait: "0s" });
    expect(route?.active_time_intervals).toBeUndefined();
    const receiver = config.receivers.find((r) => r.name === RECEIVERS.critical);
    expect(receiver?.pagerduty_configs).toEqual([
      {
        routing_key_file: "/etc/alertmanager/secrets/slo-alerting/pagerduty-routing-key",
        send_resolved: true,
      },
    ]);
    expect(renderYaml(config)).not.toMatch(/routing_key:|service_key:|api_url:|auth_password:/);
  });

  it("sends warning to Slack only during business hours in the configured timezone", () => {
    expect(routeFor(config, "warning")).toMatchObject({
      receiver: RECEIVERS.warning,
      active_time_intervals: [BUSINESS_HOURS_INTERVAL],
    });
    expect(config.time_intervals).toEqual([
      {
        name: BUSINESS_HOURS_INTERVAL,
        time_intervals: [
          {
            weekdays: ["monday:friday"],
            times: [{ start_time: "09:00", end_time: "17:00" }],
            location: "Europe/Berlin",
          },
        ],
      },
    ]);
    const custom = compileAlertmanagerConfig({
      timezone: "America/New_York",
      businessHours: { start: "08:30" },
    });
    expect(custom.time_intervals[0]?.time_intervals[0]).toMatchObject({
      location: "America/New_York",
      times: [{ start_time: "08:30", end_time: "17:00" }],
    });
    const slack = config.receivers.find((r) => r.name === RECEIVERS.warning)?.slack_configs?.[0];
    expect(slack?.api_url_file).toBe("/etc/alertmanager/secrets/slo-alerting/slack-webhook-url");
  });

  it("sends info to a daily e-mail digest, password only from a file", () => {
    expect(routeFor(config, "info")).toMatchObject({
      receiver: RECEIVERS.info,
      group_by: ["service"],
      repeat_interval: "24h",
      group_interval: "24h",
    });
    const email = config.receivers.find((r) => r.name === RECEIVERS.info)?.email_configs?.[0];
    expect(email).not.toHaveProperty("auth_password_file");
    const withAuth = compileAlertmanagerConfig({ email: { smarthost: "mail.corp:25", authUsername: "am" } });
    expect(withAuth.receivers.find((r) => r.name === RECEIVERS.info)?.email_configs?.[0]).toMatchObject({
      smarthost: "mail.corp:25",
      auth_username: "am",
      auth_password_file: "/etc/alertmanager/secrets/slo-alerting/smtp-password",
    });
  });

  it("mutes an SLO warning only while an SLO critical fires for the same slo and service", () => {
    // A source without the slo matcher would let any critical (KubeNodeNotReady, say: no slo label,
    // which compares equal to a missing one) mute every SLO warning of the cluster.
    expect(config.inhibit_rules).toEqual([
      {
        source_matchers: ['severity="critical"', 'slo=~".+"'],
        target_matchers: ['severity="warning"', 'slo=~".+"'],
        equal: ["slo", "service"],
      },
    ]);
  });

  it("sends the always-firing Watchdog and InfoInhibitor to a receiver that sends nothing", () => {
    expect(config.route.routes?.[0]).toEqual({
      receiver: RECEIVERS.heartbeat,
      matchers: ['alertname=~"Watchdog|InfoInhibitor"'],
      repeat_interval: "24h",
    });
    expect(config.receivers.find((r) => r.name === RECEIVERS.heartbeat)).toEqual({ name: "heartbeat" });
  });

  it("quotes times so YAML 1.1 parsers do not read 17:00 as a number", () => {
    expect(renderYaml(config)).toContain('end_time: "17:00"');
  });

  it("rejects invalid options with path, value, allowed values and hint", () => {
    expect(() => compileAlertmanagerConfig({ timezone: "Mars/Olympus" })).toThrow(SloSpecError);
    expect(() => compileAlertmanagerConfig({ timezone: "Mars/Olympus", secretsDir: "relative" })).toThrow(
      /timezone: unknown timezone; allowed: an IANA timezone name; hint: .* \(received: "Mars\/Olympus"\)\n.*secretsDir/,
    );
  });
});

describe("amtool", () => {
  const dir = tempDir("slo-amtool");
  const file = path.join(dir, "alertmanager.yaml");
  // amtool 0.25 does not read *_file secrets at check time; placeholder files keep the test honest
  // should a later version start to.
  const secrets = path.join(dir, "secrets");
  writeFileSync(file, renderYaml(compileAlertmanagerConfig({ secretsDir: secrets })));

  it("is installed (a failure when CI=true)", (ctx) => {
    if (amtool.path === undefined && !IS_CI) ctx.skip(missingNote(amtool));
    expect(amtool.path, missingNote(amtool)).toBeDefined();
  });

  it.skipIf(amtool.skip)(
    "check-config accepts the generated config (default and placeholder secret paths)",
    () => {
      const defaults = path.join(dir, "defaults.yaml");
      writeFileSync(defaults, renderYaml(config));
      // One amtool for both files; it reports each in turn (`Checking '<file>'  SUCCESS`, then counts).
      const result = runTool(amtool, ["check-config", file, defaults]);
      const reports = result.stdout.split(/^(?=Checking ')/m).filter(Boolean);
      expect(reports.map((r) => /^Checking '(.*)'/.exec(r)?.[1])).toEqual([file, defaults]);
      for (const report of reports) {
        expect(report, result.stderr).toContain("SUCCESS");
        expect(report).toContain("4 receivers");
        expect(report).toContain("1 inhibit rules");
      }
      expect(result.status).toBe(0);
    },
  );

  it.skipIf(amtool.skip)("check-config rejects a broken config (so SUCCESS above means something)", () => {
    const broken = path.join(dir, "broken.yaml");
    writeFileSync(broken, renderYaml({ ...config, route: { ...config.route, receiver: "nobody" } }));
    expect(runTool(amtool, ["check-config", broken]).status).not.toBe(0);
  });

  it.skipIf(amtool.skip).each([
    ["Watchdog", "none"],
    ["InfoInhibitor", "info"],
  ])("routes the always-firing %s (severity %s) to the heartbeat receiver", (alertname, severity) => {
    const result = runTool(amtool, [
      "config",
      "routes",
      "test",
      `--config.file=${file}`,
      `--verify.receivers=${RECEIVERS.heartbeat}`,
      `alertname=${alertname}`,
      `severity=${severity}`,
    ]);
    expect(result.stdout.trim()).toBe(RECEIVERS.heartbeat);
    expect(result.status).toBe(0);
  });

  it.skipIf(amtool.skip).each([
    ["critical", RECEIVERS.critical],
    ["warning", RECEIVERS.warning],
    ["info", RECEIVERS.info],
  ])("routes severity=%s to %s", (severity, receiver) => {
    const result = runTool(amtool, [
      "config",
      "routes",
      "test",
      `--config.file=${file}`,
      `--verify.receivers=${receiver}`,
      `severity=${severity}`,
      "slo=availability",
      "service=user-service",
    ]);
    expect(result.stdout.trim()).toBe(receiver);
    expect(result.status).toBe(0);
  });
});
