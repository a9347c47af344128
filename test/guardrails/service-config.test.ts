/**
 * In every cluster stack, every workload a service delivers reads its settings from a ConfigMap that
 * the same stack creates in the same namespace, and carries that ConfigMap's checksum on its pod
 * template, so that a changed setting rolls the pods.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type Attrs,
  deliveredObjects,
  EVERY_CLUSTER_STACK,
  readStack,
  resourcesOf,
  synthDir,
} from "../helpers";

const outdir = synthDir();

describe.each(EVERY_CLUSTER_STACK)("service configuration in %s", (stack) => {
  const configMaps = Object.values(resourcesOf(readStack(outdir, stack), "kubernetes_config_map_v1")).map(
    (r) => ({
      metadata: r.metadata as Attrs,
      data: r.data as Record<string, string>,
    }),
  );
  const workloads = deliveredObjects(outdir, stack)
    .map((d) => d.object as Attrs)
    .filter((o) => o.kind === "Deployment" || o.kind === "Rollout")
    .filter((o) => String((o.metadata as Attrs).namespace) !== "kube-system");

  it("delivers at least one service workload", () => {
    expect(workloads.length).toBeGreaterThan(0);
  });

  it.each(
    workloads.map((w) => [(w.metadata as Attrs).name as string, w] as const),
  )("%s reads a ConfigMap of its namespace and rolls when it changes", (_name, workload) => {
    // biome-ignore lint/suspicious/noExplicitAny: free-form Kubernetes object
    const template = (workload as any).spec.template;
    const refs: string[] = template.spec.containers.flatMap(
      (c: { envFrom?: { configMapRef?: { name: string } }[] }) =>
        (c.envFrom ?? []).map((e) => e.configMapRef?.name).filter(Boolean),
    );
    expect(refs.length).toBe(1);
    const namespace = (workload.metadata as Attrs).namespace;
    const map = configMaps.find((m) => m.metadata.name === refs[0] && m.metadata.namespace === namespace);
    expect(map, `ConfigMap ${refs[0]} in ${namespace}`).toBeDefined();
    const checksum = createHash("sha256").update(JSON.stringify(map!.data)).digest("hex");
    expect(template.metadata.annotations["checksum/config"]).toBe(checksum);
  });
});
