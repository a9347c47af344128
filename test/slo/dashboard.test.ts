import { describe, expect, it } from "vitest";
import {
  compileDashboards,
  GRAFANA_DASHBOARD_LABEL,
  GRAFANA_DASHBOARD_LABEL_VALUE,
  type GrafanaDashboard,
  userServiceSpec,
} from "../../slo/index.js";

const configMaps = compileDashboards([userServiceSpec], { namespace: "monitoring" });

function dashboardOf(name: string): GrafanaDashboard {
  const cm = configMaps.find((c) => c.metadata.name === `slo-dashboard-user-service-${name}`)!;
  return JSON.parse(Object.values(cm.data)[0]!) as GrafanaDashboard;
}

describe("Grafana dashboards", () => {
  it("ships one ConfigMap per SLO with the sidecar label grafana_dashboard=1", () => {
    expect(configMaps.map((c) => c.metadata.name)).toEqual([
      "slo-dashboard-user-service-availability",
      "slo-dashboard-user-service-latency",
      "slo-dashboard-user-service-error-rate",
    ]);
    for (const cm of configMaps) {
      expect(cm).toMatchObject({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { namespace: "monitoring" },
      });
      expect(cm.metadata.labels?.[GRAFANA_DASHBOARD_LABEL]).toBe(GRAFANA_DASHBOARD_LABEL_VALUE);
      expect(Object.keys(cm.data)).toHaveLength(1);
      expect(Object.keys(cm.data)[0]).toMatch(/^user-service-[a-z-]+\.json$/);
    }
    expect([GRAFANA_DASHBOARD_LABEL, GRAFANA_DASHBOARD_LABEL_VALUE]).toEqual(["grafana_dashboard", "1"]);
  });

  it("shows the SLI, budget remaining and burn rates from the recorded series", () => {
    const d = dashboardOf("availability");
    expect(d.uid).toBe("slo-user-service-availability");
    const byTitle = Object.fromEntries(d.panels.map((p) => [p.title, p]));
    expect(Object.keys(byTitle)).toEqual([
      "SLI (30d)",
      "Objective",
      "Error budget",
      "Error budget remaining (30d)",
      "Burn rate",
      "SLI error ratio",
    ]);
    expect(byTitle["SLI (30d)"]?.targets[0]?.expr).toBe(
      '1 - slo:sli_error:ratio_rate30d{slo="availability",service="user-service"}',
    );
    expect(byTitle["Error budget remaining (30d)"]?.targets[0]?.expr).toBe(
      'slo:error_budget_remaining:ratio{slo="availability",service="user-service"}',
    );
    const burn = byTitle["Burn rate"]!;
    expect(burn.targets.map((t) => t.legendFormat)).toEqual(["5m", "30m", "1h", "2h", "6h", "1d", "3d"]);
    expect(burn.targets[0]?.expr).toBe(
      'slo:sli_error:ratio_rate5m{slo="availability",service="user-service"} / on(slo, service) slo:error_budget:ratio{slo="availability",service="user-service"}',
    );
    expect(burn.fieldConfig.defaults.thresholds?.steps.map((s) => s.value)).toEqual([null, 1, 3, 6, 14.4]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana variable syntax, not a JS template
    for (const p of d.panels) expect(p.datasource.uid).toBe("${datasource}");
  });

  it("adds the latency quantile panel for latency SLOs", () => {
    const panel = dashboardOf("latency").panels.find((p) => p.title === "Latency p95 (5m)");
    expect(panel?.targets[0]?.expr).toBe(
      'slo:latency_quantile:seconds_rate5m{slo="latency",service="user-service"}',
    );
    expect(panel?.fieldConfig.defaults.thresholds?.steps).toEqual([
      { color: "green", value: null },
      { color: "red", value: 0.5 },
    ]);
  });
});
