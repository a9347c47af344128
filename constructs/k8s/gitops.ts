import { Construct } from "../core";
import { Validator } from "../validation";
import { ChartRelease } from "./chart-release";
import { application, appProject, type GitOpsApplication } from "./gitops-applications";
import {
  ARGO_CD_CHART_VERSION,
  ARGO_HELM_REPOSITORY,
  type ArgoCdResources,
  type ArgoCdValues,
  DEFAULT_ARGO_CD_RESOURCES,
  type MetricsValues,
} from "./gitops-values";
import { DNS_LABEL, DNS_SUBDOMAIN, SEMVER } from "./k8s-checks";
import { toManifest } from "./manifest";
import { resourcesCheck, SYSTEM_NODE_SELECTOR, SYSTEM_TOLERATIONS } from "./observability-common";
import { RawManifests } from "./raw-manifests";
import { type PodFootprint, sumRequests } from "./system-pods";

export type { GitOpsApplication } from "./gitops-applications";

export interface GitOpsProps {
  /** Applications Argo CD keeps in sync, one per environment/workload. */
  readonly applications: readonly GitOpsApplication[];
  /**
   * Prod-like availability: redis-ha (3 nodes), two or more server and repo-server pods (HPA),
   * two ApplicationSet controllers, and PodDisruptionBudgets.
   * @default false
   */
  readonly highAvailability?: boolean;
  /**
   * Host name Argo CD is reached at (`global.domain`): URLs, SSO redirects, notifications.
   * @default - the chart's placeholder; set it before enabling SSO
   */
  readonly domain?: string;
  /**
   * Dex connectors configuration (`dex.config`, YAML). Dex runs only when this is set.
   * @default - Dex disabled; log in with the local admin
   */
  readonly dexConfig?: string;
  /**
   * Scrape Argo CD with Prometheus Operator ServiceMonitors (the CRD must already exist).
   * @default false
   */
  readonly prometheusOperator?: boolean;
  /**
   * Labels for the ServiceMonitors, to match the Prometheus `serviceMonitorSelector`.
   * @default {}
   */
  readonly serviceMonitorLabels?: Readonly<Record<string, string>>;
  /** @default "argocd" */
  readonly namespace?: string;
  /**
   * AppProject the applications belong to.
   * @default "platform-apps"
   */
  readonly projectName?: string;
  /** @default ARGO_CD_CHART_VERSION (10.1.1) */
  readonly version?: string;
  /** @default DEFAULT_ARGO_CD_RESOURCES */
  readonly resources?: Partial<ArgoCdResources>;
}

/** Namespaces Argo CD applications must not deploy into. */
const RESERVED_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease", "istio-system"];
const REPO_URL = /^(https:\/\/|ssh:\/\/|git@)[^\s]+$/;
const REPO_PATH = /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[^\s]+$/;

/**
 * Argo CD from the argo-helm chart on the system nodes (TLS on its own server, Dex off unless
 * configured), an AppProject, and one automated Application per entry that leaves Argo Rollouts' Istio
 * route weights alone.
 */
export class GitOps extends Construct {
  public readonly release: ChartRelease<ArgoCdValues>;
  /** The AppProject and Applications; install after `release` (which installs their CRDs). */
  public readonly applicationManifests: RawManifests;
  public readonly namespace: string;
  public readonly projectName: string;
  public readonly version: string;
  public readonly highAvailability: boolean;
  public readonly dexEnabled: boolean;
  public readonly applicationNames: readonly string[];
  public readonly resources: ArgoCdResources;

  constructor(scope: Construct, id: string, props: GitOpsProps) {
    super(scope, id);
    this.namespace = props.namespace ?? "argocd";
    this.projectName = props.projectName ?? "platform-apps";
    this.version = props.version ?? ARGO_CD_CHART_VERSION;
    this.highAvailability = props.highAvailability ?? false;
    this.dexEnabled = props.dexConfig !== undefined;
    this.applicationNames = props.applications.map((a) => a.name);
    this.resources = { ...DEFAULT_ARGO_CD_RESOURCES, ...props.resources };
    this.validate(props);

    this.release = new ChartRelease<ArgoCdValues>(this, "ArgoCd", {
      releaseName: "argocd",
      namespace: this.namespace,
      chart: { repository: ARGO_HELM_REPOSITORY, chart: "argo-cd", version: this.version },
      values: this.values(props),
      systemPods: { pinned: this.systemPods() },
    });
    this.applicationManifests = new RawManifests(this, "Applications", {
      releaseName: "argocd-applications",
      namespace: this.namespace,
      manifests: [
        toManifest(appProject(this.projectName, this.namespace, props.applications)),
        ...props.applications.map((a) => toManifest(application(a, this.projectName, this.namespace))),
      ],
      dependsOn: [this.release],
    });
  }

