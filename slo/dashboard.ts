/**
 * One Grafana dashboard per SLO (SLI, objective, error budget and budget remaining, burn rates,
 * and the latency quantile for latency SLOs), shipped as a ConfigMap that kube-prometheus-stack's
 * Grafana dashboard sidecar picks up by its default label `grafana_dashboard: "1"`.
 */
import { createHash } from "node:crypto";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import { errorBudget, objectiveRatio } from "./budget.js";
import { PAGE_CONDITIONS, SLI_WINDOWS, TICKET_CONDITIONS } from "./burn-rates.js";
import type { GrafanaDashboard, GrafanaPanel, GrafanaTarget, ThresholdStep } from "./grafana-types.js";
import { type KubernetesOptions, MANAGED_BY_LABELS, type Named, namespaceOf } from "./k8s-types.js";
import {
  ERROR_BUDGET_RECORD,
  ERROR_BUDGET_REMAINING_RECORD,
  errorRatioRecord,
  LATENCY_QUANTILE_RECORD,
  OBJECTIVE_RECORD,
  sloSeries,
} from "./naming.js";
import type { SloDefinition, SloSpec } from "./spec-types.js";

/** A core/v1 ConfigMap with a name and data. */
export type ConfigMap = Named<IConfigMap> & { readonly data: Readonly<Record<string, string>> };

/** The label the Grafana sidecar watches for (kube-prometheus-stack default `grafana_dashboard`). */
export const GRAFANA_DASHBOARD_LABEL = "grafana_dashboard";
/** Value of {@link GRAFANA_DASHBOARD_LABEL} (sidecar default `"1"`). */
export const GRAFANA_DASHBOARD_LABEL_VALUE = "1";

/** Every query uses the dashboard's `datasource` variable. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana variable syntax, not a JS template
const DATASOURCE = { type: "prometheus", uid: "${datasource}" } as const;

/** A stable dashboard uid (Grafana allows at most 40 characters). */
export function dashboardUid(service: string, slo: string): string {
  const uid = `slo-${service}-${slo}`;
  if (uid.length <= 40) return uid;
  return `${uid.slice(0, 31)}-${createHash("sha256").update(uid).digest("hex").slice(0, 8)}`;
}

function target(refId: string, expr: string, legendFormat?: string): GrafanaTarget {
  return { refId, expr, datasource: DATASOURCE, ...(legendFormat ? { legendFormat } : {}) };
}

function steps(...pairs: readonly [string, number | null][]): {
  mode: "absolute";
  steps: readonly ThresholdStep[];
} {
  return { mode: "absolute", steps: pairs.map(([color, value]) => ({ color, value })) };
}

function panel(
  id: number,
  type: GrafanaPanel["type"],
  title: string,
  gridPos: GrafanaPanel["gridPos"],
  targets: readonly GrafanaTarget[],
  defaults: GrafanaPanel["fieldConfig"]["defaults"],
  description?: string,
): GrafanaPanel {
  return {
    id,
    type,
    title,
    ...(description ? { description } : {}),
    gridPos,
    datasource: DATASOURCE,
    targets,
    fieldConfig: { defaults, overrides: [] },
  };
}

