import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { Construct } from "../core";
import { Validator } from "../validation";
import { waive } from "../waiver";
import { ChartRelease } from "./chart-release";
import type { Elasticsearch, Kibana, PodTemplate } from "./eck-types";
import { bootstrapObjects, eckSecretNames } from "./elastic-bootstrap";
import { type FluentBitValues, fluentBitValues } from "./fluent-bit-values";
import { toManifest } from "./manifest";
import {
  APPLICATION_NODE_SELECTOR,
  RESTRICTED_CONTAINER,
  type ResourceRequirements,
  resourcesCheck,
  STORAGE_SIZE,
  SYSTEM_NODE_SELECTOR,
  SYSTEM_TOLERATIONS,
} from "./observability-common";
import { RawManifests } from "./raw-manifests";

const ECK_OPERATOR_RESOURCES = {
  requests: { cpu: "100m", memory: "150Mi" },
  limits: { cpu: "1", memory: "1Gi" },
} as const;

/** eck-operator 3.5.0 (released 2026-08-05, per the operatorhub community-operators PR #8938). */
export const ECK_OPERATOR_CHART = {
  repository: "https://helm.elastic.co",
  chart: "eck-operator",
  version: "3.5.0",
  controlPlaneTargets: [{ port: 9443, what: "ECK validating webhook" }],
} as const;
/** fluent-bit chart 0.58.1 (Fluent Bit 5.1.1); versions and values keys in `chart-facts/fluent-bit.json`. */
export const FLUENT_BIT_CHART = {
  repository: "https://fluent.github.io/helm-charts",
  chart: "fluent-bit",
  version: "0.58.1",
} as const;
/**
 * Elastic Stack version. ECK 3.x runs 8.x and 9.x; 8.19 is kept because Jaeger's Elasticsearch 9
 * support is still marked experimental (jaegertracing/jaeger#7320).
 */
export const DEFAULT_ELASTIC_VERSION = "8.19.14";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export interface LoggingProps {
  /** Days log indices are kept before the lifecycle policy deletes them (`monitoring.logRetentionDays`). */
  readonly retentionDays: number;
  /** Staging and production: three Elasticsearch nodes, two Kibana instances, one replica per shard. */
  readonly highAvailability: boolean;
  /** @default 3 with highAvailability, else 1 */
  readonly elasticsearchNodes?: number;
  /** Volume size of each Elasticsearch node. @default "100Gi" with highAvailability, else "20Gi" */
  readonly elasticsearchStorage?: string;
  /** @default 1 CPU / 4Gi requested, 2 CPU / 4Gi limit (HA); 500m / 2Gi, 1 CPU / 2Gi otherwise */
  readonly elasticsearchResources?: ResourceRequirements;
  /** @default 200m / 1Gi requested, 1 CPU / 1Gi limit */
  readonly kibanaResources?: ResourceRequirements;
  /** @default 100m / 128Mi requested, 500m / 256Mi limit */
  readonly fluentBitResources?: ResourceRequirements;
  /** Elastic Stack version of Elasticsearch and Kibana. @default "8.19.14" */
  readonly elasticVersion?: string;
  /** Storage class of the Elasticsearch volumes. @default "gp3" */
  readonly storageClass?: string;
  /** Prefix of the daily log indices (`<prefix>-YYYY.MM.DD`). @default "kubernetes" */
  readonly indexPrefix?: string;
  /**
   * Namespaces that get a copy of the elastic user Secret and the HTTP CA Secret (same names as in
   * `logging`), e.g. `["observability"]` for Jaeger.
   * @default []
   */
  readonly shareCredentialsWith?: readonly string[];
}

/**
 * Logs: the ECK operator (namespace `elastic-system`), an Elasticsearch cluster and Kibana (namespace
 * `logging`), Fluent Bit on every node shipping container logs to Elasticsearch, and an index
 * lifecycle policy that deletes log indices after `retentionDays`.
 */
export class Logging extends Construct {
  public readonly operatorNamespace = "elastic-system";
  public readonly namespace = "logging";
  public readonly elasticsearchName = "elasticsearch";
  public readonly elasticsearchNamespace: string;
  /** In-cluster HTTPS URL of Elasticsearch (ECK's self-signed CA; see `caSecretName`). */
  public readonly elasticsearchUrl: string;
  /** ECK's Secret with the `elastic` superuser password under key `elastic`. */
  public readonly elasticUserSecretName: string;
  /** ECK's Secret with the HTTP CA certificate under key `ca.crt`. */
  public readonly caSecretName: string;
  public readonly indexPrefix: string;
  public readonly ilmPolicyName: string;
  public readonly elasticsearchNodes: number;
  public readonly elasticVersion: string;
  public readonly shareCredentialsWith: readonly string[];
  /** The ECK operator release; it installs the ECK CRDs. */
  public readonly operatorRelease: ChartRelease<object>;
  /** The Elasticsearch and Kibana resources. */
  public readonly resourcesRelease: RawManifests;
  /** The lifecycle policy and credential copies; done once this release is installed. */
  public readonly bootstrapRelease: RawManifests;
  public readonly fluentBitRelease: ChartRelease<FluentBitValues>;
  public readonly elasticsearch: Elasticsearch;
  public readonly kibana: Kibana;

