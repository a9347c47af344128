import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Password } from "@cdktf/provider-random/lib/password";
import { Construct, dependOn } from "../core";
import { Validator } from "../validation";
import {
  ALERTMANAGER_SECRETS_DIR,
  type AlertmanagerConfig,
  DEFAULT_ALERTMANAGER_CONFIG,
  renderAlertmanagerConfig,
  secretFiles,
  undefinedReceivers,
  undefinedTimeIntervals,
  unmountedSecretFiles,
} from "./alertmanager-config";
import { ChartRelease } from "./chart-release";
import {
  type KubePrometheusStackValues,
  MANAGED_CONTROL_PLANE_RULE_GROUPS,
  type VolumeClaimStorage,
} from "./monitoring-values";
import {
  APPLICATION_NODE_SELECTOR,
  ensureRandomProvider,
  nonRootPod,
  RESTRICTED_CONTAINER,
  type ResourceRequirements,
  resourcesCheck,
  STORAGE_SIZE,
  SYSTEM_NODE_SELECTOR,
  SYSTEM_TOLERATIONS,
  TOLERATE_ALL,
} from "./observability-common";

const OPERATOR_RESOURCES = {
  requests: { cpu: "100m", memory: "128Mi" },
  limits: { cpu: "500m", memory: "512Mi" },
} as const;
const KUBE_STATE_METRICS_RESOURCES = {
  requests: { cpu: "50m", memory: "128Mi" },
  limits: { cpu: "200m", memory: "256Mi" },
} as const;
const NODE_EXPORTER_RESOURCES = {
  requests: { cpu: "20m", memory: "32Mi" },
  limits: { cpu: "200m", memory: "64Mi" },
} as const;

/**
 * kube-prometheus-stack 88.5.3, the newest release whose tag and values could be read; its versions
 * and values keys (with the grafana, kube-state-metrics and node-exporter subcharts') are recorded
 * in `chart-facts/kube-prometheus-stack.json`.
 */
export const KUBE_PROMETHEUS_STACK_CHART = {
  repository: "https://prometheus-community.github.io/helm-charts",
  chart: "kube-prometheus-stack",
  version: "88.5.3",
  controlPlaneTargets: [{ port: 10250, what: "prometheus-operator admission webhooks" }],
} as const;

/** The label the SLO compiler puts on its PrometheusRules. */
export const DEFAULT_RULE_SELECTOR_LABELS: Readonly<Record<string, string>> = {
  "platform.acme.io/slo": "true",
};
/** The label the Grafana sidecar watches for dashboards (value `"1"`), as the SLO dashboards use. */
export const GRAFANA_DASHBOARD_LABEL = "grafana_dashboard";

const RETENTION = /^\d+(h|d|w|y)$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

export interface MonitoringProps {
  /** How long Prometheus keeps samples (`monitoring.prometheusRetention`), e.g. `30d`. */
  readonly prometheusRetention: string;
  /** Size of each Prometheus volume (`monitoring.prometheusStorage`), e.g. `100Gi`. */
  readonly prometheusStorage: string;
  /** Staging and production: two Prometheus and two Alertmanager replicas, and disruption budgets. */
  readonly highAvailability: boolean;
  /**
   * The Alertmanager configuration, rendered into `alertmanager.config`. Files it reads
   * (`routing_key_file`, `api_url_file`, `auth_password_file`) must lie in one of
   * `alertmanagerSecrets`, mounted at `/etc/alertmanager/secrets/<secret>/`.
   * @default - everything goes to a `null` receiver
   */
  readonly alertmanagerConfig?: AlertmanagerConfig;
  /**
   * Secrets in the `monitoring` namespace to mount into Alertmanager. This construct creates each
   * one with the keys the config reads, empty, so the first install succeeds; the values (PagerDuty
   * keys, webhook URLs) are written out of band and Terraform ignores later changes to them.
   * @default []
   */
  readonly alertmanagerSecrets?: readonly string[];
  /**
   * Labels a PrometheusRule must carry to be loaded. The chart's default rules get them too.
   * @default { "platform.acme.io/slo": "true" }
   */
  readonly ruleSelectorLabels?: Readonly<Record<string, string>>;
  /** @default 2 with highAvailability, else 1 */
  readonly prometheusReplicas?: number;
  /** @default 2 with highAvailability, else 1 */
  readonly alertmanagerReplicas?: number;
  /** Size of each Alertmanager volume (silences and notification log). @default "10Gi" */
  readonly alertmanagerStorage?: string;
  /** Storage class of every volume. @default "gp3" */
  readonly storageClass?: string;
  /** @default 1 CPU / 4Gi requested, 2 CPU / 8Gi limit (HA); 500m / 2Gi, 1 CPU / 4Gi otherwise */
  readonly prometheusResources?: ResourceRequirements;
  /** @default 50m / 128Mi requested, 200m / 256Mi limit */
  readonly alertmanagerResources?: ResourceRequirements;
  /** @default 100m / 256Mi requested, 500m / 512Mi limit */
  readonly grafanaResources?: ResourceRequirements;
  /**
   * A volume for Grafana's database (users, preferences). Dashboards come from ConfigMaps either way.
   * @default - no volume: Grafana state is lost on restart
   */
  readonly grafanaStorage?: string;
}

