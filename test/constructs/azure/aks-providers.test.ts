import { describe, expect, it } from "vitest";
import { AksCluster } from "../../../constructs/azure/aks-cluster";
import { AKS_SERVER_APP_ID } from "../../../constructs/azure/aks-limits";
import {
  aksProviders,
  KUBELOGIN_LOGINS,
  type KubeloginLogin,
  kubeloginExec,
} from "../../../constructs/azure/aks-providers";
import { Testing } from "../../../constructs/core";
import { errorOf } from "../../helpers";
import { prodProps } from "./aks-fixtures";

type Json = Record<string, unknown>;

function synthProviders(login?: KubeloginLogin): { kubernetes: Json; helm: Json } {
  const out = Testing.synthScope((scope) => {
    const cluster = new AksCluster(scope, "Aks", prodProps());
    const providers = aksProviders(scope, login ? { connection: cluster.connectionFor(login) } : cluster);
    expect(providers.kubernetes.node.id).toBe("Kubernetes");
    expect(providers.helm.node.id).toBe("Helm");
  });
  const doc = JSON.parse(out) as { provider: { kubernetes: Json[]; helm: Json[] } };
  return { kubernetes: doc.provider.kubernetes[0]!, helm: doc.provider.helm[0]! };
}

const HOST = /^\$\{azurerm_kubernetes_cluster\.Aks_Cluster_\w+\.kube_config\[0\]\.host\}$/;
const CA =
  /^\$\{base64decode\(azurerm_kubernetes_cluster\.Aks_Cluster_\w+\.kube_config\[0\]\.cluster_ca_certificate\)\}$/;

describe("aksProviders", () => {
  it("points both providers at kube_config's host and CA with a kubelogin exec credential", () => {
    const { kubernetes, helm } = synthProviders();
    const exec = {
      api_version: "client.authentication.k8s.io/v1beta1",
      command: "kubelogin",
      args: ["get-token", "--login", "azurecli", "--server-id", AKS_SERVER_APP_ID],
    };
    expect(kubernetes).toEqual({
      host: expect.stringMatching(HOST),
      cluster_ca_certificate: expect.stringMatching(CA),
      exec: [exec],
    });
    expect(helm).toEqual({
      kubernetes: {
        host: expect.stringMatching(HOST),
        cluster_ca_certificate: expect.stringMatching(CA),
        exec,
      },
    });
  });

  it("writes no credential: no token, client key, certificate or password", () => {
    const { kubernetes, helm } = synthProviders();
    const text = JSON.stringify([kubernetes, helm]);
    expect(text).not.toMatch(/"token"|client_key|client_certificate|password|kube_admin_config/);
  });

  it.each(KUBELOGIN_LOGINS)("supports the non-interactive kubelogin login %s", (login) => {
    const { kubernetes } = synthProviders(login);
    expect((kubernetes.exec as Json[])[0]).toMatchObject({
      args: ["get-token", "--login", login, "--server-id", AKS_SERVER_APP_ID],
    });
  });

  it("refuses an interactive or unknown login", () => {
    expect(errorOf(() => kubeloginExec("devicecode" as KubeloginLogin))).toBe(
      'kubeloginExec: login "devicecode"; allowed: azurecli, workloadidentity, msi',
    );
  });
});
