/**
 * Kubernetes workloads found in Terraform resources, normalised to the Kubernetes API shape
 * (camelCase). Two sources:
 *
 * - `kubernetes_*` resources of the Kubernetes provider (`kubernetes_deployment_v1`, ...), whose HCL
 *   attributes are snake_case nested blocks (`spec.template.spec.container[].security_context`). Keys
 *   are converted to camelCase (`container` becomes `containers`) so one code path reads both.
 * - `kubernetes_manifest`, whose `manifest` attribute already is a Kubernetes object (Deployment,
 *   StatefulSet, DaemonSet, Argo Rollout, Job, CronJob, Pod);
 * - `helm_release` values with a top-level `manifests` list of Kubernetes objects: how this repo
 *   delivers custom resources (`RawManifests`, the raw-manifests chart renders each one verbatim).
 *
 * Nested blocks may still be an object or a one-element array; read them with `block`/`blocks`.
 */

import type { JsonObject, ResourceView } from "../../types.js";
import { block, blocks, dig, isObject } from "../values.js";
import { readValuesText } from "./helm.js";

/** Which naming the source uses, so messages can name the attribute as the author wrote it. */
export type Style = "hcl" | "manifest";

/** A workload with its pod template. */
export interface Workload {
  kind: string;
  name: string;
  namespace?: string;
  /** `spec.replicas` as written (number, numeric string, reference or undefined). */
  replicas: unknown;
  /** Labels of the pod template. */
  templateLabels: Record<string, string>;
  /** The pod spec (camelCase). */
  podSpec: JsonObject;
  style: Style;
}

/** A container of a workload. */
export interface ContainerView {
  name: string;
  /** True for init containers. */
  init: boolean;
  /** The container spec (camelCase). */
  spec: JsonObject;
}

/** Kubernetes-provider resource types holding a workload, with the workload kind. */
const PROVIDER_KINDS: Readonly<Record<string, string>> = {
  kubernetes_deployment: "Deployment",
  kubernetes_deployment_v1: "Deployment",
  kubernetes_stateful_set: "StatefulSet",
  kubernetes_stateful_set_v1: "StatefulSet",
  kubernetes_daemonset: "DaemonSet",
  kubernetes_daemon_set_v1: "DaemonSet",
  kubernetes_replication_controller_v1: "ReplicationController",
  kubernetes_job: "Job",
  kubernetes_job_v1: "Job",
  kubernetes_cron_job: "CronJob",
  kubernetes_cron_job_v1: "CronJob",
  kubernetes_pod: "Pod",
  kubernetes_pod_v1: "Pod",
};

/** Every resource type that can hold a workload. */
export const WORKLOAD_TYPES: readonly string[] = [
  ...Object.keys(PROVIDER_KINDS),
  "kubernetes_manifest",
  "helm_release",
];

/** Kinds that run continuously (probes and replicas apply); Jobs and CronJobs run to completion. */
export const LONG_RUNNING_KINDS: readonly string[] = [
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "ReplicationController",
  "Rollout",
  "Pod",
];

/** Kinds whose replica count is set by `spec.replicas`. */
export const REPLICATED_KINDS: readonly string[] = ["Deployment", "StatefulSet", "ReplicaSet", "Rollout"];

/** Map-valued keys whose entries are user data (label names, resource names), never renamed. */
const MAP_KEYS = new Set([
  "labels",
  "annotations",
  "match_labels",
  "node_selector",
  "limits",
  "requests",
  "data",
]);

function camel(key: string): string {
  if (key === "container") return "containers";
  if (key === "init_container") return "initContainers";
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Deep snake_case -> camelCase key conversion of a provider HCL value. */
export function camelize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelize);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === "//") continue;
    out[camel(key)] = MAP_KEYS.has(key) ? child : camelize(child);
  }
  return out;
}

/** Path of the pod template for a kind. */
function templatePath(kind: string): string | undefined {
  if (kind === "CronJob") return "spec.jobTemplate.spec.template";
  if (kind === "Pod") return undefined;
  return "spec.template";
}

function stringMap(value: unknown): Record<string, string> {
  const obj = block(value);
  if (obj === undefined) return {};
  return Object.fromEntries(
    Object.entries(obj).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
}

function fromObject(kind: string, object: JsonObject, style: Style): Workload | undefined {
  const metadata = block(object.metadata) ?? {};
  const path = templatePath(kind);
  const template = path === undefined ? object : block(dig(object, path));
  const podSpec = block(template?.spec);
  if (podSpec === undefined) return undefined;
  const namespace = metadata.namespace;
  return {
    kind,
    name: typeof metadata.name === "string" ? metadata.name : "",
    ...(typeof namespace === "string" ? { namespace } : {}),
    replicas: dig(object, "spec.replicas"),
    templateLabels: stringMap(dig(template, "metadata.labels")),
    podSpec,
    style,
  };
}

/**
 * Kubernetes objects a resource delivers verbatim: a `kubernetes_manifest`'s manifest, or the
 * `manifests` list in a `helm_release`'s values (the raw-manifests chart renders each as is).
 */
export function manifestsOf(resource: ResourceView): JsonObject[] {
  if (resource.type === "kubernetes_manifest") {
    return isObject(resource.values.manifest) ? [resource.values.manifest] : [];
  }
  if (resource.type !== "helm_release" || !Array.isArray(resource.values.values)) return [];
  return resource.values.values.flatMap((text) => {
    if (typeof text !== "string") return [];
    let doc: unknown;
    try {
      doc = readValuesText(text);
    } catch {
      return [];
    }
    const list = isObject(doc) ? doc.manifests : undefined;
    return Array.isArray(list)
      ? list.filter((m): m is JsonObject => isObject(m) && typeof m.kind === "string")
      : [];
  });
}

/** The workloads a resource defines (none for non-workload resources). */
export function workloadsOf(resource: ResourceView): Workload[] {
  const kind = PROVIDER_KINDS[resource.type];
  if (kind !== undefined) {
    const object = camelize(resource.values);
    const workload = isObject(object) ? fromObject(kind, object, "hcl") : undefined;
    return workload === undefined ? [] : [workload];
  }
  return manifestsOf(resource).flatMap((manifest) => {
    const manifestKind = typeof manifest.kind === "string" ? manifest.kind : "";
    if (!LONG_RUNNING_KINDS.includes(manifestKind) && !["Job", "CronJob"].includes(manifestKind)) return [];
    const workload = fromObject(manifestKind, manifest, "manifest");
    return workload === undefined ? [] : [workload];
  });
}

/** Containers of a workload; init containers last. */
export function containersOf(workload: Workload): ContainerView[] {
  const view = (init: boolean) => (spec: JsonObject) => ({
    name: typeof spec.name === "string" ? spec.name : "?",
    init,
    spec,
  });
  return [
    ...blocks(workload.podSpec.containers).map(view(false)),
    ...blocks(workload.podSpec.initContainers).map(view(true)),
  ];
}

/** Names a camelCase attribute path the way the source writes it (snake_case for HCL). */
export function attr(style: Style, camelPath: string): string {
  if (style === "manifest") return camelPath;
  return camelPath
    .split(".")
    .map((segment) =>
      segment === "containers" ? "container" : segment.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
    )
    .join(".");
}

/** `container "app"` / `init container "migrate"`, for messages. */
export function containerLabel(container: ContainerView): string {
  return `${container.init ? "init container" : "container"} "${container.name}"`;
}
