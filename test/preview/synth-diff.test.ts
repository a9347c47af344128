import { describe, expect, it } from "vitest";
import { guardPlan } from "../../policy/plan-guard";
import { readSynthesizedStacks } from "../../policy/synth-out";
import type { StackDoc } from "../../policy/types";
import { loadPlan } from "../../scripts/preview/plan";
import {
  attributesOf,
  configurationChanges,
  SYNTH_DIFF_MARKER,
  synthDiffPlan,
} from "../../scripts/preview/synth-diff";
import { synthDir } from "../helpers";

const base: StackDoc = {
  resource: {
    aws_vpc: { Vpc: { cidr_block: "10.0.0.0/16", "//": { metadata: { path: "x/Vpc" } } } },
    aws_db_instance: {
      Db: { identifier: "prod", instance_class: "db.t4g.medium", lifecycle: { prevent_destroy: true } },
    },
    aws_s3_bucket: { Logs: { bucket: "logs" } },
    aws_subnet: { A: { cidr_block: "10.0.1.0/24", depends_on: ["aws_vpc.Vpc"] } },
  },
  data: { aws_partition: { P: {} } },
};
const head: StackDoc = {
  resource: {
    aws_vpc: { Vpc: { cidr_block: "10.0.0.0/16", "//": { metadata: { path: "y/Vpc" } } } },
    aws_db_instance: { Db: { identifier: "prod-2", instance_class: "db.r6g.large" } },
    aws_subnet: { A: { cidr_block: "10.0.1.0/24" }, B: { cidr_block: "10.0.2.0/24" } },
    aws_eks_node_group: { Nodes: { scaling_config: { desired_size: 3 } } },
  },
};

describe("synthDiffPlan", () => {
  const plan = synthDiffPlan(base, head);
  const byAddress = new Map((plan.resource_changes ?? []).map((c) => [c.address, c]));

  it("is a valid Terraform-format plan that says it is a synth diff", () => {
    expect(() => loadPlan(plan)).not.toThrow();
    expect(plan.format_version).toBe("1.2");
    expect(plan.preview_source).toBe(SYNTH_DIFF_MARKER);
  });

  it("derives create, delete, update, no-op, and replace where a stateful attribute forces one", () => {
    expect(byAddress.get("aws_subnet.B")?.change.actions).toEqual(["create"]);
    expect(byAddress.get("aws_eks_node_group.Nodes")?.change.actions).toEqual(["create"]);
    expect(byAddress.get("aws_s3_bucket.Logs")?.change.actions).toEqual(["delete"]);
    expect(byAddress.get("aws_vpc.Vpc")?.change.actions).toEqual(["no-op"]);
    const db = byAddress.get("aws_db_instance.Db")!;
    expect(db.change.actions).toEqual(["delete", "create"]);
    expect(db.change.replace_paths).toEqual([["identifier"]]);
    expect(guardPlan(plan).counts).toMatchObject({ create: 2, delete: 1, replace: 1, update: 0, "no-op": 2 });
  });

  it("compares attributes only: meta-arguments and comments are not changes", () => {
    expect(byAddress.get("aws_subnet.A")?.change.actions).toEqual(["no-op"]);
    expect(
      attributesOf({ a: 1, lifecycle: {}, depends_on: [], "//": {}, count: 2, provider: "aws.dr" }),
    ).toEqual({ a: 1 });
    expect([...byAddress.keys()].some((a) => a.startsWith("data."))).toBe(false);
  });

  it("plans a removed stack as all deletes and an added one as all creates", () => {
    expect(
      synthDiffPlan(base, undefined).resource_changes?.every((c) => c.change.actions[0] === "delete"),
    ).toBe(true);
    expect(
      synthDiffPlan(undefined, head).resource_changes?.every((c) => c.change.actions[0] === "create"),
    ).toBe(true);
  });

  it("finds no changes between a real stack and itself", () => {
    for (const { doc } of readSynthesizedStacks(synthDir())) {
      expect(guardPlan(synthDiffPlan(doc, doc)).counts["no-op"]).toBe(
        Object.values(doc.resource ?? {}).flatMap(Object.keys).length,
      );
    }
  });

  it("names what changed outside resources", () => {
    const before: StackDoc = {
      "//": { metadata: { version: "0.21.0" } },
      terraform: { required_version: ">= 1.10", backend: { s3: { key: "a" } } },
      output: { VpcId: { value: "x" } },
      resource: { aws_vpc: { V: { cidr_block: "10.0.0.0/16" } } },
    };
    const after: StackDoc = {
      "//": { metadata: { version: "0.22.0" } },
      terraform: { required_version: ">= 1.11.4", backend: { s3: { key: "a" } } },
      output: { VpcId: { value: "x" }, ClusterName: { value: "c" } },
      resource: { aws_vpc: { V: { cidr_block: "10.1.0.0/16" } } },
    };
    expect(configurationChanges(before, after)).toEqual(["output.ClusterName", "terraform.required_version"]);
    expect(configurationChanges(before, before)).toEqual([]);
  });
});
