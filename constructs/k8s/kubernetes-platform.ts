import type { EksVersion } from "../aws/eks-cluster";
import { Construct, dependable } from "../core";
import { Validator } from "../validation";
import type { AlertmanagerConfig } from "./alertmanager-config";
import { ArgoRollouts } from "./argo-rollouts";
import { ClusterAutoscaling } from "./cluster-autoscaling";
import { ExternalDns, HOSTNAME_ANNOTATION } from "./external-dns";
import { GitOps } from "./gitops";
import type { GitOpsApplication } from "./gitops-applications";
import { VerticalPodAutoscaling } from "./vertical-pod-autoscaling";
import { IstioMesh } from "./istio-mesh";
import { LoadBalancerController } from "./load-balancer-controller";
import { Logging } from "./logging";
import { Monitoring } from "./monitoring";
import { type KubernetesObject, RawManifests } from "./raw-manifests";
import { Tracing } from "./tracing";

export interface KubernetesPlatformProps {
  /** The EKS cluster's name (a reference, so installs wait for the cluster). */
  readonly clusterName: string;
  readonly region: string;
  readonly vpcId: string;
  readonly kubernetesVersion: EksVersion;
  /** IRSA role of the cluster autoscaler (created by the EKS construct). */
  readonly autoscalerRoleArn: string;
  /** IRSA role of the AWS Load Balancer Controller (created by the EKS construct). */
  readonly loadBalancerControllerRoleArn: string;
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
   * @default "gp3"
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
   * Publish the ingress gateway's NLB as `recordName` in a hosted zone, through ExternalDNS (the prod
   * colors' `<color>.<zone>`, which the live-color switch points at).
   * @default - no DNS record
   */
  readonly dns?: {
    readonly zoneName: string;
    readonly zoneId: string;
    readonly recordName: string;
    readonly oidcProviderArn: string;
    readonly oidcIssuerUrl: string;
  };
  /**
   * Monitoring objects (PrometheusRules, dashboard ConfigMaps) installed after the operator's CRDs.
   * @default []
   */
  readonly monitoringObjects?: readonly KubernetesObject[];
}

/**
 * Everything a cluster runs before any workload: the AWS Load Balancer Controller, the cluster
 * autoscaler and metrics-server, Istio with STRICT mTLS and tracing to Jaeger, kube-prometheus-stack,
 * ELK, Jaeger, Argo CD and Argo Rollouts, in dependency order. It creates no `kubernetes_manifest`:
 * custom resources travel through Helm after their CRDs exist.
 */
export class KubernetesPlatform extends Construct {
  public readonly loadBalancerController: LoadBalancerController;
  public readonly autoscaling: ClusterAutoscaling;
  /** VPA: recommender, updater and admission controller; each workload gets its own VPA object. */
  public readonly verticalAutoscaling: VerticalPodAutoscaling;
  public readonly monitoring: Monitoring;
  public readonly logging: Logging;
  public readonly tracing: Tracing;
  public readonly mesh: IstioMesh;
  public readonly gitops: GitOps;
  public readonly rollouts: ArgoRollouts;
  public readonly monitoringObjects?: RawManifests;
  public readonly externalDns?: ExternalDns;

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

    this.loadBalancerController = new LoadBalancerController(this, "LoadBalancerController", {
      clusterName: props.clusterName,
      region: props.region,
      vpcId: props.vpcId,
      roleArn: props.loadBalancerControllerRoleArn,
    });
    this.autoscaling = new ClusterAutoscaling(this, "Autoscaling", {
      clusterName: props.clusterName,
      region: props.region,
      kubernetesVersion: props.kubernetesVersion,
      roleArn: props.autoscalerRoleArn,
    });
    this.verticalAutoscaling = new VerticalPodAutoscaling(this, "VerticalPodAutoscaling", {
      metricsServer: this.autoscaling.metricsServerRelease,
      highAvailability: ha,
    });
    this.monitoring = new Monitoring(this, "Monitoring", {
      prometheusRetention: props.monitoring.prometheusRetention,
      prometheusStorage: props.monitoring.prometheusStorage,
      highAvailability: ha,
      alertmanagerConfig: props.monitoring.alertmanagerConfig,
      alertmanagerSecrets: props.monitoring.alertmanagerSecrets,
      storageClass: props.storageClass,
    });
    this.logging = new Logging(this, "Logging", {
      retentionDays: props.logRetentionDays,
      highAvailability: ha,
      shareCredentialsWith: ha ? ["observability"] : [],
      storageClass: props.storageClass,
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
    bootstrap.dependsOn = [...(bootstrap.dependsOn ?? []), dependable(this.tracing.namespaceResource)];
    const collector = this.tracing.collectorService;
    this.mesh = new IstioMesh(this, "Mesh", {
      meshId: props.mesh.meshId,
      samplingPercent: props.mesh.samplingPercent,
      hosts: props.mesh.hosts,
      tlsCredentialName: props.mesh.tlsCredentialName,
      tracingEndpoint: { service: collector.host, port: collector.otlpGrpcPort },
      gatewayServiceAnnotations: props.dns ? { [HOSTNAME_ANNOTATION]: props.dns.recordName } : undefined,
      istiodReplicas: ha ? 2 : 1,
      gatewayReplicas: ha ? { min: 2, max: 6 } : { min: 1, max: 2 },
      // The load balancer controller, not the in-tree controller, must own the gateway's NLB.
      dependsOn: [this.loadBalancerController.release],
    });
    if (props.dns) {
      this.externalDns = new ExternalDns(this, "ExternalDns", {
        clusterName: props.clusterName,
        region: props.region,
        zoneName: props.dns.zoneName,
        zoneId: props.dns.zoneId,
        oidcProviderArn: props.dns.oidcProviderArn,
        oidcIssuerUrl: props.dns.oidcIssuerUrl,
      });
    }
    this.rollouts = new ArgoRollouts(this, "Rollouts", { prometheusOperator: true, replicas: ha ? 2 : 1 });
    this.gitops = new GitOps(this, "GitOps", {
      applications: props.applications,
      highAvailability: ha,
      prometheusOperator: true,
    });
    // ServiceMonitors in the Argo charts need the operator's CRDs first.
    for (const release of [this.rollouts.release, this.gitops.release]) {
      release.release.dependsOn = [
        ...(release.release.dependsOn ?? []),
        dependable(this.monitoring.crdRelease.release),
      ];
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
