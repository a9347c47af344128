/**
 * Minimal typed shapes of the ECK custom resources that {@link Logging} creates (no
 * `@kubernetes-models` package exists for ECK). Field names follow the CRDs in elastic/cloud-on-k8s
 * deploy/eck-operator/charts/eck-operator-crds; only the fields set here are typed.
 */
import type { ResourceRequirements } from "./observability-common";

type ObjectMeta = {
  readonly name: string;
  readonly namespace: string;
  readonly labels?: Readonly<Record<string, string>>;
};

interface ContainerTemplate {
  readonly name: string;
  readonly resources: ResourceRequirements;
  readonly env?: readonly { readonly name: string; readonly value: string }[];
  readonly securityContext: {
    readonly allowPrivilegeEscalation: boolean;
    readonly readOnlyRootFilesystem?: boolean;
    readonly capabilities: { readonly drop: readonly string[] };
  };
}

/** The subset of a PodTemplateSpec ECK merges into the pods it builds. */
export interface PodTemplate {
  readonly spec: {
    readonly nodeSelector: Readonly<Record<string, string>>;
    readonly securityContext: {
      readonly runAsNonRoot: boolean;
      readonly runAsUser: number;
      readonly runAsGroup: number;
      readonly fsGroup: number;
    };
    readonly containers: readonly ContainerTemplate[];
  };
}

export interface NodeSet {
  readonly name: string;
  readonly count: number;
  readonly config: Readonly<Record<string, unknown>>;
  readonly podTemplate: PodTemplate;
  readonly volumeClaimTemplates: readonly {
    /** ECK requires the data claim to be named `elasticsearch-data`. */
    readonly metadata: { readonly name: "elasticsearch-data" };
    readonly spec: {
      readonly accessModes: readonly string[];
      readonly storageClassName: string;
      readonly resources: { readonly requests: { readonly storage: string } };
    };
  }[];
}

/** elasticsearch.k8s.elastic.co/v1 Elasticsearch */
export type Elasticsearch = {
  readonly apiVersion: "elasticsearch.k8s.elastic.co/v1";
  readonly kind: "Elasticsearch";
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly version: string;
    readonly nodeSets: readonly NodeSet[];
  };
};

/** kibana.k8s.elastic.co/v1 Kibana */
export type Kibana = {
  readonly apiVersion: "kibana.k8s.elastic.co/v1";
  readonly kind: "Kibana";
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly version: string;
    readonly count: number;
    readonly elasticsearchRef: { readonly name: string; readonly namespace: string };
    readonly podTemplate: PodTemplate;
  };
};
