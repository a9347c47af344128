import { Construct, dependOn } from "../core";
import type { DnsPublication, IKubernetesCluster, PlatformAddOns } from "../interfaces";
import { Validator } from "../validation";
import type { AlertmanagerConfig } from "./alertmanager-config";
import { ArgoRollouts } from "./argo-rollouts";
import { GitOps } from "./gitops";
import type { GitOpsApplication } from "./gitops-applications";
import { IstioMesh } from "./istio-mesh";
import { Logging } from "./logging";
import { Monitoring } from "./monitoring";
import { type KubernetesObject, RawManifests } from "./raw-manifests";
import { Tracing } from "./tracing";
import { VerticalPodAutoscaling } from "./vertical-pod-autoscaling";

export interface KubernetesPlatformProps {
  /** The cluster: its own add-ons (load balancing, node autoscaling, metrics) come from it. */
  readonly cluster: IKubernetesCluster;
  /** Replicated controllers, Elasticsearch in three nodes and traces in Elasticsearch. */
  readonly highAvailability: boolean;
  readonly monitoring: {
    readonly prometheusRetention: string;
    readonly prometheusStorage: string;
    readonly alertmanagerConfig: AlertmanagerConfig;
    /** Secrets mounted into Alertmanager, holding the receivers' credentials. */
    readonly alertmanagerSecrets: readonly string[];
  };
  /** Days Elasticsearch keeps log indices. */
  readonly logRetentionDays: number;
  /**
   * StorageClass of every volume (Prometheus, Alertmanager, Grafana, Elasticsearch), which the
   * cluster creates before any install.
   * @default - the cluster's `storageClassName`
   */
  readonly storageClass?: string;
  readonly mesh: {
    readonly meshId: string;
    readonly samplingPercent: number;
    readonly hosts: readonly string[];
    /**
     * TLS secret of the ingress gateway.
     * @default - plain HTTP (dev only)
     */
    readonly tlsCredentialName?: string;
  };
  /** Argo CD Applications: one per environment, pointing at the application manifests path. */
  readonly applications: readonly GitOpsApplication[];
  /**
   * Publish the ingress gateway's load balancer as `recordName` in a hosted zone (ExternalDNS), where
   * the cluster's cloud supports it.
   * @default - no DNS record
   */
  readonly dns?: DnsPublication;
  /**
   * Monitoring objects (PrometheusRules, dashboard ConfigMaps) installed after the operator's CRDs.
   * @default []
   */
  readonly monitoringObjects?: readonly KubernetesObject[];
}

/**
 * Everything a cluster runs before any workload: the cluster's own add-ons (on EKS the AWS Load
 * Balancer Controller, the cluster autoscaler and metrics-server), the VPA, Istio with STRICT mTLS and tracing to Jaeger, kube-prometheus-stack,
 * ELK, Jaeger, Argo CD and Argo Rollouts, in dependency order. It creates no `kubernetes_manifest`:
 * custom resources travel through Helm after their CRDs exist.
 */
export class KubernetesPlatform extends Construct {
  /** What the cluster's cloud installed for the platform. */
  public readonly addOns: PlatformAddOns;
  /** VPA: recommender, updater and admission controller; each workload gets its own VPA object. */
  public readonly verticalAutoscaling: VerticalPodAutoscaling;
  public readonly monitoring: Monitoring;
  public readonly logging: Logging;
  public readonly tracing: Tracing;
  public readonly mesh: IstioMesh;
  public readonly gitops: GitOps;
  public readonly rollouts: ArgoRollouts;
  public readonly monitoringObjects?: RawManifests;

  constructor(scope: Construct, id: string, props: KubernetesPlatformProps) {
    super(scope, id);
    new Validator(`KubernetesPlatform ${this.node.path}`)
      .check(
        props.applications.length > 0,
        "applications",
        [],
        "at least one Application",
        "point Argo CD at the environment's manifests",
      )
      .check(
        props.mesh.hosts.length > 0,
        "mesh.hosts",
        [],
        "at least one host",
        "name the hosts the gateway serves",
      )
      .throwIfAny();
    const ha = props.highAvailability;

    this.addOns = props.cluster.installAddOns(this, { highAvailability: ha, dns: props.dns });
    this.verticalAutoscaling = new VerticalPodAutoscaling(this, "VerticalPodAutoscaling", {
      metricsServer: this.addOns.metricsServer,
      highAvailability: ha,
    });
    this.monitoring = new Monitoring(this, "Monitoring", {
      prometheusRetention: props.monitoring.prometheusRetention,
      prometheusStorage: props.monitoring.prometheusStorage,
      highAvailability: ha,
      alertmanagerConfig: props.monitoring.alertmanagerConfig,
      alertmanagerSecrets: props.monitoring.alertmanagerSecrets,
      storageClass: props.storageClass ?? props.cluster.storageClassName,
    });
    this.logging = new Logging(this, "Logging", {
      retentionDays: props.logRetentionDays,
      highAvailability: ha,
      shareCredentialsWith: ha ? ["observability"] : [],
      storageClass: props.storageClass ?? props.cluster.storageClassName,
    });
    this.tracing = new Tracing(
      this,
      "Tracing",
      ha
        ? { storage: "elasticsearch", highAvailability: true, elasticsearch: this.logging }
        : { storage: "memory", highAvailability: false },
    );
    // The bootstrap release writes a Role and the shared Secrets into the tracing namespace.
    const bootstrap = this.logging.bootstrapRelease.chart.release;
    dependOn(bootstrap, [this.tracing.namespaceResource]);
    const collector = this.tracing.collectorService;
    this.mesh = new IstioMesh(this, "Mesh", {
      meshId: props.mesh.meshId,
      samplingPercent: props.mesh.samplingPercent,
      hosts: props.mesh.hosts,
      tlsCredentialName: props.mesh.tlsCredentialName,
      tracingEndpoint: { service: collector.host, port: collector.otlpGrpcPort },
      gatewayServiceAnnotations:
        Object.keys(this.addOns.gatewayServiceAnnotations).length > 0
          ? this.addOns.gatewayServiceAnnotations
          : undefined,
      istiodReplicas: ha ? 2 : 1,
      gatewayReplicas: ha ? { min: 2, max: 6 } : { min: 1, max: 2 },
      dependsOn: [...this.addOns.gatewayDependsOn],
    });
    if (props.dns) {
      if (!props.cluster.publishDns) {
        throw new Error(
          `KubernetesPlatform ${this.node.path}: dns: the cluster's cloud publishes no DNS here; the edge publishes its names`,
        );
      }
      props.cluster.publishDns(this, props.dns);
    }
    this.rollouts = new ArgoRollouts(this, "Rollouts", { prometheusOperator: true, replicas: ha ? 2 : 1 });
    this.gitops = new GitOps(this, "GitOps", {
      applications: props.applications,
      highAvailability: ha,
      prometheusOperator: true,
    });
    // ServiceMonitors in the Argo charts need the operator's CRDs first.
    for (const release of [this.rollouts.release, this.gitops.release]) {
      dependOn(release.release, [this.monitoring.crdRelease.release]);
    }
    if (props.monitoringObjects && props.monitoringObjects.length > 0) {
      this.monitoringObjects = new RawManifests(this, "MonitoringObjects", {
        releaseName: "platform-monitoring-objects",
        namespace: this.monitoring.namespace,
        manifests: props.monitoringObjects,
        dependsOn: [this.monitoring.crdRelease],
      });
    }
  }
}
