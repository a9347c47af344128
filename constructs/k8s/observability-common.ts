/**
 * Shared pieces of the observability constructs (Monitoring, Logging, Tracing): node placement,
 * hardened security contexts, resource shapes, quantity checks and the random provider.
 */
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { type Construct, TerraformStack } from "../core";

/** CPU and memory as Kubernetes quantities. */
export interface ComputeResources {
  readonly cpu: string;
  readonly memory: string;
}

/** Requests and limits of one container, spelt as in a pod spec. */
export interface ResourceRequirements {
  readonly requests: ComputeResources;
  readonly limits: ComputeResources;
}

/** A pod toleration, spelt as in a pod spec. */
export interface Toleration {
  readonly key?: string;
  readonly operator: "Exists" | "Equal";
  readonly value?: string;
  readonly effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** Label of the system node group; controllers select it. */
export const SYSTEM_NODE_SELECTOR: Readonly<Record<string, string>> = { "node-role": "system" };
/** Label of the application node groups; heavy data components select it. */
export const APPLICATION_NODE_SELECTOR: Readonly<Record<string, string>> = { "node-role": "application" };
/** The taint of the system node group (`CriticalAddonsOnly=true:NoSchedule`). */
export const SYSTEM_TOLERATIONS: readonly Toleration[] = [
  { key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" },
];
/** Tolerates every taint: for node agents (log shippers) that must run on every node. */
export const TOLERATE_ALL: readonly Toleration[] = [{ operator: "Exists" }];

/** Container security context for containers that can run with a read-only root filesystem. */
export const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
} as const;

/** Pod security context for a non-root pod with the given uid/gid. */
export function nonRootPod(uid: number): {
  readonly runAsNonRoot: true;
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly fsGroup: number;
  readonly seccompProfile: { readonly type: "RuntimeDefault" };
} {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** A storage size in Gi or Ti, such as `100Gi`. */
export const STORAGE_SIZE = /^[1-9]\d*(Gi|Ti)$/;
/** A Kubernetes CPU or memory quantity, such as `250m` or `512Mi`. */
export const QUANTITY = /^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/;

/** True when both requests and limits of `r` are well-formed quantities. */
export function validResources(r: ResourceRequirements): boolean {
  return [r.requests.cpu, r.requests.memory, r.limits.cpu, r.limits.memory].every((q) => QUANTITY.test(q));
}

/**
 * The arguments of `Validator.check` for requests and limits given as `field` (one set, several, or
 * none, which is fine), so every construct reports a malformed quantity alike:
 * `v.check(...resourcesCheck("resources", props.resources))`.
 */
export function resourcesCheck(
  field: string,
  resources: ResourceRequirements | readonly ResourceRequirements[] | undefined,
): [ok: boolean, field: string, value: unknown, allowed: string, hint: string] {
  const all = resources === undefined ? [] : Array.isArray(resources) ? resources : [resources];
  return [
    all.every((r: ResourceRequirements) => validResources(r)),
    field,
    resources,
    "CPU and memory quantities such as 250m and 512Mi",
    "fix the malformed quantity",
  ];
}

/**
 * Returns the stack's `random` provider, creating one at the stack root (logical ID
 * `RandomProvider`) when the stack has none. Stacks that configure their own random provider must
 * create it before the first construct that calls this.
 */
export function ensureRandomProvider(scope: Construct): RandomProvider {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.findAll().find((c): c is RandomProvider => c instanceof RandomProvider);
  return existing ?? new RandomProvider(stack, "RandomProvider");
}
