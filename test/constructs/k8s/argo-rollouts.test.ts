import { Release } from "@cdktf/provider-helm/lib/release";
import { describe, expect, it } from "vitest";
import { Testing } from "../../../constructs/core";
import { ArgoRollouts, type ArgoRolloutsProps } from "../../../constructs/k8s/argo-rollouts";
import { valuesOf } from "./release-readers";

function synth(props: ArgoRolloutsProps = {}): string {
  return Testing.synthScope((scope) => new ArgoRollouts(scope, "Rollouts", props));
}

describe("ArgoRollouts", () => {
  const out = synth();
  const values = valuesOf(out, "argo-rollouts");

  it("pins the argo-rollouts 2.41 chart in its own namespace and installs the CRDs", () => {
    expect(out).toHaveResourceWithProperties(Release, {
      name: "argo-rollouts",
      repository: "https://argoproj.github.io/argo-helm",
      chart: "argo-rollouts",
      version: "2.41.0",
      namespace: "argo-rollouts",
    });
    expect(values).toMatchObject({ installCRDs: true, keepCRDs: true });
  });

  it("runs two controllers with a PDB on the system nodes, bounded and hardened", () => {
    expect(values.controller).toMatchObject({
      replicas: 2,
      pdb: { enabled: true, maxUnavailable: 1 },
      nodeSelector: { "node-role": "system" },
      tolerations: [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }],
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } },
    });
    expect(values.podSecurityContext).toEqual({
      runAsNonRoot: true,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(values.containerSecurityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    });
  });

  it("leaves the dashboard and ServiceMonitor off by default", () => {
    expect(values.dashboard).toEqual({ enabled: false });
    expect(values.controller.metrics).toEqual({
      enabled: false,
      serviceMonitor: { enabled: false, additionalLabels: {} },
    });
  });

  it("creates a ServiceMonitor when the Prometheus Operator is present", () => {
    const v = valuesOf(
      synth({ prometheusOperator: true, serviceMonitorLabels: { release: "kube-prometheus-stack" } }),
      "argo-rollouts",
    );
    expect(v.controller.metrics).toEqual({
      enabled: true,
      serviceMonitor: { enabled: true, additionalLabels: { release: "kube-prometheus-stack" } },
    });
  });

  it("deploys a read-only, hardened dashboard on request", () => {
    const v = valuesOf(synth({ dashboard: true }), "argo-rollouts");
    expect(v.dashboard).toMatchObject({
      enabled: true,
      readonly: true,
      nodeSelector: { "node-role": "system" },
      resources: { limits: { cpu: "200m", memory: "256Mi" } },
      containerSecurityContext: { readOnlyRootFilesystem: true },
    });
  });

  it("exposes the release that Rollout and AnalysisTemplate resources depend on", () => {
    Testing.synthScope((scope) => {
      const r = new ArgoRollouts(scope, "Rollouts", { replicas: 3, namespace: "rollouts" });
      expect(r.release.namespace).toBe("rollouts");
      expect(r.release.values.controller.replicas).toBe(3);
      expect(r.replicas).toBe(3);
      expect(r.version).toBe("2.41.0");
      expect(r.dashboardEnabled).toBe(false);
      expect(r.serviceMonitorEnabled).toBe(false);
    });
  });

  it.each<[string, ArgoRolloutsProps, RegExp]>([
    ["version", { version: "2.41" }, /version: got "2\.41"; allowed: an exact chart version/],
    ["replicas", { replicas: 0 }, /replicas: got 0; allowed: an integer >= 1/],
    ["namespace", { namespace: "Argo" }, /namespace: got "Argo"; allowed: a DNS label/],
    [
      "ServiceMonitor labels without the operator",
      { serviceMonitorLabels: { release: "x" } },
      /serviceMonitorLabels: got \{"release":"x"\}; allowed: only with prometheusOperator: true/,
    ],
    [
      "resources",
      { resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "one", memory: "1Gi" } } },
      /resources: got .*allowed: CPU and memory quantities/,
    ],
  ])("rejects a bad %s", (_name, props, message) => {
    expect(() => synth(props)).toThrowError(message);
  });
});
