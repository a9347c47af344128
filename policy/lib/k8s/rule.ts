/**
 * Builders for Kubernetes rules: a rule runs a per-workload check over every workload found in
 * `kubernetes_*` resources and, optionally, a best-effort check over `helm_release` values.
 */
import type { PolicyContext, ResourceView, Rule, Severity, StackIndex } from "../../types.js";
import {
  type ContainerView,
  containerLabel,
  containersOf,
  LONG_RUNNING_KINDS,
  WORKLOAD_TYPES,
  type Workload,
  workloadsOf,
} from "./workloads.js";

/** Identity and checks of a Kubernetes rule. */
export interface WorkloadRuleSpec {
  id: string;
  checkov?: string;
  severity: Severity;
  description: string;
  fix: string;
  /** Messages for one workload. */
  workload: (workload: Workload, ctx: PolicyContext, stack: StackIndex) => string[];
  /** Messages for a `helm_release`'s chart values (omit when the rule cannot be checked from values). */
  helm?: (release: ResourceView, ctx: PolicyContext) => string[];
}

/** Builds a rule over workloads (and Helm releases when `spec.helm` is given). */
export function workloadRule(spec: WorkloadRuleSpec): Rule {
  const { helm } = spec;
  return {
    id: spec.id,
    ...(spec.checkov === undefined ? {} : { checkov: spec.checkov }),
    severity: spec.severity,
    resourceTypes: WORKLOAD_TYPES,
    description: spec.description,
    fix: spec.fix,
    // A helm_release may carry full manifests (checked like any workload) and chart values (best effort).
    check: (resource, ctx, stack) => [
      ...workloadsOf(resource).flatMap((w) => spec.workload(w, ctx, stack)),
      ...(resource.type === "helm_release" ? (helm?.(resource, ctx) ?? []) : []),
    ],
  };
}

/** Which containers a container check covers. */
export interface ContainerScope {
  /** Include init containers (security settings: yes; probes and resources: no). */
  includeInit: boolean;
  /** Only Deployments, StatefulSets, DaemonSets, Rollouts and Pods (not Jobs/CronJobs). */
  longRunningOnly?: boolean;
}

/**
 * Turns a per-container check (returning the problem, e.g. `securityContext.x is unset; expected y`,
 * or undefined) into a per-workload check prefixing each problem with the container's name.
 */
export function eachContainer(
  scope: ContainerScope,
  check: (container: ContainerView, workload: Workload) => string | undefined,
): (workload: Workload) => string[] {
  return (workload) => {
    if (scope.longRunningOnly && !LONG_RUNNING_KINDS.includes(workload.kind)) return [];
    return containersOf(workload)
      .filter((c) => scope.includeInit || !c.init)
      .flatMap((c) => {
        const problem = check(c, workload);
        return problem === undefined
          ? []
          : [`${workload.kind} ${workload.name} ${containerLabel(c)}: ${problem}`];
      });
  };
}
