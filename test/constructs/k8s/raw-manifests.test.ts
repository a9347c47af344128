import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { TerraformAsset, TerraformStack, Testing } from "../../../constructs/core";
import { ChartRelease } from "../../../constructs/k8s/chart-release";
import {
  RAW_MANIFESTS_CHART_DIR,
  RawManifests,
  type RawManifestsProps,
} from "../../../constructs/k8s/raw-manifests";
import { resourcesOf } from "../../helpers";

const peer = {
  apiVersion: "security.istio.io/v1",
  kind: "PeerAuthentication",
  metadata: { name: "default", namespace: "istio-system" },
  spec: { mtls: { mode: "STRICT" } },
};

function synth(overrides: Partial<RawManifestsProps> = {}): string {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  const crds = new ChartRelease(stack, "Base", {
    releaseName: "istio-base",
    namespace: "istio-system",
    chart: {
      repository: "https://istio-release.storage.googleapis.com/charts",
      chart: "base",
      version: "1.30.0",
    },
    values: {},
  });
  new RawManifests(stack, "Policies", {
    releaseName: "mesh-policies",
    namespace: "istio-system",
    manifests: [peer],
    dependsOn: [crds],
    ...overrides,
  });
  return Testing.synth(stack);
}

describe("RawManifests", () => {
  it("delivers objects as values of the bundled chart, after the CRD release", () => {
    const releases = resourcesOf(synth(), "helm_release");
    const objects = Object.entries(releases).find(([k]) => k.startsWith("Policies_Objects"))![1];
    expect(objects.chart).toMatch(/^\.\/assets\/RawManifestsChart\/[0-9A-F]{32}$/);
    expect(objects.depends_on).toEqual([expect.stringMatching(/^helm_release\.Base_Release_/)]);
    expect(objects.create_namespace).toBe(false);
    expect(parse((objects.values as string[])[0]!)).toEqual({ manifests: [peer] });
  });

  it("shares one copy of the chart among all deliveries in a stack", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "test");
    for (const name of ["first", "second"]) {
      new RawManifests(stack, name, {
        releaseName: name,
        namespace: "istio-system",
        manifests: [peer],
        dependsOn: [],
      });
    }
    const charts = Object.values(resourcesOf(Testing.synth(stack), "helm_release")).map((r) => r.chart);
    expect(charts).toHaveLength(2);
    expect(new Set(charts).size).toBe(1);
    expect(stack.node.children.filter((c) => c instanceof TerraformAsset)).toHaveLength(1);
  });

  it("ships a chart that renders each object as its own document", () => {
    expect(readFileSync(join(RAW_MANIFESTS_CHART_DIR, "templates", "manifests.yaml"), "utf8")).toContain(
      "{{- range .Values.manifests }}\n---\n{{ toYaml . }}",
    );
    expect(parse(readFileSync(join(RAW_MANIFESTS_CHART_DIR, "Chart.yaml"), "utf8"))).toMatchObject({
      apiVersion: "v2",
      name: "raw-manifests",
    });
  });

  it("rejects an empty list and duplicate objects", () => {
    expect(() => synth({ manifests: [] })).toThrowError(/manifests: got \[\]; allowed: at least one object/);
    expect(() => synth({ manifests: [peer, peer] })).toThrowError(
      /manifests: got "security\.istio\.io\/v1\/PeerAuthentication\/istio-system\/default"; allowed: unique/,
    );
  });
});
