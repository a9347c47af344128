import { describe, expect, it } from "vitest";
import { Testing } from "../../../constructs/core";
import { ClusterReadyGate } from "../../../constructs/k8s/cluster-ready-gate";
import { errorOf, problem, resourcesOf } from "../../helpers";
import { nodeGroup } from "./node-group-fixture";

describe("ClusterReadyGate", () => {
  it("is a terraform_data resource with only depends_on, needing no provider", () => {
    const out = Testing.synthScope((scope) => {
      const nodes = nodeGroup(scope);
      new ClusterReadyGate(scope, "Ready", { ready: [nodes] });
    });
    const gates = Object.values(resourcesOf(out, "terraform_data"));
    expect(gates).toEqual([{ depends_on: [expect.stringMatching(/^aws_eks_node_group\.Nodes/)] }]);
    const doc = JSON.parse(out) as { terraform?: { required_providers?: Record<string, unknown> } };
    expect(Object.keys(doc.terraform?.required_providers ?? {})).not.toContain("terraform");
  });

  it("refuses an empty ready list, naming the field", () => {
    const message = errorOf(() =>
      Testing.synthScope((scope) => {
        new ClusterReadyGate(scope, "Ready", { ready: [] });
      }),
    );
    expect(message).toContain(problem("ready", [], "at least one resource"));
  });
});
