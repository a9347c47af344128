/**
 * Resources that act on a workload from the outside: PodDisruptionBudgets (selected by labels) and
 * HorizontalPodAutoscalers (targeting it by name), from provider resources or `kubernetes_manifest`.
 */
import type { JsonObject, StackIndex } from "../../types.js";
import { asNumber, block, dig, isObject, isReference } from "../values.js";
import { camelize, manifestsOf, type Workload } from "./workloads.js";

const PDB_TYPES = ["kubernetes_pod_disruption_budget_v1", "kubernetes_pod_disruption_budget"];
const HPA_TYPES = [
  "kubernetes_horizontal_pod_autoscaler_v2",
  "kubernetes_horizontal_pod_autoscaler_v2beta2",
  "kubernetes_horizontal_pod_autoscaler_v1",
  "kubernetes_horizontal_pod_autoscaler",
];

/** Kubernetes-shaped objects of a kind, from provider resources of `types` and from manifests. */
function objectsOfKind(stack: StackIndex, types: readonly string[], kind: string): JsonObject[] {
  const fromProvider = types.flatMap((t) =>
    stack.ofType(t).flatMap((r) => {
      const object = camelize(r.values);
      return isObject(object) ? [object] : [];
    }),
  );
  const fromManifests = ["kubernetes_manifest", "helm_release"]
    .flatMap((t) => stack.ofType(t).flatMap(manifestsOf))
    .filter((m) => m.kind === kind);
  return [...fromProvider, ...fromManifests];
}

function sameNamespace(object: JsonObject, workload: Workload): boolean {
  const namespace = dig(object, "metadata.namespace");
  // Unknown (absent or an interpolation) on either side: assume they agree.
  if (typeof namespace !== "string" || workload.namespace === undefined) return true;
  if (isReference(namespace) || isReference(workload.namespace)) return true;
  return namespace === workload.namespace;
}

/** True when a PodDisruptionBudget in the stack selects the workload's pods. */
export function hasPodDisruptionBudget(stack: StackIndex, workload: Workload): boolean {
  return objectsOfKind(stack, PDB_TYPES, "PodDisruptionBudget").some((pdb) => {
    const labels = block(dig(pdb, "spec.selector.matchLabels"));
    if (labels === undefined || Object.keys(labels).length === 0) return false;
    return (
      sameNamespace(pdb, workload) &&
      Object.entries(labels).every(([key, value]) => workload.templateLabels[key] === value)
    );
  });
}

/** `minReplicas` of a HorizontalPodAutoscaler targeting the workload, if there is one. */
export function autoscalerMinReplicas(stack: StackIndex, workload: Workload): number | undefined {
  const hpa = objectsOfKind(stack, HPA_TYPES, "HorizontalPodAutoscaler").find(
    (h) =>
      sameNamespace(h, workload) &&
      dig(h, "spec.scaleTargetRef.name") === workload.name &&
      dig(h, "spec.scaleTargetRef.kind") === workload.kind,
  );
  return hpa === undefined ? undefined : (asNumber(dig(hpa, "spec.minReplicas")) ?? 1);
}