/** The dashboard model of one SLO. */
export function sloDashboard(spec: SloSpec, slo: SloDefinition): GrafanaDashboard {
  const s = (record: string) => sloSeries(record, spec.service, slo.name);
  const objective = objectiveRatio(slo.objective).toNumber();
  const budget = errorBudget(slo.objective).toNumber();
  const lineThresholds = { thresholdsStyle: { mode: "line" } };
  const burnLines = [...PAGE_CONDITIONS, ...TICKET_CONDITIONS]
    .map((c) => c.burnRate.toNumber())
    .sort((a, b) => a - b);
  const panels: GrafanaPanel[] = [
    panel(
      1,
      "stat",
      "SLI (30d)",
      { x: 0, y: 0, w: 6, h: 5 },
      [target("A", `1 - ${s(errorRatioRecord("30d"))}`)],
      {
        unit: "percentunit",
        decimals: 3,
        thresholds: steps(["red", null], ["green", objective]),
      },
    ),
    panel(2, "stat", "Objective", { x: 6, y: 0, w: 6, h: 5 }, [target("A", s(OBJECTIVE_RECORD))], {
      unit: "percentunit",
      decimals: 3,
    }),
    panel(3, "stat", "Error budget", { x: 12, y: 0, w: 6, h: 5 }, [target("A", s(ERROR_BUDGET_RECORD))], {
      unit: "percentunit",
      decimals: 3,
    }),
    panel(
      4,
      "stat",
      "Error budget remaining (30d)",
      { x: 18, y: 0, w: 6, h: 5 },
      [target("A", s(ERROR_BUDGET_REMAINING_RECORD))],
      { unit: "percentunit", decimals: 1, thresholds: steps(["red", null], ["orange", 0], ["green", 0.25]) },
      "1 = untouched, 0 = spent, below 0 = overspent. No data means no traffic in 30 days.",
    ),
    panel(
      5,
      "timeseries",
      "Burn rate",
      { x: 0, y: 5, w: 12, h: 9 },
      SLI_WINDOWS.filter((w) => w !== "30d").map((w, i) =>
        target(
          String.fromCharCode(65 + i),
          `${s(errorRatioRecord(w))} / on(slo, service) ${s(ERROR_BUDGET_RECORD)}`,
          w,
        ),
      ),
      {
        min: 0,
        custom: lineThresholds,
        thresholds: steps(
          ["green", null],
          ...burnLines.map((b): [string, number] => [b >= 6 ? "red" : "orange", b]),
        ),
      },
      "Error ratio divided by the error budget. Page: 14.4x over 5m and 1h, or 6x over 30m and 6h; ticket: 3x over 2h and 1d, or 1x over 6h and 3d.",
    ),
    panel(
      6,
      "timeseries",
      "SLI error ratio",
      { x: 12, y: 5, w: 12, h: 9 },
      (["5m", "1h", "30d"] as const).map((w, i) =>
        target(String.fromCharCode(65 + i), s(errorRatioRecord(w)), w),
      ),
      {
        unit: "percentunit",
        min: 0,
        custom: lineThresholds,
        thresholds: steps(["green", null], ["red", budget]),
      },
    ),
  ];
  if (slo.sli.type === "latency") {
    panels.push(
      panel(
        7,
        "timeseries",
        `Latency p${slo.objective} (5m)`,
        { x: 0, y: 14, w: 24, h: 8 },
        [target("A", s(LATENCY_QUANTILE_RECORD), "p{{quantile}}")],
        {
          unit: "s",
          min: 0,
          custom: lineThresholds,
          thresholds: steps(["green", null], ["red", slo.sli.thresholdSeconds]),
        },
      ),
    );
  }
  return {
    uid: dashboardUid(spec.service, slo.name),
    title: `SLO / ${spec.service} / ${slo.name}`,
    description: slo.description,
    tags: ["slo", spec.service],
    editable: false,
    schemaVersion: 39,
    refresh: "1m",
    time: { from: "now-7d", to: "now" },
    templating: {
      list: [{ name: "datasource", label: "Prometheus", type: "datasource", query: "prometheus" }],
    },
    panels,
  };
}

/** One dashboard ConfigMap per SLO, named `slo-dashboard-<service>-<slo>`. */
export function compileDashboards(
  specs: readonly SloSpec[],
  options: KubernetesOptions = {},
): readonly ConfigMap[] {
  return specs.flatMap((spec) =>
    spec.slos.map((slo) => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: `slo-dashboard-${spec.service}-${slo.name}`,
        ...namespaceOf(options),
        labels: { ...MANAGED_BY_LABELS, [GRAFANA_DASHBOARD_LABEL]: GRAFANA_DASHBOARD_LABEL_VALUE },
      },
      data: { [`${spec.service}-${slo.name}.json`]: `${JSON.stringify(sloDashboard(spec, slo), null, 2)}\n` },
    })),
  );
}
