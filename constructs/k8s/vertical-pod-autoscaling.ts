import { Construct, type TerraformResource } from "../core";
import { Validator } from "../validation";
import type { ComputeResources } from "./app-namespace";
import { ChartRelease } from "./chart-release";
import { DNS_LABEL, isIntIn } from "./k8s-checks";
import { isDnsLabel, parseQuantity, quantityAtMost } from "./k8s-validation";
import {
  RESTRICTED_CONTAINER,
  type ResourceRequirements,
  resourcesCheck,
  SYSTEM_NODE_SELECTOR,
  SYSTEM_TOLERATIONS,
} from "./observability-common";
import {
  type VerticalPodAutoscalerValues,
  VPA_CHART_VERSION,
  VPA_REPOSITORY,
  VPA_WEBHOOK_PORT,
  type VpaComponentValues,
} from "./vertical-pod-autoscaling-values";

/** Requests and limits of the upstream manifests (vertical-pod-autoscaler/deploy at v1.7.1). */
const RECOMMENDER_RESOURCES: ResourceRequirements = {
  requests: { cpu: "50m", memory: "500Mi" },
  limits: { cpu: "200m", memory: "1000Mi" },
};
const UPDATER_RESOURCES = RECOMMENDER_RESOURCES;
const ADMISSION_CONTROLLER_RESOURCES: ResourceRequirements = {
  requests: { cpu: "50m", memory: "200Mi" },
  limits: { cpu: "200m", memory: "500Mi" },
};
/** The certificate hook Jobs: one short run of kube-webhook-certgen per install or upgrade. */
const CERTGEN_RESOURCES: ResourceRequirements = {
  requests: { cpu: "10m", memory: "32Mi" },
  limits: { cpu: "200m", memory: "128Mi" },
};

export interface VerticalPodAutoscalingProps {
  /**
   * The metrics-server release: the recommender reads the resource metrics API it serves.
   * @default - none: the cloud runs metrics-server itself (AKS)
   */
  readonly metricsServer?: ChartRelease<object> | TerraformResource;
  /** Two replicas of each component with a PodDisruptionBudget; one each without. */
  readonly highAvailability: boolean;
  /**
   * Replicas of each component (the recommender and the updater elect a leader when > 1).
   * @default - 2 with highAvailability, else 1
   */
  readonly replicas?: number;
  /**
   * Namespace of the release, which must exist already (the release does not create it).
   * @default "kube-system"
   */
  readonly namespace?: string;
  /** @default - requests 50m/500Mi, limits 200m/1000Mi */
  readonly recommenderResources?: ResourceRequirements;
  /** @default - requests 50m/500Mi, limits 200m/1000Mi */
  readonly updaterResources?: ResourceRequirements;
  /** @default - requests 50m/200Mi, limits 200m/500Mi */
  readonly admissionControllerResources?: ResourceRequirements;
}

/**
 * The Vertical Pod Autoscaler (recommender, updater, admission controller and the
 * `autoscaling.k8s.io` CRDs) on the system nodes. VerticalPodAutoscaler objects depend on
 * {@link release}. The admission webhook (`failurePolicy: Ignore`) is served on
 * {@link VPA_WEBHOOK_PORT}, declared as a control-plane target.
 */
export class VerticalPodAutoscaling extends Construct {
  public readonly release: ChartRelease<VerticalPodAutoscalerValues>;
  public readonly namespace: string;
  public readonly replicas: number;
  public readonly webhookPort: number = VPA_WEBHOOK_PORT;

  constructor(scope: Construct, id: string, props: VerticalPodAutoscalingProps) {
    super(scope, id);
    this.namespace = props.namespace ?? "kube-system";
    this.replicas = props.replicas ?? (props.highAvailability ? 2 : 1);
    new Validator(`VerticalPodAutoscaling ${this.node.path}`)
      .check(
        isIntIn(this.replicas, 1),
        "replicas",
        this.replicas,
        "an integer >= 1",
        "use 2 so a node drain keeps each component",
      )
      .check(DNS_LABEL.test(this.namespace), "namespace", this.namespace, "a DNS label", "use kube-system")
      .check(...resourcesCheck("recommenderResources", props.recommenderResources))
      .check(...resourcesCheck("updaterResources", props.updaterResources))
      .check(...resourcesCheck("admissionControllerResources", props.admissionControllerResources))
      .throwIfAny();

    const component = (resources: ResourceRequirements): VpaComponentValues => ({
      replicas: this.replicas,
      resources,
      nodeSelector: SYSTEM_NODE_SELECTOR,
      tolerations: SYSTEM_TOLERATIONS,
      priorityClassName: "system-cluster-critical",
      // minAvailable 1 of a single replica would block every drain of its node.
      podDisruptionBudget: this.replicas > 1 ? { enabled: true, minAvailable: 1 } : { enabled: false },
    });
    const recommender = props.recommenderResources ?? RECOMMENDER_RESOURCES;
    const updater = props.updaterResources ?? UPDATER_RESOURCES;
    const admission = props.admissionControllerResources ?? ADMISSION_CONTROLLER_RESOURCES;
    const pods = (what: string, r: ResourceRequirements) => ({
      what,
      pods: this.replicas,
      requests: r.requests,
    });
    this.release = new ChartRelease<VerticalPodAutoscalerValues>(this, "VerticalPodAutoscaler", {
      releaseName: "vertical-pod-autoscaler",
      namespace: this.namespace,
      chart: {
        repository: VPA_REPOSITORY,
        chart: "vertical-pod-autoscaler",
        version: VPA_CHART_VERSION,
        controlPlaneTargets: [{ port: VPA_WEBHOOK_PORT, what: "VPA admission controller webhook" }],
      },
      createNamespace: false,
      dependsOn: props.metricsServer ? [props.metricsServer] : [],
      systemPods: {
        pinned: [
          pods("vpa-recommender", recommender),
          pods("vpa-updater", updater),
          pods("vpa-admission-controller", admission),
        ],
      },
      values: {
        podSecurityContext: {
          runAsNonRoot: true,
          runAsUser: 65534,
          seccompProfile: { type: "RuntimeDefault" },
        },
        containerSecurityContext: RESTRICTED_CONTAINER,
        recommender: component(recommender),
        updater: component(updater),
        admissionController: {
          ...component(admission),
          registerWebhook: false,
          certGen: { enabled: true, resources: CERTGEN_RESOURCES },
          // With Fail, a VPA outage would refuse every pod in the cluster, its own replacements too.
          mutatingWebhookConfiguration: { failurePolicy: "Ignore" },
        },
      },
    });
  }
}

