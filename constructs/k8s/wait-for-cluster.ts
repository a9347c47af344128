import { dependencyOn, type IConstruct, TerraformResource } from "../core";
import { ClusterReadyGate } from "./cluster-ready-gate";

/** Resource types that talk to the Kubernetes API at apply time. */
const IN_CLUSTER = /^(helm_release|kubernetes_)/;

/**
 * Makes every Helm release and Kubernetes resource under `scope` wait for `ready` (node groups,
 * core add-ons, the deployer's access policy). The providers already wait for the cluster's
 * endpoint; without this, a release could start before any node can run its pods, or before the
 * deployer may call the API, and fail the first apply. `beforeNodes` are the in-cluster resources the
 * nodes themselves wait for (ENIConfigs), which must not wait in turn.
 *
 * They wait through one `ClusterReadyGate` that depends on `ready`, not on each part of `ready`: the
 * same order, with one edge per resource instead of one per part. An in-cluster part of `ready` (the
 * cluster's StorageClass) waits for the other parts directly, since waiting for the gate would be a
 * cycle.
 */
export function waitForCluster(
  scope: IConstruct,
  ready: readonly TerraformResource[],
  beforeNodes: readonly TerraformResource[] = [],
): void {
  const waiting = scope.node
    .findAll()
    .filter(
      (c): c is TerraformResource =>
        c instanceof TerraformResource &&
        IN_CLUSTER.test(c.terraformResourceType) &&
        !beforeNodes.includes(c),
    );
  if (waiting.length === 0) return;
  const gate = new ClusterReadyGate(scope, "ClusterReady", { ready });
  for (const c of waiting) {
    const extra = ready.includes(c)
      ? ready.filter((r) => r !== c).map((r) => dependencyOn(r, c))
      : [dependencyOn(gate, c)];
    c.dependsOn = [...(c.dependsOn ?? []), ...extra];
  }
}

/** Resource types that may create a Service: every chart, and the typed Service resources. */
const CREATES_SERVICES = /^(helm_release|kubernetes_service(_v1)?)$/;

/**
 * Makes every release and Service resource under `scope` wait for `webhook`, the release of a
 * controller whose mutating webhook matches every Service with `failurePolicy: Fail` (the AWS Load
 * Balancer Controller's): until its pods serve, the API server refuses every Service.
 */
export function waitForServiceWebhook(
  scope: IConstruct,
  webhook: TerraformResource,
  beforeNodes: readonly TerraformResource[] = [],
): void {
  for (const c of scope.node.findAll()) {
    if (
      c instanceof TerraformResource &&
      c !== webhook &&
      !beforeNodes.includes(c) &&
      CREATES_SERVICES.test(c.terraformResourceType)
    ) {
      c.dependsOn = [...(c.dependsOn ?? []), dependencyOn(webhook, c)];
    }
  }
}
