import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { Construct } from "../core";
import { Validator } from "../validation";
import { ChartRelease } from "./chart-release";
import {
  APPLICATION_NODE_SELECTOR,
  nonRootPod,
  RESTRICTED_CONTAINER,
  type ResourceRequirements,
  resourcesCheck,
} from "./observability-common";
import type { RawManifests } from "./raw-manifests";

/**
 * jaeger chart 4.11.1 (Jaeger v2, app 2.19.0): the first release whose single deployment reads
 * `jaeger.extraVolumes`/`jaeger.extraVolumeMounts`, which carry the Elasticsearch password and CA.
 * Its released versions and values keys are recorded in `chart-facts/jaeger.json`.
 */
export const JAEGER_CHART = {
  repository: "https://jaegertracing.github.io/helm-charts",
  chart: "jaeger",
  version: "4.11.1",
} as const;

/** What Tracing needs from the Elasticsearch it stores spans in; {@link Logging} provides it. */
export interface ElasticsearchEndpoint {
  readonly elasticsearchUrl: string;
  /** Secret (key `elastic`) present in the Jaeger namespace. */
  readonly elasticUserSecretName: string;
  /** Secret (key `ca.crt`) present in the Jaeger namespace. */
  readonly caSecretName: string;
  /** Namespaces the two Secrets are copied into; must include the Jaeger namespace. */
  readonly shareCredentialsWith: readonly string[];
  /** Installed once the Secrets have been copied. */
  readonly bootstrapRelease: RawManifests;
}

export interface TracingProps {
  /** `memory` (development: lost on restart) or `elasticsearch` (staging and production). */
  readonly storage: "memory" | "elasticsearch";
  /** Two Jaeger replicas (Elasticsearch storage only: memory storage cannot be shared). */
  readonly highAvailability: boolean;
  /**
   * Where spans go when `storage` is `elasticsearch`: pass the {@link Logging} construct.
   * @default - none; required with elasticsearch storage
   */
  readonly elasticsearch?: ElasticsearchEndpoint;
  /** Prefix of the span indices. @default "jaeger" */
  readonly indexPrefix?: string;
  /** Traces kept by memory storage. @default 100000 */
  readonly memoryMaxTraces?: number;
  /** @default 200m / 512Mi requested, 1 CPU / 1Gi limit */
  readonly resources?: ResourceRequirements;
}

/** Jaeger's OTLP receiver, where the mesh sends spans. */
export interface CollectorService {
  readonly host: string;
  readonly otlpGrpcPort: 4317;
  readonly otlpHttpPort: 4318;
}

/** The jaeger chart values {@link Tracing} sets (v4 layout). */
export interface JaegerValues {
  readonly jaeger: {
    readonly enabled: true;
    readonly replicas: number;
    readonly resources: ResourceRequirements;
    readonly nodeSelector: Readonly<Record<string, string>>;
    readonly podSecurityContext: ReturnType<typeof nonRootPod>;
    readonly securityContext: typeof RESTRICTED_CONTAINER;
    readonly extraVolumes: readonly {
      readonly name: string;
      readonly secret: { readonly secretName: string };
    }[];
    readonly extraVolumeMounts: readonly {
      readonly name: string;
      readonly mountPath: string;
      readonly readOnly: true;
    }[];
  };
  /** The Jaeger v2 (OpenTelemetry Collector style) configuration file. */
  readonly userconfig: Readonly<Record<string, unknown>>;
}

const ES_USER_DIR = "/jaeger/es-user";
const ES_CA_DIR = "/jaeger/es-ca";

/**
 * Jaeger v2 in namespace `observability`: one deployment receiving OTLP on 4317 (gRPC) and 4318
 * (HTTP) and serving the query UI on 16686, storing spans in memory or in the Logging Elasticsearch.
 */
export class Tracing extends Construct {
  public readonly namespace = "observability";
  /** The Namespace object; releases that write into the namespace wait for it. */
  public readonly namespaceResource: NamespaceV1;
  public readonly release: ChartRelease<JaegerValues>;
  public readonly collectorService: CollectorService;
  public readonly storage: "memory" | "elasticsearch";
  public readonly replicas: number;
  /** In-cluster URL of the query UI and API. */
  public readonly queryUrl: string;