  constructor(scope: Construct, id: string, props: LoggingProps) {
    super(scope, id);
    const ha = props.highAvailability;
    this.elasticsearchNamespace = this.namespace;
    this.elasticsearchUrl = `https://${this.elasticsearchName}-es-http.${this.namespace}.svc:9200`;
    const secrets = eckSecretNames(this.elasticsearchName);
    this.elasticUserSecretName = secrets.elasticUser;
    this.caSecretName = secrets.httpCa;
    this.indexPrefix = props.indexPrefix ?? "kubernetes";
    this.ilmPolicyName = `${this.indexPrefix}-logs`;
    this.elasticsearchNodes = props.elasticsearchNodes ?? (ha ? 3 : 1);
    this.elasticVersion = props.elasticVersion ?? DEFAULT_ELASTIC_VERSION;
    this.shareCredentialsWith = props.shareCredentialsWith ?? [];
    const storage = props.elasticsearchStorage ?? (ha ? "100Gi" : "20Gi");
    const esResources =
      props.elasticsearchResources ??
      (ha
        ? { requests: { cpu: "1", memory: "4Gi" }, limits: { cpu: "2", memory: "4Gi" } }
        : { requests: { cpu: "500m", memory: "2Gi" }, limits: { cpu: "1", memory: "2Gi" } });
    const kibanaResources = props.kibanaResources ?? {
      requests: { cpu: "200m", memory: "1Gi" },
      limits: { cpu: "1", memory: "1Gi" },
    };
    const fluentBitResources = props.fluentBitResources ?? {
      requests: { cpu: "100m", memory: "128Mi" },
      limits: { cpu: "500m", memory: "256Mi" },
    };
    this.validate(props, storage, [esResources, kibanaResources, fluentBitResources]);

    const namespace = new NamespaceV1(this, "Namespace", { metadata: { name: this.namespace } });
    this.operatorRelease = new ChartRelease(this, "EckOperator", {
      releaseName: "eck-operator",
      namespace: this.operatorNamespace,
      chart: ECK_OPERATOR_CHART,
      // The chart runs one operator (a StatefulSet of one).
      systemPods: { pinned: [{ what: "eck-operator", pods: 1, requests: ECK_OPERATOR_RESOURCES.requests }] },
      values: {
        installCRDs: true,
        managedNamespaces: [this.namespace],
        resources: ECK_OPERATOR_RESOURCES,
        nodeSelector: SYSTEM_NODE_SELECTOR,
        tolerations: SYSTEM_TOLERATIONS,
        podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        securityContext: { ...RESTRICTED_CONTAINER, runAsNonRoot: true },
      },
      dependsOn: [namespace],
    });

    this.elasticsearch = this.elasticsearchResource(storage, props.storageClass ?? "gp3", esResources);
    this.kibana = {
      apiVersion: "kibana.k8s.elastic.co/v1",
      kind: "Kibana",
      metadata: { name: "kibana", namespace: this.namespace },
      spec: {
        version: this.elasticVersion,
        count: ha ? 2 : 1,
        elasticsearchRef: { name: this.elasticsearchName, namespace: this.namespace },
        podTemplate: podTemplate("kibana", kibanaResources, false),
      },
    };
    this.resourcesRelease = new RawManifests(this, "ElasticStack", {
      releaseName: "elastic-stack",
      namespace: this.namespace,
      manifests: [this.elasticsearch, this.kibana],
      dependsOn: [this.operatorRelease],
    });

    const bootstrap = bootstrapObjects({
      elasticsearchName: this.elasticsearchName,
      namespace: this.namespace,
      elasticsearchUrl: this.elasticsearchUrl,
      policyName: this.ilmPolicyName,
      indexPrefix: this.indexPrefix,
      retentionDays: props.retentionDays,
      replicas: this.elasticsearchNodes > 1 ? 1 : 0,
      shareWithNamespaces: this.shareCredentialsWith,
    });
    this.bootstrapRelease = new RawManifests(this, "Bootstrap", {
      releaseName: "elastic-bootstrap",
      namespace: this.namespace,
      manifests: [bootstrap.bodies, bootstrap.account, ...bootstrap.rbac, bootstrap.job].map((o) =>
        toManifest(o),
      ),
      dependsOn: [this.resourcesRelease.chart],
    });

    this.fluentBitRelease = new ChartRelease(this, "FluentBit", {
      releaseName: "fluent-bit",
      namespace: this.namespace,
      chart: FLUENT_BIT_CHART,
      values: fluentBitValues({
        host: `${this.elasticsearchName}-es-http.${this.namespace}.svc`,
        elasticUserSecretName: this.elasticUserSecretName,
        caSecretName: this.caSecretName,
        indexPrefix: this.indexPrefix,
        resources: fluentBitResources,
      }),
      // A DaemonSet that tolerates every taint: one pod on each system node too.
      systemPods: { perNode: [{ what: "fluent-bit", pods: 1, requests: fluentBitResources.requests }] },
      createNamespace: false,
      dependsOn: [this.resourcesRelease.chart],
    });
    // Container logs under /var/log are root-owned files on each node; everything else is locked down.
    waive(
      this.fluentBitRelease.release,
      "PLAT-K8S-008",
      "Fluent Bit reads root-owned container logs from the node's /var/log; it runs as root with all capabilities dropped, no privilege escalation and a read-only root filesystem",
      // At most 90 days ahead (the policy's limit): renewed on review.
      "2027-03-01",
    );
  }

