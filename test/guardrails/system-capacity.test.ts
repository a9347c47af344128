/**
 * The system node groups hold what is pinned to them: every release that places pods on the system
 * nodes declares them (so the synth-time capacity check sees them), and under custom networking
 * every node's kubelet is told how many pods its addresses allow.
 */
import { describe, expect, inject, it } from "vitest";
import { maxPodsPerNode } from "../../constructs/aws/eni-limits";
import { ChartRelease } from "../../constructs/k8s/chart-release";
import { SYSTEM_NODE_SELECTOR } from "../../constructs/k8s/observability-common";
import { loadEnvironments } from "../../environments/load";
import { buildApp } from "../../stacks/app";
import { CLUSTER_STACKS, readStack, resourcesOf, tempDir } from "../helpers";

const selector = JSON.stringify(SYSTEM_NODE_SELECTOR).slice(1, -1);

describe("system pods are declared", () => {
  const app = buildApp(loadEnvironments(), tempDir("system-pods"));
  const releases = app.node.findAll().filter((c): c is ChartRelease<object> => c instanceof ChartRelease);

  it("by every release whose values pin pods to the system nodes", () => {
    const pinning = releases.filter((r) => JSON.stringify(r.values).includes(selector));
    expect(pinning.length).toBeGreaterThan(20);
    const undeclared = pinning
      .filter((r) => (r.systemPods.pinned ?? []).length === 0)
      .map((r) => r.node.path);
    expect(undeclared).toEqual([]);
  });

  it("by no release that pins nothing there (a stale declaration would hide a real shortage)", () => {
    const stale = releases
      .filter((r) => (r.systemPods.pinned ?? []).length > 0 && !JSON.stringify(r.values).includes(selector))
      .map((r) => r.node.path);
    expect(stale).toEqual([]);
  });
});

describe.each(CLUSTER_STACKS)("node pods in %s", (stack) => {
  const doc = readStack(inject("synthDir"), stack);

  it("tell the kubelet the pods that custom networking leaves each node", () => {
    const custom = JSON.stringify(resourcesOf(doc, "helm_release")).includes("ENIConfig");
    const templates = resourcesOf(doc, "aws_launch_template");
    for (const [name, template] of Object.entries(templates)) {
      const groups = Object.values(resourcesOf(doc, "aws_eks_node_group")).filter((g) =>
        JSON.stringify(g.launch_template).includes(`aws_launch_template.${name}.`),
      );
      const types = groups.flatMap((g) => g.instance_types as string[]);
      const userData = template.user_data as string | undefined;
      if (!custom) {
        expect(userData).toBeUndefined();
        continue;
      }
      const declared = /maxPods: (\d+)/.exec(Buffer.from(userData ?? "", "base64").toString())?.[1];
      const allowed = Math.min(...types.map((t) => maxPodsPerNode(t, true) ?? 0));
      expect({ name, maxPods: Number(declared) }).toEqual({ name, maxPods: allowed });
    }
    expect(Object.keys(templates).length).toBeGreaterThan(0);
  });
});
