/**
 * Every Kubernetes object that any stack delivers through Helm (RawManifests), validated against the
 * schema of its @kubernetes-models package. ECK's Elasticsearch and Kibana have no such package; their
 * shape is asserted in test/constructs/k8s/logging.test.ts.
 */

import { Application } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import { AppProject } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject";
import { AnalysisTemplate } from "@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate";
import { Rollout } from "@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout";
import { DestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1/DestinationRule";
import { Gateway } from "@kubernetes-models/istio/networking.istio.io/v1/Gateway";
import { VirtualService } from "@kubernetes-models/istio/networking.istio.io/v1/VirtualService";
import { EnvoyFilter } from "@kubernetes-models/istio/networking.istio.io/v1alpha3/EnvoyFilter";
import { AuthorizationPolicy } from "@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy";
import { PeerAuthentication } from "@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication";
import { Telemetry } from "@kubernetes-models/istio/telemetry.istio.io/v1/Telemetry";
import { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { Job } from "kubernetes-models/batch/v1/Job";
import { ClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole";
import { ClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { describe, expect, it } from "vitest";
import { deliveredObjects, synthDir } from "../helpers";

type Model = new (data: never) => { validate(): void };
const MODELS: Record<string, Model> = {
  "argoproj.io/v1alpha1/AnalysisTemplate": AnalysisTemplate,
  "argoproj.io/v1alpha1/Rollout": Rollout,
  "argoproj.io/v1alpha1/AppProject": AppProject,
  "argoproj.io/v1alpha1/Application": Application,
  "networking.istio.io/v1/DestinationRule": DestinationRule,
  "networking.istio.io/v1/Gateway": Gateway,
  "networking.istio.io/v1/VirtualService": VirtualService,
  "networking.istio.io/v1alpha3/EnvoyFilter": EnvoyFilter,
  "security.istio.io/v1/AuthorizationPolicy": AuthorizationPolicy,
  "security.istio.io/v1/PeerAuthentication": PeerAuthentication,
  "telemetry.istio.io/v1/Telemetry": Telemetry,
  "monitoring.coreos.com/v1/PodMonitor": PodMonitor,
  "monitoring.coreos.com/v1/PrometheusRule": PrometheusRule,
  "apps/v1/Deployment": Deployment,
  "batch/v1/Job": Job,
  "rbac.authorization.k8s.io/v1/ClusterRole": ClusterRole,
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": ClusterRoleBinding,
  "rbac.authorization.k8s.io/v1/Role": Role,
  "rbac.authorization.k8s.io/v1/RoleBinding": RoleBinding,
  "v1/ConfigMap": ConfigMap,
  "v1/ServiceAccount": ServiceAccount,
};
/** Kinds without a schema package; checked by shape in their construct's tests. */
const NO_PACKAGE = [
  "elasticsearch.k8s.elastic.co/v1/Elasticsearch",
  "kibana.k8s.elastic.co/v1/Kibana",
  // The VPC CNI's custom-networking object: two fields, asserted in test/constructs/aws/eks-cluster.test.ts.
  "crd.k8s.amazonaws.com/v1alpha1/ENIConfig",
  // No @kubernetes-models package types VPA; the object is asserted in
  // test/constructs/k8s/vertical-pod-autoscaling.test.ts.
  "autoscaling.k8s.io/v1/VerticalPodAutoscaler",
];

describe.each(["dev", "staging", "prod-blue", "prod-green"])("objects delivered in %s", (stack) => {
  const all = deliveredObjects(synthDir(), stack);

  it("delivers the platform's custom resources", () => {
    expect(all.length).toBeGreaterThan(15);
  });

  it("has a schema for every kind (or a documented reason not to)", () => {
    const unknown = all
      .map(({ object }) => `${object.apiVersion}/${object.kind}`)
      .filter((key) => !MODELS[key] && !NO_PACKAGE.includes(key));
    expect(unknown).toEqual([]);
  });

  it("passes every object's schema", () => {
    for (const { release, object } of all) {
      const Model = MODELS[`${object.apiVersion}/${object.kind}`];
      if (!Model) continue;
      expect(
        () => new Model(object as never).validate(),
        `${release}: ${object.kind}/${object.metadata.name}`,
      ).not.toThrow();
    }
  });
});
