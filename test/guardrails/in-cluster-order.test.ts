/**
 * In-cluster resources wait for the cluster to be ready: every node group, CoreDNS, the storage
 * driver and the deployer's access. A release that starts before an application node group is ACTIVE
 * lands its pods on the system nodes or stays Pending until Helm times out; one that starts before the
 * access policy cannot reach the API at all. Only what the nodes themselves wait for (the ENIConfigs
 * of custom networking) comes first. Checked over the synthesized output of every cluster stack.
 */
import { describe, expect, it } from "vitest";
import { type Attrs, CLUSTER_STACKS, readStack, resourcesOf, synthDir } from "../helpers";

/** Every `type.name` (or `data.type.name`) address that `${...}` expressions in a value reference. */
function referencesIn(value: unknown): string[] {
  const text = JSON.stringify(value);
  return [...text.matchAll(/\$\{([^}]*)\}/g)].flatMap(([, expr]) =>
    [...expr!.matchAll(/\b((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)/g)].map(([, address]) => address!),
  );
}

/** Each resource's and data source's address, with the addresses it waits for directly. */
function dependencyGraph(doc: Attrs): Map<string, string[]> {
  const blocks = [
    ...Object.entries((doc.resource ?? {}) as Record<string, Record<string, Attrs>>).map(
      ([type, byName]) => [type, byName] as const,
    ),
    ...Object.entries((doc.data ?? {}) as Record<string, Record<string, Attrs>>).map(
      ([type, byName]) => [`data.${type}`, byName] as const,
    ),
  ];
  const graph = new Map<string, string[]>();
  for (const [type, byName] of blocks) {
    for (const name of Object.keys(byName)) graph.set(`${type}.${name}`, []);
  }
  for (const [type, byName] of blocks) {
    for (const [name, attrs] of Object.entries(byName)) {
      const { depends_on, ...rest } = attrs;
      const direct = [...((depends_on as string[] | undefined) ?? []), ...referencesIn(rest)];
      graph.set(
        `${type}.${name}`,
        [...new Set(direct)].filter((a) => graph.has(a)),
      );
    }
  }
  return graph;
}

/** Addresses `address` waits for, directly or through other resources. */
function upstream(graph: Map<string, string[]>, address: string): Set<string> {
  const seen = new Set<string>();
  const stack = [...(graph.get(address) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(graph.get(next) ?? []));
  }
  return seen;
}

const addresses = (doc: Attrs, type: string) =>
  Object.keys(resourcesOf(doc, type)).map((n) => `${type}.${n}`);

const isInCluster = (type: string) => type === "helm_release" || type.startsWith("kubernetes_");

describe.each(CLUSTER_STACKS)("in-cluster order in %s", (stack) => {
  const doc = readStack(synthDir(), stack);
  const graph = dependencyGraph(doc);
  const nodeGroups = addresses(doc, "aws_eks_node_group");
  const addons = resourcesOf(doc, "aws_eks_addon");
  const addon = (addonName: string) =>
    Object.entries(addons)
      .filter(([, a]) => a.addon_name === addonName)
      .map(([name]) => `aws_eks_addon.${name}`);
  const gates = [
    ...nodeGroups,
    ...addon("coredns"),
    ...addon("aws-ebs-csi-driver"),
    ...addresses(doc, "aws_eks_access_policy_association"),
  ];
  // What a node group waits for cannot wait for the node groups.
  const beforeNodes = new Set(nodeGroups.flatMap((g) => [...upstream(graph, g)]));
  const inCluster = Object.keys((doc.resource ?? {}) as Attrs)
    .filter(isInCluster)
    .flatMap((type) => addresses(doc, type));

  it("has the cluster's readiness gates to check against", () => {
    expect(nodeGroups.length).toBeGreaterThanOrEqual(2);
    expect(addon("coredns")).toHaveLength(1);
    expect(addon("aws-ebs-csi-driver")).toHaveLength(1);
    expect(addresses(doc, "aws_eks_access_policy_association")).toHaveLength(1);
    expect(inCluster.length).toBeGreaterThan(10);
  });

  it("installs nothing in the cluster before the nodes but releases a node group depends on directly", () => {
    const early = inCluster.filter((a) => beforeNodes.has(a));
    // Custom networking's ENIConfigs: a release the node groups depend on, and nothing more.
    expect(early.every((a) => a.startsWith("helm_release."))).toBe(true);
    for (const release of early) {
      expect(
        nodeGroups.some((g) => graph.get(g)!.includes(release)),
        `${release} is upstream of the nodes`,
      ).toBe(true);
    }
  });

  it("makes every other in-cluster resource wait for every node group, CoreDNS, the storage driver and the deployer's access", () => {
    const missing = inCluster
      .filter((a) => !beforeNodes.has(a))
      .flatMap((a) => {
        const waits = upstream(graph, a);
        return gates.filter((g) => !waits.has(g)).map((g) => `${a} -> ${g}`);
      });
    expect(missing).toEqual([]);
  });
});

describe("dependency graph", () => {
  it("counts depends_on and references inside expressions, and only addresses that exist", () => {
    /** A Terraform expression, `${e}`. */
    const tf = (e: string) => `$\{${e}}`;
    const doc = {
      resource: {
        a_thing: { A: {} },
        b_thing: { B: { name: `${tf("a_thing.A.id")}-x` } },
        c_thing: {
          C: { depends_on: ["b_thing.B"], v: [tf("var.x"), tf("local.y"), tf("each.value")].join(" ") },
        },
      },
      data: { d_doc: { D: { arn: tf("c_thing.C.arn") } } },
    };
    const graph = dependencyGraph(doc);
    expect(graph.get("b_thing.B")).toEqual(["a_thing.A"]);
    expect(graph.get("c_thing.C")).toEqual(["b_thing.B"]);
    expect([...upstream(graph, "data.d_doc.D")].sort()).toEqual(["a_thing.A", "b_thing.B", "c_thing.C"]);
  });
});
