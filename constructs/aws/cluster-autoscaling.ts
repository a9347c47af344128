import { Construct } from "../core";
import { ChartRelease } from "../k8s/chart-release";
import { AWS_REGION, EKS_CLUSTER_NAME, IAM_ROLE_ARN, isIntIn, tokenOr } from "../k8s/k8s-checks";
import {
  RESTRICTED_CONTAINER,
  type ResourceRequirements,
  resourcesCheck,
  SYSTEM_NODE_SELECTOR,
  SYSTEM_TOLERATIONS,
} from "../k8s/observability-common";
import { Validator } from "../validation";
import {
  AUTOSCALER_REPOSITORY,
  CLUSTER_AUTOSCALER_CHART_VERSION,
  CLUSTER_AUTOSCALER_IMAGE_TAGS,
  type ClusterAutoscalerValues,
  METRICS_SERVER_CHART_VERSION,
  METRICS_SERVER_REPOSITORY,
  type MetricsServerValues,
} from "./cluster-autoscaling-values";
import type { EksVersion } from "./eks-cluster";
import { SERVICE_ACCOUNTS } from "./eks-service-account-roles";

export interface ClusterAutoscalingProps {
  /** The EKS cluster's name: the autoscaler discovers groups tagged `k8s.io/cluster-autoscaler/<name>`. */
  readonly clusterName: string;
  readonly region: string;
  /** The cluster's Kubernetes minor; picks the autoscaler image of the same minor. */
  readonly kubernetesVersion: EksVersion;
  /** IRSA role for `kube-system/cluster-autoscaler`, created by the EKS construct. */
  readonly roleArn: string;
  /**
   * Autoscaler image tag; must share the cluster's minor.
   * @default CLUSTER_AUTOSCALER_IMAGE_TAGS[kubernetesVersion]
   */
  readonly imageTag?: string;
  /**
   * Priority expander tiers (higher wins), each a list of node group name regexes. When set, the
   * expander becomes `priority,least-waste` (least-waste breaks ties within a tier).
   * @default - `least-waste` alone
   */
  readonly expanderPriorities?: Readonly<Record<number, readonly string[]>>;
  /**
   * Autoscaler replicas (leader-elected: one acts, the other takes over within seconds).
   * @default 2
   */
  readonly autoscalerReplicas?: number;
  /** @default 2 */
  readonly metricsServerReplicas?: number;
  /** @default - requests 100m/300Mi, limits 500m/600Mi */
  readonly autoscalerResources?: ResourceRequirements;
  /** @default - requests 100m/200Mi, limits 500m/400Mi */
  readonly metricsServerResources?: ResourceRequirements;
}

/**
 * Node autoscaling (cluster-autoscaler, with its IRSA role, discovering this cluster's tagged node
 * groups) and the resource metrics API (metrics-server) that HPAs read, both on the system nodes.
 */
export class ClusterAutoscaling extends Construct {
  public readonly autoscalerRelease: ChartRelease<ClusterAutoscalerValues>;
  public readonly metricsServerRelease: ChartRelease<MetricsServerValues>;
  public readonly namespace: string = SERVICE_ACCOUNTS.clusterAutoscaler.namespace;
  /** Must match the IRSA role's trust policy (constructs/aws/eks-service-account-roles.ts). */
  public readonly serviceAccountName: string = SERVICE_ACCOUNTS.clusterAutoscaler.serviceAccount;
  public readonly imageTag: string;
  /** The `--expander` flag: `least-waste`, or `priority,least-waste` with priorities. */
  public readonly expander: string;
  public readonly autoscalerReplicas: number;
  public readonly metricsServerReplicas: number;