/**
 * Prometheus, Alertmanager and Grafana from kube-prometheus-stack in namespace `monitoring`; the
 * release also installs the prometheus-operator CRDs. The Grafana admin password is a
 * `random_password` kept in a Secret the chart references, never a value.
 */
export class Monitoring extends Construct {
  public readonly namespace = "monitoring";
  /** The Helm release; PrometheusRule, ServiceMonitor and PodMonitor objects depend on it. */
  public readonly release: ChartRelease<KubePrometheusStackValues>;
  /** The release that installs the prometheus-operator CRDs (the same release). */
  public readonly crdRelease: ChartRelease<KubePrometheusStackValues>;
  public readonly grafanaAdminSecretName = "grafana-admin";
  public readonly ruleSelectorLabels: Readonly<Record<string, string>>;
  public readonly prometheusReplicas: number;
  public readonly alertmanagerReplicas: number;
  public readonly alertmanagerConfig: AlertmanagerConfig;
  public readonly alertmanagerSecrets: readonly string[];
  /** In-cluster Prometheus query URL. */
  public readonly prometheusUrl: string;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const ha = props.highAvailability;
    this.ruleSelectorLabels = props.ruleSelectorLabels ?? DEFAULT_RULE_SELECTOR_LABELS;
    this.prometheusReplicas = props.prometheusReplicas ?? (ha ? 2 : 1);
    this.alertmanagerReplicas = props.alertmanagerReplicas ?? (ha ? 2 : 1);
    this.alertmanagerConfig = props.alertmanagerConfig ?? DEFAULT_ALERTMANAGER_CONFIG;
    this.alertmanagerSecrets = props.alertmanagerSecrets ?? [];
    const alertmanagerStorage = props.alertmanagerStorage ?? "10Gi";
    const storageClass = props.storageClass ?? "gp3";
    const prometheusResources =
      props.prometheusResources ??
      (ha
        ? { requests: { cpu: "1", memory: "4Gi" }, limits: { cpu: "2", memory: "8Gi" } }
        : { requests: { cpu: "500m", memory: "2Gi" }, limits: { cpu: "1", memory: "4Gi" } });
    const alertmanagerResources = props.alertmanagerResources ?? {
      requests: { cpu: "50m", memory: "128Mi" },
      limits: { cpu: "200m", memory: "256Mi" },
    };
    const grafanaResources = props.grafanaResources ?? {
      requests: { cpu: "100m", memory: "256Mi" },
      limits: { cpu: "500m", memory: "512Mi" },
    };
    this.prometheusUrl = `http://prometheus-operated.${this.namespace}.svc:9090`;

    this.validate(props, alertmanagerStorage, [prometheusResources, alertmanagerResources, grafanaResources]);

    ensureRandomProvider(this);
    const namespace = new NamespaceV1(this, "Namespace", { metadata: { name: this.namespace } });
    const password = new Password(this, "GrafanaAdminPassword", { length: 32, special: false });
    const adminSecret = new SecretV1(this, "GrafanaAdminSecret", {
      metadata: { name: this.grafanaAdminSecretName, namespace: this.namespace },
      data: { "admin-user": "admin", "admin-password": password.result },
    });
    dependOn(adminSecret, [namespace]);