  constructor(scope: Construct, id: string, props: TracingProps) {
    super(scope, id);
    this.storage = props.storage;
    const es = props.storage === "elasticsearch" ? props.elasticsearch : undefined;
    this.replicas = es && props.highAvailability ? 2 : 1;
    const resources = props.resources ?? {
      requests: { cpu: "200m", memory: "512Mi" },
      limits: { cpu: "1", memory: "1Gi" },
    };
    const indexPrefix = props.indexPrefix ?? "jaeger";
    const maxTraces = props.memoryMaxTraces ?? 100000;
    this.collectorService = {
      host: `jaeger.${this.namespace}.svc.cluster.local`,
      otlpGrpcPort: 4317,
      otlpHttpPort: 4318,
    };
    this.queryUrl = `http://jaeger.${this.namespace}.svc.cluster.local:16686`;

    new Validator(`Tracing ${this.node.path}`)
      .check(
        props.storage === "memory" || props.elasticsearch !== undefined,
        "elasticsearch",
        props.elasticsearch,
        "an Elasticsearch endpoint with elasticsearch storage",
        "pass the Logging construct",
      )
      .check(
        props.storage === "elasticsearch" || props.elasticsearch === undefined,
        "elasticsearch",
        props.elasticsearch?.elasticsearchUrl,
        "no endpoint with memory storage",
        'set storage to "elasticsearch" or drop the endpoint',
      )
      .check(
        !es || es.shareCredentialsWith.includes(this.namespace),
        "elasticsearch.shareCredentialsWith",
        es?.shareCredentialsWith,
        `a list including ${this.namespace}`,
        `add "${this.namespace}" to Logging's shareCredentialsWith`,
      )
      .check(
        /^[a-z][a-z0-9-]{0,40}$/.test(indexPrefix),
        "indexPrefix",
        indexPrefix,
        "lower-case letters, digits and dashes",
        "use e.g. jaeger",
      )
      .check(
        Number.isInteger(maxTraces) && maxTraces > 0,
        "memoryMaxTraces",
        maxTraces,
        "a positive integer",
        "use e.g. 100000",
      )
      .check(...resourcesCheck("resources", resources))
      .throwIfAny();

    const backend = es
      ? {
          elasticsearch: {
            server_urls: [es.elasticsearchUrl],
            auth: { basic: { username: "elastic", password_file: `${ES_USER_DIR}/elastic` } },
            tls: { ca_file: `${ES_CA_DIR}/ca.crt` },
            indices: {
              index_prefix: indexPrefix,
              spans: { shards: 1, replicas: props.highAvailability ? 1 : 0 },
              services: { shards: 1, replicas: props.highAvailability ? 1 : 0 },
            },
          },
        }
      : { memory: { max_traces: maxTraces } };

    const values: JaegerValues = {
      jaeger: {
        enabled: true,
        replicas: this.replicas,
        resources,
        nodeSelector: APPLICATION_NODE_SELECTOR,
        podSecurityContext: nonRootPod(10001),
        securityContext: RESTRICTED_CONTAINER,
        extraVolumes: es
          ? [
              { name: "es-user", secret: { secretName: es.elasticUserSecretName } },
              { name: "es-ca", secret: { secretName: es.caSecretName } },
            ]
          : [],
        extraVolumeMounts: es
          ? [
              { name: "es-user", mountPath: ES_USER_DIR, readOnly: true },
              { name: "es-ca", mountPath: ES_CA_DIR, readOnly: true },
            ]
          : [],
      },
      userconfig: {
        service: {
          extensions: ["jaeger_storage", "jaeger_query", "healthcheckv2"],
          pipelines: {
            traces: { receivers: ["otlp"], processors: ["batch"], exporters: ["jaeger_storage_exporter"] },
          },
          telemetry: { logs: { level: "info" } },
        },
        extensions: {
          healthcheckv2: { use_v2: true, http: { endpoint: "0.0.0.0:13133" } },
          jaeger_query: {
            storage: { traces: "primary_store" },
            http: { endpoint: "0.0.0.0:16686" },
            grpc: { endpoint: "0.0.0.0:16685" },
          },
          jaeger_storage: { backends: { primary_store: backend } },
        },
        receivers: {
          otlp: { protocols: { grpc: { endpoint: "0.0.0.0:4317" }, http: { endpoint: "0.0.0.0:4318" } } },
        },
        processors: { batch: {} },
        exporters: { jaeger_storage_exporter: { trace_storage: "primary_store" } },
      },
    };

    // Created up front (it depends on nothing): Logging's bootstrap release puts a Role in it and
    // copies the Elasticsearch Secrets into it, so that release waits for it.
    const namespace = new NamespaceV1(this, "Namespace", { metadata: { name: this.namespace } });
    this.namespaceResource = namespace;
    this.release = new ChartRelease(this, "Jaeger", {
      releaseName: "jaeger",
      namespace: this.namespace,
      chart: JAEGER_CHART,
      values: values,
      createNamespace: false,
      dependsOn: es ? [namespace, es.bootstrapRelease.chart] : [namespace],
    });
  }
}
