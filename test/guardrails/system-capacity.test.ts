/**
 * The system node groups hold what is pinned to them: every release that places pods on the system
 * nodes declares them (so the synth-time capacity check sees them), and under custom networking
 * every node's kubelet is told how many pods its addresses allow.
 */
import { describe, expect, it } from "vitest";
import { maxPodsPerNode } from "../../constructs/aws/eni-limits";
import { ChartRelease } from "../../constructs/k8s/chart-release";
import { SYSTEM_NODE_SELECTOR } from "../../constructs/k8s/observability-common";
import { loadEnvironments } from "../../environments/load";
import { buildApp } from "../../stacks/app";
import { CLUSTER_STACKS, readStack, resourcesOf, synthDir, tempDir } from "../helpers";

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
  const doc = readStack(synthDir(), stack);

  it("get addresses for EKS's maxPods: pod subnets come with prefix delegation, and no template sets maxPods", () => {
    const custom = JSON.stringify(resourcesOf(doc, "helm_release")).includes("ENIConfig");
    const cni = Object.values(resourcesOf(doc, "aws_eks_addon")).find((a) => a.addon_name === "vpc-cni")!;
    const env = (JSON.parse(String(cni.configuration_values)) as { env?: Record<string, string> }).env ?? {};
    expect(env.ENABLE_PREFIX_DELEGATION === "true").toBe(custom);
    expect(env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG === "true").toBe(custom);
    // EKS injects its own maxPods on managed nodes; a value in user data would be silently overridden.
    for (const t of Object.values(resourcesOf(doc, "aws_launch_template")))
      expect(t.user_data).toBeUndefined();
    expect(maxPodsPerNode("m6i.large", custom)).toBe(custom ? 110 : 29);
  });
});
