import { Release } from "@cdktf/provider-helm/lib/release";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Testing } from "../../../constructs/core";
import { ChartRelease, type ChartReleaseProps, helmValues } from "../../../constructs/k8s/chart-release";
import { resourcesOf } from "../../helpers";

interface DemoValues {
  replicas: number;
  labels: Record<string, string>;
  shared?: { a: number };
}
const props: ChartReleaseProps<DemoValues> = {
  releaseName: "demo",
  namespace: "demo",
  chart: { repository: "https://charts.example.com", chart: "demo", version: "1.2.3" },
  values: { replicas: 2, labels: { b: "2", a: "1" } },
};
const synth = (overrides: Partial<ChartReleaseProps<DemoValues>> = {}) =>
  Testing.synthScope((scope) => new ChartRelease(scope, "Demo", { ...props, ...overrides }));

describe("ChartRelease", () => {
  it("pins the chart and installs atomically with bounded history", () => {
    expect(synth()).toHaveResourceWithProperties(Release, {
      name: "demo",
      namespace: "demo",
      repository: "https://charts.example.com",
      chart: "demo",
      version: "1.2.3",
      atomic: true,
      cleanup_on_fail: true,
      create_namespace: true,
      max_history: 10,
      timeout: 600,
    });
  });

  it("depends on the given releases by address, and writes no depends_on for an empty list", () => {
    const doc = JSON.parse(
      Testing.synthScope((scope) => {
        const first = new ChartRelease(scope, "First", { ...props, releaseName: "first" });
        new ChartRelease(scope, "Second", { ...props, releaseName: "second", dependsOn: [first] });
        new ChartRelease(scope, "Alone", { ...props, releaseName: "alone", dependsOn: [] });
      }),
    ) as { resource: { helm_release: Record<string, { name: string; depends_on?: string[] }> } };
    const byName = Object.fromEntries(
      Object.entries(doc.resource.helm_release).map(([id, r]) => [r.name, { id, r }]),
    );
    expect(byName.second?.r.depends_on).toEqual([`helm_release.${byName.first?.id}`]);
    expect(byName.alone?.r).not.toHaveProperty("depends_on");
    expect(byName.first?.r).not.toHaveProperty("depends_on");
  });

  it("serializes typed values as indented JSON with sorted keys and no aliases", () => {
    const shared = { a: 1 };
    const values = { replicas: 2, labels: { b: "2", a: "1" }, shared, again: shared } as DemoValues;
    const [release] = Object.values(resourcesOf(synth({ values }), "helm_release"));
    const text = (release!.values as string[])[0]!;
    expect(text).not.toMatch(/[&*]a\d/);
    expect(text.indexOf('"a": "1"')).toBeLessThan(text.indexOf('"b": "2"'));
    expect(text.split("\n").length).toBeGreaterThan(10);
    expect(parse(text)).toEqual({
      replicas: 2,
      labels: { a: "1", b: "2" },
      shared: { a: 1 },
      again: { a: 1 },
    });
  });

  it("keeps strings that Helm's YAML 1.1 parser would retype as strings", () => {
    // Unquoted, YAML 1.1 reads 09:00 as the base-60 integer 540, on/yes as true and 0755 as octal.
    const labels = { start: "09:00", flag: "on", ok: "yes", mode: "0755", nothing: "null" };
    expect(parse(helmValues({ labels }), { version: "1.1" })).toEqual({ labels });
  });

  it("throws on cyclic values instead of writing anchors", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    expect(() => helmValues(cyclic)).toThrow(
      "values.self: values contain a cycle; Helm values must be a tree",
    );
    const deep: Record<string, unknown> = { list: [{ ok: 1 }, { inner: {} }] };
    ((deep.list as Record<string, unknown>[])[1]!.inner as Record<string, unknown>).back = deep;
    expect(() => helmValues(deep)).toThrow("values.list[1].inner.back: values contain a cycle");
    // The same object twice, side by side, is a tree's repetition, not a cycle.
    const shared = { a: 1 };
    expect(JSON.parse(helmValues({ x: shared, y: [shared, shared] }))).toEqual({
      x: shared,
      y: [shared, shared],
    });
  });

  it("rejects a version range, a bad repository and a long release name", () => {
    expect(() =>
      synth({
        releaseName: "x".repeat(60),
        chart: { repository: "charts.example.com", chart: "demo", version: "^1.2" },
      }),
    ).toThrowError(
      /chart\.version: got "\^1\.2"; allowed: an exact semantic version[\s\S]*chart\.repository: got "charts\.example\.com"; allowed: an https:\/\/ or oci:\/\/ URL[\s\S]*releaseName: got "x{60}"; allowed: a DNS label of at most 53 characters/,
    );
  });
});
