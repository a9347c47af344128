import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { type Construct, Fn } from "../core";
import type { ClusterConnection, ExecCredential } from "../interfaces";
import { AKS_SERVER_APP_ID } from "./aks-limits";

/**
 * kubelogin's non-interactive logins (AKS "Use kubelogin to authenticate"): `azurecli` reuses the
 * `az login` of the deployer (a CI job's federated login included), `workloadidentity` a federated
 * token from the environment (`AZURE_FEDERATED_TOKEN_FILE`), `msi` the VM's managed identity.
 */
export const KUBELOGIN_LOGINS = ["azurecli", "workloadidentity", "msi"] as const;
export type KubeloginLogin = (typeof KUBELOGIN_LOGINS)[number];

/**
 * `kubelogin get-token` for the AKS server application. No token, key or password is written to the
 * synthesized JSON: the plugin runs at plan and apply time with the deployer's own login.
 */
export function kubeloginExec(login: KubeloginLogin = "azurecli"): ExecCredential {
  if (!(KUBELOGIN_LOGINS as readonly string[]).includes(login)) {
    throw new Error(`kubeloginExec: login ${JSON.stringify(login)}; allowed: ${KUBELOGIN_LOGINS.join(", ")}`);
  }
  return {
    apiVersion: "client.authentication.k8s.io/v1beta1",
    command: "kubelogin",
    args: ["get-token", "--login", login, "--server-id", AKS_SERVER_APP_ID],
  };
}

/** The connection for a cluster's `kube_config[0]` host and base64 CA. */
export function aksConnection(
  host: string,
  caBase64: string,
  login: KubeloginLogin = "azurecli",
): ClusterConnection {
  return { host, clusterCaCertificate: Fn.base64decode(caBase64), exec: kubeloginExec(login) };
}

/**
 * Points the kubernetes and helm providers at an AKS cluster, as stacks/cluster-providers.ts does for
 * EKS: the host and CA come from the cluster, the credential from kubelogin at run time. Local accounts
 * are disabled, so there is no admin kubeconfig to fall back on; the deployer needs an Entra identity
 * in `adminGroupObjectIds` (or an AKS RBAC role on the cluster). Pass `cluster.connectionFor(login)`
 * for a login other than the Azure CLI's.
 */
export function aksProviders(
  scope: Construct,
  cluster: { readonly connection: ClusterConnection },
): { readonly kubernetes: KubernetesProvider; readonly helm: HelmProvider } {
  const { exec, ...endpoint } = cluster.connection;
  const command = { apiVersion: exec.apiVersion, command: exec.command, args: [...exec.args] };
  const kubernetes = new KubernetesProvider(scope, "Kubernetes", { ...endpoint, exec: [command] });
  const helm = new HelmProvider(scope, "Helm", { kubernetes: { ...endpoint, exec: command } });
  return { kubernetes, helm };
}
