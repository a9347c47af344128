import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1";
import { AuthorizationPolicy } from "@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy";
import { describe, expect, it } from "vitest";
import { Testing } from "../../../constructs/core";
import { AppNamespace, type AppNamespaceProps } from "../../../constructs/k8s/app-namespace";
import { ValidationError } from "../../../constructs/validation";
import { helmRelease, manifest, manifestsOf } from "./release-readers";
import {
  crdReleases,
  INGRESS_PRINCIPAL,
  namespaceProps,
  only,
  PROMETHEUS_PRINCIPAL,
} from "./workload-fixtures";

function synth(overrides: Partial<AppNamespaceProps> = {}): string {
  return Testing.synthScope((scope) => {
    const { istio } = crdReleases(scope);
    new AppNamespace(scope, "Namespace", { ...namespaceProps(istio), ...overrides });
  });
}

function problems(overrides: Partial<AppNamespaceProps>): string {
  try {
    synth(overrides);
  } catch (e) {
    if (e instanceof ValidationError) return e.message;
    throw e;
  }
  throw new Error("expected a ValidationError");
}

describe("AppNamespace", () => {
  const out = synth({ monitoringPrincipals: [PROMETHEUS_PRINCIPAL] });

  it("labels the namespace for Pod Security restricted (enforce, audit, warn) and sidecar injection", () => {
    expect(out).toHaveResourceWithProperties(NamespaceV1, {
      metadata: {
        name: "user-service",
        labels: {
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/enforce-version": "latest",
          "pod-security.kubernetes.io/audit": "restricted",
          "pod-security.kubernetes.io/audit-version": "latest",
          "pod-security.kubernetes.io/warn": "restricted",
          "pod-security.kubernetes.io/warn-version": "latest",
          "istio-injection": "enabled",
        },
      },
    });
  });

  it("uses the revision label instead of istio-injection when a revision is given, and pins PSS", () => {
    const labels = (
      only(synth({ istioRevision: "1-30-5", podSecurityVersion: "v1.33" }), "kubernetes_namespace_v1")
        .metadata as { labels: Record<string, string> }
    ).labels;
    expect(labels["istio.io/rev"]).toBe("1-30-5");
    expect(labels).not.toHaveProperty("istio-injection");
    expect(labels["pod-security.kubernetes.io/enforce-version"]).toBe("v1.33");
  });

  it("caps requests, limits (twice the requests by default) and pods in a quota", () => {
    expect(out).toHaveResourceWithProperties(ResourceQuotaV1, {
      metadata: {
        name: "compute",
        namespace: expect.stringMatching(
          /^\$\{kubernetes_namespace_v1\.Namespace_\w+\.metadata\[0\]\.name\}$/,
        ),
      },
      spec: {
        hard: {
          "requests.cpu": "4",
          "requests.memory": "8Gi",
          "limits.cpu": "8",
          "limits.memory": "16Gi",
          pods: "20",
        },
      },
    });
    const hard = (
      only(
        synth({ quota: { cpu: "4", memory: "8Gi", pods: 20, limitsCpu: "6" } }),
        "kubernetes_resource_quota_v1",
      ).spec as { hard: Record<string, string> }
    ).hard;
    expect(hard["limits.cpu"]).toBe("6");
  });

  it("gives containers without resources the default request and limit", () => {
    expect(out).toHaveResourceWithProperties(LimitRangeV1, {
      spec: {
        limit: [
          {
            type: "Container",
            default_request: { cpu: "100m", memory: "128Mi" },
            default: { cpu: "500m", memory: "512Mi" },
          },
        ],
      },
    });
  });

  it("denies by default and allows the ingress gateway and Prometheus, after Istio's CRDs", () => {
    const policies = manifestsOf(out, "user-service-authz");
    expect(policies.map((p) => p.metadata.name)).toEqual([
      "default-deny",
      "allow-ingress",
      "allow-monitoring",
    ]);
    for (const p of policies) {
      expect(p.metadata.namespace).toBe("user-service");
      expect(() => new AuthorizationPolicy(p as never).validate()).not.toThrow();
    }
    expect(manifest(policies, "AuthorizationPolicy", "default-deny").spec).toEqual({});
    expect(manifest(policies, "AuthorizationPolicy", "allow-ingress").spec).toEqual({
      action: "ALLOW",
      rules: [{ from: [{ source: { principals: [INGRESS_PRINCIPAL] } }] }],
    });
    expect(manifest(policies, "AuthorizationPolicy", "allow-monitoring").spec).toEqual({
      action: "ALLOW",
      rules: [
        {
          from: [{ source: { principals: [PROMETHEUS_PRINCIPAL] } }],
          to: [{ operation: { methods: ["GET"], paths: ["/metrics"] } }],
        },
      ],
    });
    expect(helmRelease(out, "user-service-authz").depends_on).toEqual([
      expect.stringMatching(/^helm_release\.IstioBase_Release_/),
      expect.stringMatching(/^kubernetes_namespace_v1\.Namespace_/),
    ]);
  });

  it("omits the monitoring policy without monitoring principals", () => {
    expect(manifestsOf(synth(), "user-service-authz").map((p) => p.metadata.name)).toEqual([
      "default-deny",
      "allow-ingress",
    ]);
  });

  it("exposes the namespace and what workloads must wait for", () => {
    Testing.synthScope((scope) => {
      const ns = new AppNamespace(scope, "Ns", namespaceProps(crdReleases(scope).istio));
      expect(ns.namespaceName).toBe("user-service");
      expect(ns.ready).toEqual([ns.namespace, ns.quota, ns.limitRange]);
      expect([ns.limitsCpu, ns.limitsMemory, ns.podSecurityVersion]).toEqual(["8", "16Gi", "latest"]);
    });
  });

  it.each([
    [{ name: "User_Service" }, 'name: got "User_Service"; allowed: a DNS label of at most 47 characters'],
    [{ name: "a".repeat(48) }, "allowed: a DNS label of at most 47 characters"],
    [
      { quota: { cpu: "four", memory: "8Gi", pods: 20 } },
      'quota.cpu: got "four"; allowed: a Kubernetes quantity',
    ],
    [
      { quota: { cpu: "4", memory: "8Gi", pods: 0 } },
      "quota.pods: got 0; allowed: a whole number of at least 1",
    ],
    [
      { quota: { cpu: "4", memory: "8Gi", pods: 20, limitsMemory: "4Gi" } },
      'quota.limitsMemory: got "4Gi"; allowed: at least the requests quota (8Gi)',
    ],
    [
      { defaultRequest: { cpu: "1", memory: "128Mi" } },
      'defaultRequest.cpu: got "1"; allowed: at most defaultLimit.cpu (500m)',
    ],
    [
      { defaultLimit: { cpu: "500m", memory: "100M" } },
      'defaultRequest.memory: got "128Mi"; allowed: at most defaultLimit.memory (100M)',
    ],
    [
      { defaultLimit: { cpu: "500m", memory: "lots" } },
      'defaultLimit.memory: got "lots"; allowed: a Kubernetes quantity',
    ],
    [{ ingressPrincipals: [] }, "ingressPrincipals: got []; allowed: at least one principal"],
    [
      { ingressPrincipals: ["istio-ingress"] },
      'ingressPrincipals: got ["istio-ingress"]; allowed: SPIFFE principals',
    ],
    [{ monitoringPrincipals: [] }, "monitoringPrincipals: got []; allowed: at least one principal"],
    [{ podSecurityVersion: "1.33" }, 'podSecurityVersion: got "1.33"; allowed: latest or v1.<minor>'],
    [{ istioRevision: "1.30.5" }, 'istioRevision: got "1.30.5"; allowed: a DNS label'],
    [{ metricsPath: "metrics" }, 'metricsPath: got "metrics"; allowed: an absolute URL path'],
  ] as [Partial<AppNamespaceProps>, string][])("rejects %j", (overrides, message) => {
    expect(problems(overrides)).toContain(message);
  });

  it("reports every problem at once", () => {
    const message = problems({
      name: "Bad",
      ingressPrincipals: [],
      defaultRequest: { cpu: "2", memory: "1Gi" },
    });
    expect(message).toMatch(/^AppNamespace stack\/Namespace: 4 invalid prop\(s\)/);
  });
});
