import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { Construct } from "../constructs/core";
import type { IKubernetesCluster } from "../constructs/interfaces";

/**
 * Points the helm and kubernetes providers at a cluster created in the same stack, through the
 * cluster's own connection: an exec credential at apply time (`aws eks get-token`, `kubelogin`), so
 * nothing secret lands in the synthesized JSON and synthesis needs no cluster. Neither provider is
 * asked to reach the API at plan time: the stacks use typed kubernetes_* resources and helm releases
 * only, never kubernetes_manifest.
 */
export function clusterProviders(scope: Construct, cluster: IKubernetesCluster): void {
  const { host, clusterCaCertificate, exec } = cluster.connection;
  const credential = { apiVersion: exec.apiVersion, command: exec.command, args: [...exec.args] };
  new KubernetesProvider(scope, "Kubernetes", { host, clusterCaCertificate, exec: [credential] });
  new HelmProvider(scope, "Helm", { kubernetes: { host, clusterCaCertificate, exec: credential } });
}
