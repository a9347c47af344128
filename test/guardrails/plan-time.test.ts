/**
 * The first apply on an empty account must work. No stack may plan a `kubernetes_manifest` (it needs
 * a reachable API server and installed CRDs at plan time), and every custom resource delivered
 * through Helm must wait, directly or transitively, for the release that installs its CRD.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type Attrs, EVERY_CLUSTER_STACK, readStack, resourcesOf, synthDir, waitsFor } from "../helpers";

/** API groups of custom resources, and the chart that installs their CRDs. */
const CRD_CHARTS: Record<string, string> = {
  "networking.istio.io": "base",
  "security.istio.io": "base",
  "telemetry.istio.io": "base",
  "monitoring.coreos.com": "kube-prometheus-stack",
  "elasticsearch.k8s.elastic.co": "eck-operator",
  "kibana.k8s.elastic.co": "eck-operator",
  "autoscaling.k8s.io": "vertical-pod-autoscaler",
};
/** API groups whose CRDs an EKS managed add-on installs, by the add-on's logical ID. */
const CRD_ADDONS: Record<string, string> = { "crd.k8s.amazonaws.com": "Cluster_VpcCniAddon" };
/** argoproj.io is shared by two charts, so it is decided per kind. */
const ARGO_KINDS: Record<string, string> = {
  Rollout: "argo-rollouts",
  AnalysisTemplate: "argo-rollouts",
  Application: "argo-cd",
  AppProject: "argo-cd",
};
/** Groups served by Kubernetes itself. */
const BUILT_IN = /^(v1|apps\/v1|batch\/v1|policy\/v1|rbac\.authorization\.k8s\.io\/v1|autoscaling\/v2)$/;

function crdChartOf(object: { apiVersion: string; kind: string }): string | undefined {
  if (BUILT_IN.test(object.apiVersion)) return undefined;
  const group = object.apiVersion.split("/")[0]!;
  return group === "argoproj.io" ? ARGO_KINDS[object.kind] : CRD_CHARTS[group];
}

/** Charts every helm_release waits for, following depends_on through other releases. */
function upstreamCharts(
  releases: Record<string, Attrs>,
  name: string,
  seen = new Set<string>(),
): Set<string> {
  const charts = new Set<string>();
  for (const dep of (releases[name]?.depends_on as string[] | undefined) ?? []) {
    const [type, dependency] = dep.split(".") as [string, string];
    if (type !== "helm_release" || seen.has(dependency)) continue;
    seen.add(dependency);
    charts.add(String(releases[dependency]?.chart));
    for (const c of upstreamCharts(releases, dependency, seen)) charts.add(c);
  }
  return charts;
}

/** Problems for one stack: each custom resource whose CRD release is not upstream of its release. */
function planTimeProblems(doc: Attrs): string[] {
  const problems = Object.keys(resourcesOf(doc, "kubernetes_manifest")).map(
    (name) => `kubernetes_manifest.${name}: needs the API server and CRDs at plan time`,
  );
  const releases = resourcesOf(doc, "helm_release");
  for (const [name, release] of Object.entries(releases)) {
    const values = ((release.values as string[] | undefined) ?? []).map(
      (v) => parse(v) as { manifests?: unknown },
    );
    const objects = values.flatMap((v) => (Array.isArray(v?.manifests) ? v.manifests : [])) as {
      apiVersion: string;
      kind: string;
      metadata: { name: string };
    }[];
    const upstream = upstreamCharts(releases, name);
    for (const object of objects) {
      const addon = CRD_ADDONS[object.apiVersion.split("/")[0]!];
      if (addon !== undefined) {
        const deps = (release.depends_on as string[] | undefined) ?? [];
        if (!deps.some((d) => d.startsWith(`aws_eks_addon.${addon}`))) {
          problems.push(
            `helm_release.${name}: ${object.kind}/${object.metadata.name} does not wait for ${addon}`,
          );
        }
        continue;
      }
      const chart = crdChartOf(object);
      if (object.apiVersion.includes(".") && !BUILT_IN.test(object.apiVersion) && chart === undefined) {
        problems.push(`helm_release.${name}: ${object.kind} ${object.apiVersion} has no known CRD chart`);
      } else if (chart !== undefined && !upstream.has(chart)) {
        problems.push(
          `helm_release.${name}: ${object.kind}/${object.metadata.name} does not wait for chart ${chart}`,
        );
      }
    }
  }
  return problems;
}

