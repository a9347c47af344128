/** Shared setup for the AppNamespace and WebService tests: releases to depend on, and a reader. */
import type { Construct } from "../../../constructs/core";
import { AppNamespace, type AppNamespaceProps } from "../../../constructs/k8s/app-namespace";
import { ChartRelease } from "../../../constructs/k8s/chart-release";
import type { WebServiceProps } from "../../../constructs/k8s/web-service";
import { type Attrs, resourcesOf } from "../../helpers";

export const INGRESS_PRINCIPAL = "cluster.local/ns/istio-ingress/sa/istio-ingress";
export const PROMETHEUS_PRINCIPAL = "cluster.local/ns/monitoring/sa/kube-prometheus-stack-prometheus";

/** Stand-ins for the releases that install Istio's and Argo Rollouts' CRDs. */
export function crdReleases(scope: Construct) {
  const release = (id: string, releaseName: string, repository: string, chart: string, version: string) =>
    new ChartRelease(scope, id, {
      releaseName,
      namespace: releaseName,
      chart: { repository, chart, version },
      values: {},
    });
  return {
    istio: release(
      "IstioBase",
      "istio-base",
      "https://istio-release.storage.googleapis.com/charts",
      "base",
      "1.30.0",
    ),
    rollouts: release(
      "ArgoRollouts",
      "argo-rollouts",
      "https://argoproj.github.io/argo-helm",
      "argo-rollouts",
      "2.41.0",
    ),
  };
}

export function namespaceProps(istio: ChartRelease<object>): AppNamespaceProps {
  return {
    name: "user-service",
    quota: { cpu: "4", memory: "8Gi", pods: 20 },
    defaultRequest: { cpu: "100m", memory: "128Mi" },
    defaultLimit: { cpu: "500m", memory: "512Mi" },
    ingressPrincipals: [INGRESS_PRINCIPAL],
    istioCrdRelease: istio,
  };
}

/** Props of user-service as staging runs it, minus what the scope provides. */
export const USER_SERVICE: Omit<WebServiceProps, "namespace" | "istioCrdRelease" | "rolloutsRelease"> = {
  name: "user-service",
  image: "ghcr.io/acme/user-service:1.4.2",
  replicas: 2,
  maxReplicas: 6,
  requests: { cpu: "250m", memory: "256Mi" },
  limits: { cpu: "1", memory: "512Mi" },
  env: { LOG_LEVEL: "info", DEBUG: "false" },
  databaseUrlSecret: { name: "user-service-database", key: "DATABASE_URL" },
  hosts: ["users.example.com"],
  gateway: "istio-ingress/public",
};

/** A scope's CRD releases and the user-service namespace, ready for a WebService. */
export function platformScope(scope: Construct) {
  const releases = crdReleases(scope);
  const namespace = new AppNamespace(scope, "Namespace", namespaceProps(releases.istio));
  return { ...releases, namespace };
}

/** The only resource of a type in a synthesized scope. */
export function only(synthesized: string, type: string): Attrs {
  const found = Object.values(resourcesOf(synthesized, type));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0] as Attrs;
}
