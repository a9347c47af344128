import { PodTemplateSpec } from "kubernetes-models/v1/PodTemplateSpec";
import { describe, expect, it } from "vitest";
import { type PodDesign, toDeploymentTemplate, toPodTemplate } from "../../../constructs/k8s/workload-spec";

const design: PodDesign = {
  containerName: "user-service",
  image: "ghcr.io/acme/user-service:1.4.2",
  port: 8080,
  labels: { app: "user-service", "app.kubernetes.io/name": "user-service" },
  selector: { "app.kubernetes.io/name": "user-service" },
  annotations: { "sidecar.istio.io/proxyCPU": "100m" },
  serviceAccountName: "user-service",
  env: { LOG_LEVEL: "info", DEBUG: "false" },
  secretEnv: [{ name: "DATABASE_URL", secretName: "db", key: "url" }],
  requests: { cpu: "250m", memory: "256Mi" },
  limits: { cpu: "1", memory: "512Mi" },
  nodeSelector: { "node-role": "application" },
  spread: [{ topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule" }],
  revisionLabel: "pod-template-hash",
  tmpSizeLimit: "64Mi",
};

const PLURAL: Record<string, string> = {
  container: "containers",
  port: "ports",
  volumeMount: "volumeMounts",
  volume: "volumes",
  topologySpreadConstraint: "topologySpreadConstraints",
};
const NUMERIC = new Set(["runAsUser", "runAsGroup"]);

/** The Terraform block form back in Kubernetes' own form, for the fields the renderer uses. */
function asKubernetes(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => asKubernetes(v));
    return key === "labelSelector" ? items[0] : items;
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [(Array.isArray(v) && PLURAL[k]) || k, asKubernetes(v, k)]),
    );
  }
  if (typeof value === "string" && (NUMERIC.has(key) || (key === "port" && /^\d+$/.test(value))))
    return Number(value);
  return value;
}

describe("workload spec renderers", () => {
  it("render the same pod for a Rollout and for a Deployment", () => {
    expect(asKubernetes(toDeploymentTemplate(design))).toEqual(toPodTemplate(design));
  });

  it("produce a PodTemplateSpec that passes the core schema", () => {
    expect(() => new PodTemplateSpec(toPodTemplate(design)).validate()).not.toThrow();
  });

  it("list plain variables sorted, then the Secret-backed ones", () => {
    expect(toPodTemplate(design).spec?.containers[0]?.env?.map((e) => e.name)).toEqual([
      "DEBUG",
      "LOG_LEVEL",
      "DATABASE_URL",
    ]);
  });
});