describe("plan-time rule: nothing needs a live cluster or a missing CRD at plan time", () => {
  const outdir = synthDir();
  const stacks = readdirSync(join(outdir, "stacks")).sort();

  it.each(stacks)("holds for %s", (stack) => {
    expect(planTimeProblems(readStack(outdir, stack))).toEqual([]);
  });

  it.each(
    stacks,
  )("writes depends_on in %s as plain addresses (Terraform rejects interpolations there)", (stack) => {
    const resources = (readStack(outdir, stack).resource ?? {}) as Record<string, Record<string, Attrs>>;
    const bad = Object.entries(resources).flatMap(([type, byName]) =>
      Object.entries(byName).flatMap(([name, r]) =>
        ((r.depends_on as string[] | undefined) ?? [])
          .filter((d) => d.includes("${"))
          .map((d) => `${type}.${name}: ${d}`),
      ),
    );
    expect(bad).toEqual([]);
  });

  it("delivers custom resources in every cluster stack", () => {
    for (const stack of ["dev", "staging", "prod-blue", "prod-green"]) {
      const text = JSON.stringify(resourcesOf(readStack(outdir, stack), "helm_release"));
      expect(text, stack).toContain("PeerAuthentication");
      expect(text, stack).toContain("PrometheusRule");
    }
  });

  it.each([
    "dev",
    "staging",
    "prod-blue",
    "prod-green",
  ])("makes every in-cluster resource of %s wait for the nodes, CoreDNS and the deployer's access", (stack) => {
    const doc = readStack(outdir, stack);
    const resources = (doc.resource ?? {}) as Record<string, Record<string, Attrs>>;
    const inCluster = Object.entries(resources).filter(([type]) => /^(helm_release|kubernetes_)/.test(type));
    expect(inCluster.flatMap(([, byName]) => Object.keys(byName)).length).toBeGreaterThan(20);
    // What the node groups wait for (the ENIConfigs of custom networking) cannot wait for them.
    const beforeNodes = new Set(
      Object.values(resources.aws_eks_node_group ?? {}).flatMap(
        (g) => (g.depends_on as string[] | undefined) ?? [],
      ),
    );
    for (const [type, byName] of inCluster) {
      for (const name of Object.keys(byName)) {
        if (beforeNodes.has(`${type}.${name}`)) continue;
        const deps = [...waitsFor(doc, `${type}.${name}`)];
        expect(
          deps.some((d) => d.startsWith("aws_eks_node_group.")),
          `${type}.${name}`,
        ).toBe(true);
        expect(
          deps.some((d) => d.startsWith("aws_eks_addon.Cluster_CoreDnsAddon")),
          `${type}.${name}`,
        ).toBe(true);
        expect(
          deps.some((d) => d.startsWith("aws_eks_access_policy_association.")),
          `${type}.${name}`,
        ).toBe(true);
      }
    }
  });

  it.each(
    EVERY_CLUSTER_STACK,
  )("makes every in-cluster resource of %s wait for every part of the cluster's readiness gate", (stack) => {
    const doc = readStack(outdir, stack);
    const resources = (doc.resource ?? {}) as Record<string, Record<string, Attrs>>;
    const gate = resources.terraform_data?.ClusterReady;
    const members = (gate?.depends_on as string[] | undefined) ?? [];
    // What the gate must reach, found in the stack by what it is: every node group or pool, CoreDNS
    // and the EBS CSI driver, the deployer's access, the control plane's rules to the nodes that
    // installs asked for, the StorageClass the platform's volumes use.
    const addresses = Object.entries(resources).flatMap(([type, byName]) =>
      Object.keys(byName).map((name) => `${type}.${name}`),
    );
    const required = addresses.filter((a) =>
      [
        /^aws_eks_node_group\./,
        /^aws_eks_addon\.Cluster_(CoreDns|EbsCsiDriver)Addon/,
        /^aws_eks_access_policy_association\./,
        // The ports installs asked for (webhooks, aggregated APIs, the kubelet); 443 serves none yet.
        /^aws_vpc_security_group_ingress_rule\.Cluster_SecurityGroups_ClusterToNode(Port\d+|Kubelet)_/,
        /^azurerm_kubernetes_cluster_node_pool\./,
        /^azurerm_role_assignment\.\w*_AdminAccess_/,
        /^kubernetes_storage_class_v1\.\w*_(Gp3|PremiumZrs)StorageClass_/,
      ].some((re) => re.test(a)),
    );
    expect(required.length, stack).toBeGreaterThanOrEqual(4);
    const throughGate = waitsFor(doc, "terraform_data.ClusterReady");
    expect(
      required.filter((r) => !throughGate.has(r)),
      stack,
    ).toEqual([]);
    const beforeNodes = new Set(
      Object.values(resources.aws_eks_node_group ?? {}).flatMap(
        (g) => (g.depends_on as string[] | undefined) ?? [],
      ),
    );
    let gated = 0;
    for (const [type, byName] of Object.entries(resources)) {
      if (!/^(helm_release|kubernetes_)/.test(type)) continue;
      for (const name of Object.keys(byName)) {
        const address = `${type}.${name}`;
        if (beforeNodes.has(address)) continue;
        const reached = waitsFor(doc, address);
        expect(reached.has("terraform_data.ClusterReady") || members.includes(address), address).toBe(true);
        for (const member of members) {
          if (member !== address) expect(reached.has(member), `${address} -> ${member}`).toBe(true);
        }
        gated++;
      }
    }
    expect(gated, stack).toBeGreaterThan(20);
    expect(waitsFor(doc, "terraform_data.ClusterReady").has("terraform_data.ClusterReady")).toBe(false);
  });

  it("catches a kubernetes_manifest and a custom resource that does not wait for its CRD", () => {
    const base = { chart: "base", values: ["{}"] };
    const doc = {
      resource: {
        kubernetes_manifest: { Peer: { manifest: {} } },
        helm_release: {
          Base: base,
          Early: {
            chart: "./assets/raw",
            values: [
              "manifests:\n  - {apiVersion: argoproj.io/v1alpha1, kind: Rollout, metadata: {name: web}}\n",
            ],
            depends_on: ["helm_release.Base"],
          },
        },
      },
    };
    expect(planTimeProblems(doc)).toEqual([
      "kubernetes_manifest.Peer: needs the API server and CRDs at plan time",
      "helm_release.Early: Rollout/web does not wait for chart argo-rollouts",
    ]);
  });
});