  constructor(scope: Construct, id: string, props: ClusterAutoscalingProps) {
    super(scope, id);
    const defaultTag = CLUSTER_AUTOSCALER_IMAGE_TAGS[props.kubernetesVersion] as string | undefined;
    this.imageTag = props.imageTag ?? defaultTag ?? "";
    this.expander = props.expanderPriorities ? "priority,least-waste" : "least-waste";
    this.autoscalerReplicas = props.autoscalerReplicas ?? 2;
    this.metricsServerReplicas = props.metricsServerReplicas ?? 2;
    validate(`ClusterAutoscaling ${this.node.path}`, this, props, defaultTag !== undefined);

    const autoscalerResources = props.autoscalerResources ?? {
      requests: { cpu: "100m", memory: "300Mi" },
      limits: { cpu: "500m", memory: "600Mi" },
    };
    const metricsServerResources = props.metricsServerResources ?? {
      requests: { cpu: "100m", memory: "200Mi" },
      limits: { cpu: "500m", memory: "400Mi" },
    };
    this.autoscalerRelease = new ChartRelease<ClusterAutoscalerValues>(this, "ClusterAutoscaler", {
      releaseName: "cluster-autoscaler",
      namespace: this.namespace,
      chart: {
        repository: AUTOSCALER_REPOSITORY,
        chart: "cluster-autoscaler",
        version: CLUSTER_AUTOSCALER_CHART_VERSION,
      },
      createNamespace: false,
      systemPods: {
        pinned: [
          {
            what: "cluster-autoscaler",
            pods: this.autoscalerReplicas,
            requests: autoscalerResources.requests,
          },
        ],
      },
      values: {
        cloudProvider: "aws",
        awsRegion: props.region,
        autoDiscovery: { clusterName: props.clusterName },
        image: { tag: this.imageTag },
        rbac: {
          serviceAccount: {
            create: true,
            name: this.serviceAccountName,
            annotations: { "eks.amazonaws.com/role-arn": props.roleArn },
          },
        },
        extraArgs: {
          "balance-similar-node-groups": true,
          // DaemonSet and kube-system pods must not pin an otherwise empty node forever.
          "skip-nodes-with-system-pods": false,
          expander: this.expander,
        },
        ...(props.expanderPriorities ? { expanderPriorities: { ...props.expanderPriorities } } : {}),
        replicaCount: this.autoscalerReplicas,
        podDisruptionBudget: { maxUnavailable: 1 },
        priorityClassName: "system-cluster-critical",
        nodeSelector: SYSTEM_NODE_SELECTOR,
        tolerations: SYSTEM_TOLERATIONS,
        resources: autoscalerResources,
        securityContext: {
          runAsNonRoot: true,
          runAsUser: 65534,
          runAsGroup: 65534,
          seccompProfile: { type: "RuntimeDefault" },
        },
        containerSecurityContext: RESTRICTED_CONTAINER,
      },
    });

    this.metricsServerRelease = new ChartRelease<MetricsServerValues>(this, "MetricsServer", {
      releaseName: "metrics-server",
      namespace: "kube-system",
      chart: {
        repository: METRICS_SERVER_REPOSITORY,
        chart: "metrics-server",
        version: METRICS_SERVER_CHART_VERSION,
        controlPlaneTargets: [{ port: 10250, what: "metrics-server aggregated API" }],
      },
      createNamespace: false,
      systemPods: {
        pinned: [
          {
            what: "metrics-server",
            pods: this.metricsServerReplicas,
            requests: metricsServerResources.requests,
          },
        ],
      },
      values: {
        replicas: this.metricsServerReplicas,
        podDisruptionBudget: { enabled: true, minAvailable: 1 },
        priorityClassName: "system-cluster-critical",
        nodeSelector: SYSTEM_NODE_SELECTOR,
        tolerations: SYSTEM_TOLERATIONS,
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: "kubernetes.io/hostname",
            whenUnsatisfiable: "ScheduleAnyway",
            labelSelector: { matchLabels: { "app.kubernetes.io/name": "metrics-server" } },
          },
        ],
        resources: metricsServerResources,
        securityContext: { ...RESTRICTED_CONTAINER, runAsNonRoot: true, runAsUser: 1000 },
      },
    });
  }
}

function validate(
  construct: string,
  r: ClusterAutoscaling,
  props: ClusterAutoscalingProps,
  knownVersion: boolean,
): void {
  const tagMinor = /^v(\d+\.\d+)\.\d+$/.exec(r.imageTag)?.[1];
  const priorities = Object.entries(props.expanderPriorities ?? {});
  const v = new Validator(construct)
    .check(
      tokenOr(props.clusterName, EKS_CLUSTER_NAME),
      "clusterName",
      props.clusterName,
      "an EKS cluster name",
      "pass the EksCluster's clusterName",
    )
    .check(
      tokenOr(props.region, AWS_REGION),
      "region",
      props.region,
      "an AWS region such as eu-west-1",
      "pass the stack's region",
    )
    .check(
      tokenOr(props.roleArn, IAM_ROLE_ARN),
      "roleArn",
      props.roleArn,
      "an IAM role ARN",
      "pass the EksCluster's clusterAutoscalerRoleArn",
    )
    .check(
      knownVersion,
      "kubernetesVersion",
      props.kubernetesVersion,
      Object.keys(CLUSTER_AUTOSCALER_IMAGE_TAGS).join(", "),
      "add the autoscaler build for this minor to CLUSTER_AUTOSCALER_IMAGE_TAGS",
    )
    .check(
      !knownVersion || tagMinor === props.kubernetesVersion,
      "imageTag",
      r.imageTag,
      `v${props.kubernetesVersion}.<patch>`,
      "the autoscaler supports only the Kubernetes minor it was built for",
    )
    .check(
      isIntIn(r.autoscalerReplicas, 1),
      "autoscalerReplicas",
      r.autoscalerReplicas,
      "an integer >= 1",
      "use 2 for a warm standby",
    )
    .check(
      isIntIn(r.metricsServerReplicas, 1),
      "metricsServerReplicas",
      r.metricsServerReplicas,
      "an integer >= 1",
      "use 2 so HPAs keep working through a node drain",
    )
    .check(
      props.expanderPriorities === undefined ||
        (priorities.length > 0 && priorities.every(([k, res]) => isIntIn(Number(k), 1) && res.length > 0)),
      "expanderPriorities",
      props.expanderPriorities,
      "tiers keyed by positive integers, each with at least one regex",
      'e.g. { 50: [".*on-demand.*"], 10: [".*"] }',
    );
  for (const [field, res] of [
    ["autoscalerResources", props.autoscalerResources],
    ["metricsServerResources", props.metricsServerResources],
  ] as const)
    v.check(...resourcesCheck(field, res));
  v.throwIfAny();
}