  private elasticsearchResource(
    storage: string,
    storageClass: string,
    resources: ResourceRequirements,
  ): Elasticsearch {
    return {
      apiVersion: "elasticsearch.k8s.elastic.co/v1",
      kind: "Elasticsearch",
      metadata: { name: this.elasticsearchName, namespace: this.namespace },
      spec: {
        version: this.elasticVersion,
        nodeSets: [
          {
            name: "default",
            count: this.elasticsearchNodes,
            // No privileged sysctl init container: mmap stays off, at some cost in performance.
            config: { "node.store.allow_mmap": false },
            podTemplate: podTemplate("elasticsearch", resources, true),
            volumeClaimTemplates: [
              {
                metadata: { name: "elasticsearch-data" },
                spec: {
                  accessModes: ["ReadWriteOnce"],
                  storageClassName: storageClass,
                  resources: { requests: { storage } },
                },
              },
            ],
          },
        ],
      },
    };
  }

  private validate(props: LoggingProps, storage: string, resources: ResourceRequirements[]): void {
    new Validator(`Logging ${this.node.path}`)
      .check(
        Number.isInteger(props.retentionDays) && props.retentionDays >= 1 && props.retentionDays <= 3650,
        "monitoring.logRetentionDays",
        props.retentionDays,
        "an integer from 1 to 3650",
        "use e.g. 30",
      )
      .check(
        Number.isInteger(this.elasticsearchNodes) && this.elasticsearchNodes >= 1,
        "elasticsearchNodes",
        this.elasticsearchNodes,
        "an integer >= 1",
        "use 3 for high availability",
      )
      .check(
        !props.highAvailability || this.elasticsearchNodes >= 3,
        "elasticsearchNodes",
        this.elasticsearchNodes,
        "at least 3 with highAvailability",
        "a master quorum needs three nodes",
      )
      .check(
        STORAGE_SIZE.test(storage),
        "elasticsearchStorage",
        storage,
        "a size in Gi or Ti",
        "use e.g. 100Gi",
      )
      .check(
        /^(8|9)\.\d+\.\d+$/.test(this.elasticVersion),
        "elasticVersion",
        this.elasticVersion,
        "an exact 8.x or 9.x version (what ECK 3.5 runs)",
        "use e.g. 8.19.14",
      )
      .check(
        /^[a-z][a-z0-9-]{0,40}$/.test(this.indexPrefix),
        "indexPrefix",
        this.indexPrefix,
        "lower-case letters, digits and dashes",
        "use e.g. kubernetes",
      )
      .check(
        this.shareCredentialsWith.every((n) => DNS_LABEL.test(n) && n !== this.namespace),
        "shareCredentialsWith",
        this.shareCredentialsWith,
        `namespace names other than ${this.namespace}`,
        "list the namespaces of other Elasticsearch clients",
      )
      .check(...resourcesCheck("resources", resources))
      .throwIfAny();
  }
}

function podTemplate(container: string, resources: ResourceRequirements, readOnlyRoot: boolean): PodTemplate {
  return {
    spec: {
      nodeSelector: APPLICATION_NODE_SELECTOR,
      securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 },
      containers: [
        {
          name: container,
          resources,
          securityContext: {
            allowPrivilegeEscalation: false,
            ...(readOnlyRoot ? { readOnlyRootFilesystem: true } : {}),
            capabilities: { drop: ["ALL"] },
          },
        },
      ],
    },
  };
}