  private values(props: GitOpsProps): ArgoCdValues {
    const ha = this.highAvailability;
    const res = this.resources;
    const metrics: MetricsValues = {
      enabled: props.prometheusOperator ?? false,
      serviceMonitor: {
        enabled: props.prometheusOperator ?? false,
        additionalLabels: props.serviceMonitorLabels ?? {},
      },
    };
    const pdb = { enabled: ha, maxUnavailable: 1 };
    const replicas = ha ? 2 : 1;
    const autoscaling = { enabled: ha, minReplicas: 2, maxReplicas: 5 };
    return {
      global: {
        ...(props.domain ? { domain: props.domain } : {}),
        nodeSelector: SYSTEM_NODE_SELECTOR,
        tolerations: SYSTEM_TOLERATIONS,
        logging: { format: "json" },
      },
      crds: { install: true, keep: true },
      configs: {
        params: { "server.insecure": false },
        cm: {
          "exec.enabled": false,
          "admin.enabled": true,
          ...(props.dexConfig ? { "dex.config": props.dexConfig } : {}),
        },
      },
      dex: { enabled: this.dexEnabled, ...(this.dexEnabled ? { resources: res.dex } : {}) },
      notifications: { enabled: false },
      // One controller: extra replicas only shard clusters, and this Argo CD manages one.
      controller: {
        replicas: 1,
        resources: res.controller,
        pdb: { enabled: false, maxUnavailable: 1 },
        metrics,
      },
      repoServer: { replicas, autoscaling, resources: res.repoServer, pdb, metrics },
      server: { replicas, autoscaling, resources: res.server, pdb, metrics },
      applicationSet: { replicas, resources: res.applicationSet, pdb, metrics },
      redis: { resources: res.redis },
      redisSecretInit: { resources: res.redis },
      "redis-ha": {
        enabled: ha,
        nodeSelector: SYSTEM_NODE_SELECTOR,
        tolerations: SYSTEM_TOLERATIONS,
        redis: { resources: res.redis },
        sentinel: { resources: res.redis },
        haproxy: { tolerations: SYSTEM_TOLERATIONS, resources: res.redis },
      },
    };
  }

  /** Every component runs on the system nodes (`global.nodeSelector`); HPAs scale two of them to 5. */
  private systemPods(): PodFootprint[] {
    const ha = this.highAvailability;
    const res = this.resources;
    const scaled = ha ? { pods: 2, maxPods: 5 } : { pods: 1 };
    return [
      { what: "argocd application controller", pods: 1, requests: res.controller.requests },
      { what: "argocd repo server", ...scaled, requests: res.repoServer.requests },
      { what: "argocd server", ...scaled, requests: res.server.requests },
      { what: "argocd applicationset controller", pods: ha ? 2 : 1, requests: res.applicationSet.requests },
      ...(this.dexEnabled ? [{ what: "argocd dex", pods: 1, requests: res.dex.requests }] : []),
      // redis-ha: three servers (redis and sentinel containers) and three haproxy pods.
      ...(ha
        ? [
            { what: "argocd redis-ha server", pods: 3, requests: sumRequests(res.redis.requests, 2) },
            { what: "argocd redis-ha haproxy", pods: 3, requests: res.redis.requests },
          ]
        : [{ what: "argocd redis", pods: 1, requests: res.redis.requests }]),
    ];
  }

  private validate(props: GitOpsProps): void {
    const v = new Validator(`GitOps ${this.node.path}`)
      .check(
        SEMVER.test(this.version),
        "version",
        this.version,
        "an exact chart version",
        "pin the chart, e.g. 10.1.1",
      )
      .check(DNS_LABEL.test(this.namespace), "namespace", this.namespace, "a DNS label", "use argocd")
      .check(
        DNS_SUBDOMAIN.test(this.projectName) && this.projectName !== "default",
        "projectName",
        this.projectName,
        "a DNS subdomain other than default",
        "the default project allows everything; keep a fenced one",
      )
      .check(
        props.domain === undefined || DNS_SUBDOMAIN.test(props.domain),
        "domain",
        props.domain,
        "a host name",
        "e.g. argocd.example.com",
      )
      .check(
        props.dexConfig === undefined || (props.dexConfig.trim() !== "" && props.domain !== undefined),
        "dexConfig",
        props.dexConfig,
        "non-empty YAML, with domain set",
        "Dex redirects to https://<domain>/api/dex/callback",
      );
    const dup = this.applicationNames.find((n, i) => this.applicationNames.indexOf(n) !== i);
    v.check(dup === undefined, "applications", dup, "unique names", "rename one of the applications");
    props.applications.forEach((a, i) => {
      const at = `applications[${i}]`;
      v.check(DNS_SUBDOMAIN.test(a.name), `${at}.name`, a.name, "a DNS subdomain", "e.g. shop-prod")
        .check(
          REPO_URL.test(a.repoUrl),
          `${at}.repoUrl`,
          a.repoUrl,
          "an https://, ssh:// or git@ Git URL",
          "use the repository's clone URL",
        )
        .check(
          /^\S+$/.test(a.targetRevision),
          `${at}.targetRevision`,
          a.targetRevision,
          "a branch, tag or commit",
          "e.g. main",
        )
        .check(
          REPO_PATH.test(a.path),
          `${at}.path`,
          a.path,
          "a relative path inside the repository, without ..",
          "e.g. deploy/prod",
        )
        .check(
          DNS_LABEL.test(a.destinationNamespace) &&
            ![...RESERVED_NAMESPACES, this.namespace].includes(a.destinationNamespace),
          `${at}.destinationNamespace`,
          a.destinationNamespace,
          `a DNS label other than ${[...RESERVED_NAMESPACES, this.namespace].join(", ")}`,
          "deploy workloads into their own namespace",
        );
    });
    for (const [name, res] of Object.entries(props.resources ?? {}))
      v.check(...resourcesCheck(`resources.${name}`, res));
    v.throwIfAny();
  }
}