    const volume = (size: string): VolumeClaimStorage => ({
      volumeClaimTemplate: {
        spec: {
          storageClassName: storageClass,
          accessModes: ["ReadWriteOnce"],
          resources: { requests: { storage: size } },
        },
      },
    });
    const small = { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "100m", memory: "64Mi" } };
    const values: KubePrometheusStackValues = {
      crds: { enabled: true },
      // The control plane is managed: etcd, the controller manager and the scheduler cannot be
      // scraped, and EKS's kube-proxy serves metrics on 127.0.0.1 only. Their jobs and their rule
      // groups are off, or their absent() criticals fire from the first minute.
      defaultRules: {
        create: true,
        labels: this.ruleSelectorLabels,
        rules: Object.fromEntries(MANAGED_CONTROL_PLANE_RULE_GROUPS.map((g) => [g, false])),
      },
      kubeControllerManager: { enabled: false },
      kubeScheduler: { enabled: false },
      kubeEtcd: { enabled: false },
      kubeProxy: { enabled: false },
      prometheusOperator: {
        resources: OPERATOR_RESOURCES,
        nodeSelector: SYSTEM_NODE_SELECTOR,
        tolerations: SYSTEM_TOLERATIONS,
        securityContext: nonRootPod(65534),
        containerSecurityContext: RESTRICTED_CONTAINER,
        prometheusConfigReloader: { resources: small },
      },
      "kube-state-metrics": {
        resources: KUBE_STATE_METRICS_RESOURCES,
        nodeSelector: SYSTEM_NODE_SELECTOR,
        tolerations: SYSTEM_TOLERATIONS,
      },
      "prometheus-node-exporter": {
        resources: NODE_EXPORTER_RESOURCES,
        tolerations: TOLERATE_ALL,
      },
      prometheus: {
        podDisruptionBudget: { enabled: this.prometheusReplicas > 1, minAvailable: 1 },
        prometheusSpec: {
          retention: props.prometheusRetention,
          replicas: this.prometheusReplicas,
          resources: prometheusResources,
          storageSpec: volume(props.prometheusStorage),
          nodeSelector: APPLICATION_NODE_SELECTOR,
          securityContext: nonRootPod(1000),
          podAntiAffinity: this.prometheusReplicas > 1 ? "hard" : "soft",
          ruleSelectorNilUsesHelmValues: false,
          ruleSelector: { matchLabels: this.ruleSelectorLabels },
          ruleNamespaceSelector: {},
          serviceMonitorSelectorNilUsesHelmValues: false,
          serviceMonitorSelector: {},
          serviceMonitorNamespaceSelector: {},
          podMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelector: {},
          podMonitorNamespaceSelector: {},
        },
      },
      alertmanager: {
        config: renderAlertmanagerConfig(this.alertmanagerConfig),
        podDisruptionBudget: { enabled: this.alertmanagerReplicas > 1, minAvailable: 1 },
        alertmanagerSpec: {
          replicas: this.alertmanagerReplicas,
          secrets: this.alertmanagerSecrets,
          storage: volume(alertmanagerStorage),
          resources: alertmanagerResources,
          nodeSelector: APPLICATION_NODE_SELECTOR,
          securityContext: nonRootPod(1000),
          podAntiAffinity: this.alertmanagerReplicas > 1 ? "hard" : "soft",
        },
      },
      grafana: {
        admin: {
          existingSecret: this.grafanaAdminSecretName,
          userKey: "admin-user",
          passwordKey: "admin-password",
        },
        resources: grafanaResources,
        nodeSelector: APPLICATION_NODE_SELECTOR,
        securityContext: nonRootPod(472),
        containerSecurityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ["ALL"] },
          seccompProfile: { type: "RuntimeDefault" },
        },
        persistence: props.grafanaStorage
          ? { enabled: true, type: "pvc", storageClassName: storageClass, size: props.grafanaStorage }
          : { enabled: false },
        sidecar: {
          resources: { requests: { cpu: "20m", memory: "64Mi" }, limits: { cpu: "200m", memory: "256Mi" } },
          dashboards: {
            enabled: true,
            label: GRAFANA_DASHBOARD_LABEL,
            labelValue: "1",
            searchNamespace: "ALL",
          },
        },
      },
    };

    // Alertmanager cannot start until its secret volumes exist, and the install is atomic. Create each
    // secret with the keys the config reads, empty; operators fill them out of band, and Terraform
    // never reads or overwrites what they write (ignore_changes on data).
    const receiverSecrets = this.alertmanagerSecrets.map((name) => {
      const prefix = `${ALERTMANAGER_SECRETS_DIR}/${name}/`;
      const keys = secretFiles(this.alertmanagerConfig)
        .filter((f) => f.startsWith(prefix))
        .map((f) => f.slice(prefix.length));
      const secret = new SecretV1(this, `AlertmanagerSecret-${name}`, {
        metadata: {
          name,
          namespace: this.namespace,
          annotations: { "platform.acme.io/filled-by": "out-of-band; see README (Deploy)" },
        },
        data: Object.fromEntries(keys.map((k) => [k, ""])),
        lifecycle: { ignoreChanges: ["data"] },
      });
      dependOn(secret, [namespace]);
      return secret;
    });

    this.release = new ChartRelease(this, "KubePrometheusStack", {
      releaseName: "kube-prometheus-stack",
      namespace: this.namespace,
      chart: KUBE_PROMETHEUS_STACK_CHART,
      values: values,
      systemPods: {
        pinned: [
          { what: "prometheus-operator", pods: 1, requests: OPERATOR_RESOURCES.requests },
          { what: "kube-state-metrics", pods: 1, requests: KUBE_STATE_METRICS_RESOURCES.requests },
        ],
        perNode: [{ what: "node-exporter", pods: 1, requests: NODE_EXPORTER_RESOURCES.requests }],
      },
      createNamespace: false,
      dependsOn: [namespace, adminSecret, ...receiverSecrets],
      timeoutSeconds: 900,
    });
    this.crdRelease = this.release;
  }

  private validate(
    props: MonitoringProps,
    alertmanagerStorage: string,
    resources: ResourceRequirements[],
  ): void {
    const config = this.alertmanagerConfig;
    const badLabels = Object.entries(this.ruleSelectorLabels).filter(
      ([k, v]) => !LABEL_KEY.test(k) || !/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/.test(v),
    );
    const missingReceivers = undefinedReceivers(config);
    const missingIntervals = undefinedTimeIntervals(config);
    const unmounted = unmountedSecretFiles(config, this.alertmanagerSecrets);
    new Validator(`Monitoring ${this.node.path}`)
      .check(
        RETENTION.test(props.prometheusRetention),
        "monitoring.prometheusRetention",
        props.prometheusRetention,
        "a whole number followed by h, d, w or y",
        "use e.g. 30d",
      )
      .check(
        STORAGE_SIZE.test(props.prometheusStorage),
        "monitoring.prometheusStorage",
        props.prometheusStorage,
        "a size in Gi or Ti",
        "use e.g. 100Gi",
      )
      .check(
        STORAGE_SIZE.test(alertmanagerStorage),
        "alertmanagerStorage",
        alertmanagerStorage,
        "a size in Gi or Ti",
        "use e.g. 10Gi",
      )
      .check(
        props.grafanaStorage === undefined || STORAGE_SIZE.test(props.grafanaStorage),
        "grafanaStorage",
        props.grafanaStorage,
        "a size in Gi or Ti",
        "use e.g. 10Gi",
      )
      .check(
        Number.isInteger(this.prometheusReplicas) && this.prometheusReplicas >= 1,
        "prometheusReplicas",
        this.prometheusReplicas,
        "an integer >= 1",
        "use 2 for high availability",
      )
      .check(
        Number.isInteger(this.alertmanagerReplicas) && this.alertmanagerReplicas >= 1,
        "alertmanagerReplicas",
        this.alertmanagerReplicas,
        "an integer >= 1",
        "use 2 or 3 for high availability",
      )
      .check(
        Object.keys(this.ruleSelectorLabels).length > 0 && badLabels.length === 0,
        "ruleSelectorLabels",
        this.ruleSelectorLabels,
        "at least one valid Kubernetes label",
        'use e.g. { "platform.acme.io/slo": "true" }',
      )
      .check(
        this.alertmanagerSecrets.every((s) => DNS_LABEL.test(s)),
        "alertmanagerSecrets",
        this.alertmanagerSecrets,
        "Secret names (DNS labels)",
        "name the Secrets as created in the monitoring namespace",
      )
      .check(
        missingReceivers.length === 0,
        "alertmanagerConfig.route",
        missingReceivers,
        "receivers defined in alertmanagerConfig.receivers",
        "add the receivers or fix the route",
      )
      .check(
        missingIntervals.length === 0,
        "alertmanagerConfig.route",
        missingIntervals,
        "names defined in alertmanagerConfig.time_intervals",
        "add the time interval or fix the route",
      )
      .check(
        unmounted.length === 0,
        "alertmanagerConfig.receivers",
        unmounted,
        `files under ${ALERTMANAGER_SECRETS_DIR}/<secret>/ of a secret in alertmanagerSecrets`,
        "add the Secret to alertmanagerSecrets or fix the path",
      )
      .check(...resourcesCheck("resources", resources))
      .throwIfAny();
  }
}
