import type { IPodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";

/** The port where the Istio agent serves the app's metrics merged with its own (plain HTTP, outside mTLS). */
export const ISTIO_MERGED_METRICS_PORT = 15020;
/** Pod label Argo Rollouts sets on each ReplicaSet's pods; kept as `rollouts_pod_template_hash`. */
export const ROLLOUTS_HASH_POD_LABEL = "rollouts-pod-template-hash";

export interface PodMonitorOptions {
  readonly name: string;
  readonly namespace: string;
  readonly selector: Readonly<Record<string, string>>;
  /** Labels Prometheus' podMonitorSelector matches, if it is restricted. */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Scrapes a meshed service through the Istio agent's merged endpoint (`:15020/stats/prometheus`):
 * with STRICT mTLS a plain scrape of the app port would be refused, while the agent's port sits
 * outside the mesh. Targets carry `namespace`, `service` (the SLO selector labels) and
 * `rollouts_pod_template_hash`, which the canary analysis uses to tell canary from stable pods.
 */
export function podMonitor(o: PodMonitorOptions): IPodMonitor {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PodMonitor",
    metadata: { name: o.name, namespace: o.namespace, labels: { ...o.selector, ...o.labels } },
    spec: {
      selector: { matchLabels: { ...o.selector } },
      podTargetLabels: [ROLLOUTS_HASH_POD_LABEL],
      podMetricsEndpoints: [
        {
          portNumber: ISTIO_MERGED_METRICS_PORT,
          path: "/stats/prometheus",
          interval: "30s",
          relabelings: [{ action: "replace", targetLabel: "service", replacement: o.name }],
        },
      ],
    },
  };
}
