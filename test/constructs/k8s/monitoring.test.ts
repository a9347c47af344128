import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Password } from "@cdktf/provider-random/lib/password";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Testing } from "../../../constructs/core";
import type { AlertmanagerConfig } from "../../../constructs/k8s/alertmanager-config";
import { Monitoring, type MonitoringProps } from "../../../constructs/k8s/monitoring";
import { compileAlertmanagerConfig } from "../../../slo/alertmanager";
import { type Attrs, resourcesOf } from "../../helpers";

const props: MonitoringProps = {
  prometheusRetention: "30d",
  prometheusStorage: "100Gi",
  highAvailability: true,
};

// biome-ignore lint/suspicious/noExplicitAny: parsed chart values are untyped YAML
type Values = any;

function synth(overrides: Partial<MonitoringProps> = {}): string {
  return Testing.synthScope((scope) => new Monitoring(scope, "Monitoring", { ...props, ...overrides }));
}

function valuesOf(out: string): { text: string; values: Values } {
  const [release] = Object.values(resourcesOf(out, "helm_release"));
  const text = (release?.values as string[])[0] ?? "";
  return { text, values: parse(text) };
}

const pagingConfig: AlertmanagerConfig = {
  global: { resolve_timeout: "5m" },
  route: {
    receiver: "email",
    group_by: ["alertname", "service"],
    routes: [
      { receiver: "pagerduty", matchers: ['severity="critical"'], continue: true },
      { receiver: "slack", matchers: ['severity="warning"'], active_time_intervals: ["business-hours"] },
    ],
  },
  receivers: [
    {
      name: "pagerduty",
      pagerduty_configs: [{ routing_key_file: "/etc/alertmanager/secrets/alerting/pagerduty-key" }],
    },
    {
      name: "slack",
      slack_configs: [{ api_url_file: "/etc/alertmanager/secrets/alerting/slack-url", channel: "#alerts" }],
    },
    { name: "email", email_configs: [{ to: "oncall@example.com" }] },
  ],
  inhibit_rules: [
    { source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ["service"] },
  ],
  time_intervals: [
    { name: "business-hours", time_intervals: [{ weekdays: ["monday:friday"], location: "Europe/Dublin" }] },
  ],
};