/** Update modes of `autoscaling.k8s.io/v1` that act on pods (VPA 1.7; `Auto` is deprecated there). */
export const ACTIVE_UPDATE_MODES = ["InPlaceOrRecreate", "Recreate", "Initial"] as const;
export type ActiveUpdateMode = (typeof ACTIVE_UPDATE_MODES)[number];
export type VpaUpdateMode = "Off" | ActiveUpdateMode;
export type VpaResource = "cpu" | "memory";
const RESOURCES: readonly VpaResource[] = ["cpu", "memory"];

/** The workload a VPA sizes: a Deployment, or an Argo Rollout through its scale subresource. */
export type VpaTargetRef =
  | { readonly apiVersion: "apps/v1"; readonly kind: "Deployment"; readonly name: string }
  | { readonly apiVersion: "argoproj.io/v1alpha1"; readonly kind: "Rollout"; readonly name: string };

export interface VpaContainerPolicy {
  readonly containerName: string;
  readonly mode: "Auto" | "Off";
  readonly controlledResources?: readonly VpaResource[];
  readonly controlledValues?: "RequestsOnly" | "RequestsAndLimits";
  readonly minAllowed?: Partial<Record<VpaResource, string>>;
  readonly maxAllowed?: Partial<Record<VpaResource, string>>;
}

/** A VerticalPodAutoscaler, spelt as the chart's CRD (vpa-v1-crd-gen.yaml, chart 0.11.0) has it. */
export interface IVerticalPodAutoscaler {
  readonly apiVersion: "autoscaling.k8s.io/v1";
  readonly kind: "VerticalPodAutoscaler";
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels?: Readonly<Record<string, string>>;
  };
  readonly spec: {
    readonly targetRef: VpaTargetRef;
    readonly updatePolicy: { readonly updateMode: VpaUpdateMode };
    readonly resourcePolicy: { readonly containerPolicies: readonly VpaContainerPolicy[] };
  };
}

