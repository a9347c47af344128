import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { type Construct, Fn } from "../constructs/core";
import type { IKubernetesCluster } from "../constructs/interfaces";

/**
 * Points the helm and kubernetes providers at a cluster created in the same stack. Credentials come
 * from `aws eks get-token` at apply time (exec), so nothing secret lands in the synthesized JSON and
 * synthesis needs no cluster. Neither provider is asked to reach the API at plan time: the stacks use
 * typed kubernetes_* resources and helm releases only, never kubernetes_manifest.
 */
export function clusterProviders(scope: Construct, cluster: IKubernetesCluster, region: string): void {
  const exec = {
    apiVersion: "client.authentication.k8s.io/v1beta1",
    command: "aws",
    args: ["eks", "get-token", "--cluster-name", cluster.clusterName, "--region", region, "--output", "json"],
  };
  const connection = {
    host: cluster.endpoint,
    clusterCaCertificate: Fn.base64decode(cluster.certificateAuthorityData),
  };
  new KubernetesProvider(scope, "Kubernetes", { ...connection, exec: [exec] });
  new HelmProvider(scope, "Helm", { kubernetes: { ...connection, exec } });
}
