/** Minimal typed shape of a Grafana dashboard (schemaVersion 39), only the fields generated. */

/** A datasource reference; `${datasource}` is the dashboard's Prometheus datasource variable. */
export interface DatasourceRef {
  readonly type: "prometheus";
  readonly uid: string;
}

/** A PromQL query of a panel. */
export interface GrafanaTarget {
  readonly refId: string;
  readonly expr: string;
  readonly legendFormat?: string;
  readonly datasource: DatasourceRef;
}

/** A threshold step; the first step's value is null (base). */
export interface ThresholdStep {
  readonly color: string;
  readonly value: number | null;
}

/** A panel's field defaults. */
export interface FieldDefaults {
  readonly unit?: string;
  readonly decimals?: number;
  readonly min?: number;
  readonly thresholds?: { readonly mode: "absolute"; readonly steps: readonly ThresholdStep[] };
  readonly custom?: Readonly<Record<string, unknown>>;
}

/** A dashboard panel. */
export interface GrafanaPanel {
  readonly id: number;
  readonly type: "stat" | "timeseries";
  readonly title: string;
  readonly description?: string;
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly datasource: DatasourceRef;
  readonly targets: readonly GrafanaTarget[];
  readonly fieldConfig: { readonly defaults: FieldDefaults; readonly overrides: readonly never[] };
}

/** A dashboard template variable. */
export interface GrafanaVariable {
  readonly name: string;
  readonly label: string;
  readonly type: "datasource";
  readonly query: "prometheus";
}

/** A Grafana dashboard model. */
export interface GrafanaDashboard {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly editable: boolean;
  readonly schemaVersion: number;
  readonly refresh: string;
  readonly time: { readonly from: string; readonly to: string };
  readonly templating: { readonly list: readonly GrafanaVariable[] };
  readonly panels: readonly GrafanaPanel[];
}