export interface VerticalPodAutoscalerOptions {
  /** The workload's name, which the VPA takes too. */
  readonly name: string;
  readonly namespace: string;
  readonly kind: "Deployment" | "Rollout";
  /** The container VPA sizes; every other container (the Istio sidecar) is left alone. */
  readonly container: {
    readonly name: string;
    readonly requests: ComputeResources;
    readonly limits: ComputeResources;
  };
  /**
   * Resources an HPA scales the same workload on (Resource or ContainerResource metrics). Naming cpu
   * or memory makes the VPA recommend only (`Off`): both acting on one signal fight each other.
   * @default [] (no HPA)
   */
  readonly hpaResources?: readonly VpaResource[];
  /**
   * How recommendations reach the pods when no HPA scales on cpu or memory.
   * @default "InPlaceOrRecreate" (resize in place, evict only where that fails)
   */
  readonly updateMode?: ActiveUpdateMode;
  /** @default ["cpu", "memory"] */
  readonly controlledResources?: readonly VpaResource[];
  /**
   * The lowest requests VPA sets.
   * @default container.requests
   */
  readonly minAllowed?: Partial<ComputeResources>;
  /**
   * The highest requests VPA sets; never above the limits, which it leaves as they are.
   * @default container.limits
   */
  readonly maxAllowed?: Partial<ComputeResources>;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A VerticalPodAutoscaler for one workload: `Off` (recommendations in its status only) where an HPA
 * scales it on cpu or memory, else `updateMode`. Only the named container's requests move
 * (`RequestsOnly`), within [minAllowed, maxAllowed]; its limits stay what the quota was sized for.
 * Deliver it with `toManifest` through a RawManifests release that depends on
 * {@link VerticalPodAutoscaling.release} (its CRDs).
 */
export function verticalPodAutoscaler(o: VerticalPodAutoscalerOptions): IVerticalPodAutoscaler {
  const hpa = o.hpaResources ?? [];
  const controlled = o.controlledResources ?? RESOURCES;
  const minAllowed = { ...o.container.requests, ...o.minAllowed };
  const maxAllowed = { ...o.container.limits, ...o.maxAllowed };
  validateOptions(o, hpa, controlled, minAllowed, maxAllowed);
  const pick = (q: Partial<ComputeResources>) =>
    Object.fromEntries(controlled.filter((r) => q[r] !== undefined).map((r) => [r, q[r] as string]));
  // Validation admits only cpu and memory here, each of which an HPA would fight VPA over.
  const scaledByHpa = hpa.length > 0;
  return {
    apiVersion: "autoscaling.k8s.io/v1",
    kind: "VerticalPodAutoscaler",
    metadata: { name: o.name, namespace: o.namespace, ...(o.labels ? { labels: { ...o.labels } } : {}) },
    spec: {
      targetRef:
        o.kind === "Rollout"
          ? { apiVersion: "argoproj.io/v1alpha1", kind: "Rollout", name: o.name }
          : { apiVersion: "apps/v1", kind: "Deployment", name: o.name },
      updatePolicy: { updateMode: scaledByHpa ? "Off" : (o.updateMode ?? "InPlaceOrRecreate") },
      resourcePolicy: {
        containerPolicies: [
          {
            containerName: o.container.name,
            mode: "Auto",
            controlledResources: [...controlled],
            controlledValues: "RequestsOnly",
            minAllowed: pick(minAllowed),
            maxAllowed: pick(maxAllowed),
          },
          { containerName: "*", mode: "Off" },
        ],
      },
    },
  };
}

function validateOptions(
  o: VerticalPodAutoscalerOptions,
  hpa: readonly VpaResource[],
  controlled: readonly VpaResource[],
  minAllowed: Partial<ComputeResources>,
  maxAllowed: Partial<ComputeResources>,
): void {
  const v = new Validator(`VerticalPodAutoscaler ${o.namespace}/${o.name}`);
  const isResourceList = (xs: readonly string[]) =>
    xs.every((x) => (RESOURCES as readonly string[]).includes(x)) && new Set(xs).size === xs.length;
  const quantities = (q: Partial<ComputeResources>) =>
    Object.values(q).every((x) => x !== undefined && parseQuantity(x) !== undefined);
  v.check(isDnsLabel(o.name), "name", o.name, "a DNS label", "the workload's name, e.g. user-service")
    .check(isDnsLabel(o.namespace), "namespace", o.namespace, "a DNS label", "the workload's namespace")
    .check(
      o.kind === "Deployment" || o.kind === "Rollout",
      "kind",
      o.kind,
      "Deployment or Rollout",
      "VPA reads other kinds' pods through their scale subresource; add the kind here first",
    )
    .check(
      isDnsLabel(o.container.name),
      "container.name",
      o.container.name,
      "a DNS label",
      "the service container's name",
    )
    .check(
      isResourceList(hpa),
      "hpaResources",
      hpa,
      "distinct entries of cpu, memory",
      "list the resources the HPA's Resource or ContainerResource metrics target",
    )
    .check(
      controlled.length > 0 && isResourceList(controlled),
      "controlledResources",
      controlled,
      "one or both of cpu, memory, each once",
      'e.g. ["cpu", "memory"]',
    )
    .check(
      o.updateMode === undefined || (ACTIVE_UPDATE_MODES as readonly string[]).includes(o.updateMode),
      "updateMode",
      o.updateMode,
      ACTIVE_UPDATE_MODES.join(", "),
      "Auto is deprecated in VPA 1.7 (it means Recreate); Off is chosen by hpaResources",
    )
    .check(
      o.updateMode === undefined || hpa.length === 0,
      "updateMode",
      o.updateMode,
      "unset while an HPA scales the workload on cpu or memory",
      "VPA only recommends (Off) there; drop updateMode or scale the HPA on another metric",
    )
    .check(
      quantities(minAllowed) && quantities(maxAllowed),
      "minAllowed/maxAllowed",
      { minAllowed, maxAllowed },
      "CPU and memory quantities such as 250m and 512Mi",
      "fix the malformed quantity",
    );
  for (const r of RESOURCES) {
    const [low, high, limit] = [minAllowed[r], maxAllowed[r], o.container.limits[r]];
    if (low === undefined || high === undefined || limit === undefined) continue;
    v.check(
      parseQuantity(low) === undefined || parseQuantity(high) === undefined || quantityAtMost(low, high),
      `minAllowed.${r}`,
      low,
      `at most maxAllowed.${r} (${high})`,
      "VPA cannot recommend within an empty range",
    ).check(
      parseQuantity(high) === undefined || parseQuantity(limit) === undefined || quantityAtMost(high, limit),
      `maxAllowed.${r}`,
      high,
      `at most the container's limit (${limit})`,
      "requests above the limit are refused; raise the limit instead",
    );
  }
  v.throwIfAny();
}