describe("Monitoring", () => {
  const out = synth();
  const { text, values } = valuesOf(out);

  it("installs the pinned kube-prometheus-stack chart into monitoring", () => {
    expect(out).toHaveResourceWithProperties(Release, {
      name: "kube-prometheus-stack",
      repository: "https://prometheus-community.github.io/helm-charts",
      chart: "kube-prometheus-stack",
      version: "88.5.3",
      namespace: "monitoring",
      create_namespace: false,
    });
    expect(out).toHaveResourceWithProperties(NamespaceV1, { metadata: { name: "monitoring" } });
    expect(values.crds.enabled).toBe(true);
  });

  it("scrapes no component of the managed control plane, so no absent() critical fires forever", () => {
    const { values } = valuesOf(synth());
    for (const component of ["kubeControllerManager", "kubeScheduler", "kubeEtcd", "kubeProxy"]) {
      expect(values[component], component).toEqual({ enabled: false });
    }
    expect((values.defaultRules as Values).rules).toEqual({
      etcd: false,
      kubeControllerManager: false,
      kubeProxy: false,
      kubeSchedulerAlerting: false,
      kubeSchedulerRecording: false,
    });
  });

  it("keeps the configured retention on a gp3 volume of the configured size", () => {
    const spec = values.prometheus.prometheusSpec;
    expect(spec.retention).toBe("30d");
    expect(spec.storageSpec.volumeClaimTemplate.spec).toEqual({
      storageClassName: "gp3",
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: "100Gi" } },
    });
    expect(spec.resources.limits).toEqual({ cpu: "2", memory: "8Gi" });
    expect(spec.nodeSelector).toEqual({ "node-role": "application" });
  });

  it.each([
    [true, 2, true],
    [false, 1, false],
  ])("with highAvailability=%s runs %i Prometheus and Alertmanager replicas", (highAvailability, replicas, pdb) => {
    const v = valuesOf(synth({ highAvailability })).values;
    expect(v.prometheus.prometheusSpec.replicas).toBe(replicas);
    expect(v.alertmanager.alertmanagerSpec.replicas).toBe(replicas);
    expect(v.prometheus.podDisruptionBudget.enabled).toBe(pdb);
    expect(v.alertmanager.podDisruptionBudget.enabled).toBe(pdb);
  });

  it("selects PrometheusRules by the SLO label in every namespace, and app monitors everywhere", () => {
    const spec = values.prometheus.prometheusSpec;
    expect(spec.ruleSelector).toEqual({ matchLabels: { "platform.acme.io/slo": "true" } });
    expect(spec.ruleSelectorNilUsesHelmValues).toBe(false);
    expect(spec.ruleNamespaceSelector).toEqual({});
    expect(spec.serviceMonitorSelectorNilUsesHelmValues).toBe(false);
    expect(spec.podMonitorSelectorNilUsesHelmValues).toBe(false);
    expect(values.defaultRules.labels).toEqual({ "platform.acme.io/slo": "true" });
    const custom = valuesOf(synth({ ruleSelectorLabels: { team: "platform" } })).values;
    expect(custom.prometheus.prometheusSpec.ruleSelector.matchLabels).toEqual({ team: "platform" });
  });

  it("never puts the Grafana password in values: it references a Secret fed by random_password", () => {
    expect(text).not.toMatch(/adminPassword/);
    expect(values.grafana.admin).toEqual({
      existingSecret: "grafana-admin",
      userKey: "admin-user",
      passwordKey: "admin-password",
    });
    expect(out).toHaveResourceWithProperties(SecretV1, {
      metadata: { name: "grafana-admin", namespace: "monitoring" },
      data: {
        "admin-user": "admin",
        "admin-password": expect.stringMatching(/^\$\{random_password\.[^}]+\.result\}$/),
      },
    });
    expect(out).toHaveResourceWithProperties(Password, { length: 32 });
    expect(out).toHaveProvider(RandomProvider);
  });

  it("loads dashboards from ConfigMaps labelled grafana_dashboard in all namespaces", () => {
    expect(values.grafana.sidecar.dashboards).toEqual({
      enabled: true,
      label: "grafana_dashboard",
      labelValue: "1",
      searchNamespace: "ALL",
    });
    expect(values.grafana.persistence).toEqual({ enabled: false });
    const persisted = valuesOf(synth({ grafanaStorage: "10Gi" })).values;
    expect(persisted.grafana.persistence).toMatchObject({
      enabled: true,
      size: "10Gi",
      storageClassName: "gp3",
    });
  });

  it("defaults Alertmanager to a null receiver and clears the chart's default routes", () => {
    const config = values.alertmanager.config;
    expect(config.receivers).toEqual([{ name: "null" }]);
    expect(config.route).toMatchObject({ receiver: "null", routes: [] });
    expect(config.inhibit_rules).toEqual([]);
    expect(values.alertmanager.alertmanagerSpec.secrets).toEqual([]);
    expect(
      values.alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.resources.requests.storage,
    ).toBe("10Gi");
  });

  it("renders a typed Alertmanager config and mounts its secrets", () => {
    const v = valuesOf(synth({ alertmanagerConfig: pagingConfig, alertmanagerSecrets: ["alerting"] })).values;
    const config = v.alertmanager.config;
    expect(config.route).toEqual({
      receiver: "email",
      group_by: ["alertname", "service"],
      group_wait: null,
      group_interval: null,
      repeat_interval: null,
      routes: pagingConfig.route.routes,
    });
    expect(config.receivers).toEqual(pagingConfig.receivers);
    expect(config.inhibit_rules).toEqual(pagingConfig.inhibit_rules);
    expect(config.time_intervals).toEqual(pagingConfig.time_intervals);
    expect(v.alertmanager.alertmanagerSpec.secrets).toEqual(["alerting"]);
  });

  it("accepts the SLO compiler's Alertmanager config as is", () => {
    const compiled = compileAlertmanagerConfig({
      timezone: "Europe/Dublin",
      secretsDir: "/etc/alertmanager/secrets/alertmanager-slo",
    });
    const v = valuesOf(
      synth({ alertmanagerConfig: compiled, alertmanagerSecrets: ["alertmanager-slo"] }),
    ).values;
    expect(v.alertmanager.config.receivers).toEqual(JSON.parse(JSON.stringify(compiled.receivers)));
  });

  it("places the operator on system nodes and hardens its container", () => {
    expect(values.prometheusOperator.nodeSelector).toEqual({ "node-role": "system" });
    expect(values.prometheusOperator.tolerations).toEqual([
      { key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" },
    ]);
    expect(values.prometheusOperator.containerSecurityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    });
  });

  it("exposes its contract", () => {
    Testing.synthScope((scope) => {
      const m = new Monitoring(scope, "Monitoring", props);
      expect(m.namespace).toBe("monitoring");
      expect(m.crdRelease).toBe(m.release);
      expect(m.grafanaAdminSecretName).toBe("grafana-admin");
      expect(m.ruleSelectorLabels).toEqual({ "platform.acme.io/slo": "true" });
    });
  });

  it("rejects bad retention, storage and replicas, naming each field", () => {
    expect(() =>
      synth({
        prometheusRetention: "30 days",
        prometheusStorage: "100GB",
        prometheusReplicas: 0,
        alertmanagerReplicas: 1.5,
      }),
    ).toThrowError(
      [
        "Monitoring stack/Monitoring: 4 invalid prop(s)",
        '  - monitoring.prometheusRetention: got "30 days"; allowed: a whole number followed by h, d, w or y; hint: use e.g. 30d',
        '  - monitoring.prometheusStorage: got "100GB"; allowed: a size in Gi or Ti; hint: use e.g. 100Gi',
        "  - prometheusReplicas: got 0; allowed: an integer >= 1; hint: use 2 for high availability",
        "  - alertmanagerReplicas: got 1.5; allowed: an integer >= 1; hint: use 2 or 3 for high availability",
      ].join("\n"),
    );
  });

  it("rejects other storage sizes, selector labels and resources", () => {
    expect(() =>
      synth({
        alertmanagerStorage: "10G",
        grafanaStorage: "1T",
        ruleSelectorLabels: {},
        alertmanagerSecrets: ["Bad_Name"],
        grafanaResources: { requests: { cpu: "one", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } },
      }),
    ).toThrowError(
      new RegExp(
        [
          'alertmanagerStorage: got "10G"; allowed: a size in Gi or Ti',
          'grafanaStorage: got "1T"; allowed: a size in Gi or Ti',
          "ruleSelectorLabels: got \\{\\}; allowed: at least one valid Kubernetes label",
          'alertmanagerSecrets: got \\["Bad_Name"\\]; allowed: Secret names \\(DNS labels\\)',
          "resources: got .*; allowed: CPU and memory quantities such as 250m and 512Mi",
        ].join("[\\s\\S]*"),
      ),
    );
  });

  it("rejects Alertmanager configs with unknown receivers, intervals or unmounted files", () => {
    expect(() =>
      synth({
        alertmanagerConfig: {
          ...pagingConfig,
          route: { receiver: "nobody", routes: [{ receiver: "slack", active_time_intervals: ["weekends"] }] },
        },
        alertmanagerSecrets: ["other"],
      }),
    ).toThrowError(
      new RegExp(
        [
          'alertmanagerConfig.route: got \\["nobody"\\]; allowed: receivers defined in alertmanagerConfig.receivers',
          'alertmanagerConfig.route: got \\["weekends"\\]; allowed: names defined in alertmanagerConfig.time_intervals',
          'alertmanagerConfig.receivers: got \\["/etc/alertmanager/secrets/alerting/pagerduty-key","/etc/alertmanager/secrets/alerting/slack-url"\\]',
        ].join("[\\s\\S]*"),
      ),
    );
  });

  it("creates no random provider when the stack already has one", () => {
    const json = Testing.synthScope((scope) => {
      new RandomProvider(scope, "Random");
      new Monitoring(scope, "Monitoring", props);
    });
    const providers = (JSON.parse(json) as { provider: { random: unknown[] } }).provider.random;
    expect(providers).toHaveLength(1);
  });
});

describe("Monitoring receiver secrets", () => {
  it("creates each mounted secret with the keys the config reads, empty, and never overwrites them", () => {
    const out = Testing.synthScope(
      (scope) =>
        new Monitoring(scope, "Monitoring", {
          prometheusRetention: "30d",
          prometheusStorage: "100Gi",
          highAvailability: true,
          alertmanagerConfig: compileAlertmanagerConfig({ timezone: "Europe/Dublin" }),
          alertmanagerSecrets: ["slo-alerting"],
        }),
    );
    const secret = Object.values(resourcesOf(out, "kubernetes_secret_v1")).find(
      (s) => (s.metadata as Attrs).name === "slo-alerting",
    );
    expect(secret).toMatchObject({
      metadata: { name: "slo-alerting", namespace: "monitoring" },
      data: { "pagerduty-routing-key": "", "slack-webhook-url": "" },
      lifecycle: { ignore_changes: ["data"] },
    });
    const [release] = Object.values(resourcesOf(out, "helm_release"));
    expect(JSON.stringify(release!.depends_on)).toContain("AlertmanagerSecret-slo-alerting");
  });
});
