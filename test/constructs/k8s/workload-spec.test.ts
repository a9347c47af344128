import { PodTemplateSpec } from "kubernetes-models/v1/PodTemplateSpec";
import { describe, expect, it } from "vitest";
import { type PodDesign, toPodTemplate } from "../../../constructs/k8s/workload-spec";

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

describe("workload spec renderer", () => {
  it("produces a PodTemplateSpec that passes the core schema", () => {
    expect(() => new PodTemplateSpec(toPodTemplate(design)).validate()).not.toThrow();
  });

  it("lists plain variables sorted, then the Secret-backed ones", () => {
    expect(toPodTemplate(design).spec?.containers[0]?.env?.map((e) => e.name)).toEqual([
      "DEBUG",
      "LOG_LEVEL",
      "DATABASE_URL",
    ]);
  });
});
