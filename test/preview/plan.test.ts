import path from "node:path";
import { describe, expect, it } from "vitest";
import { guardPlan, PlanInputError } from "../../policy/plan-guard";
import { loadPlan, loadPlanFile } from "../../scripts/preview/plan";
import { fixturePlan, PLANS_DIR } from "./fixtures";

describe("loadPlan", () => {
  it("keeps the whole document, values and sensitivity marks included", () => {
    const plan = fixturePlan("prod-change");
    const db = plan.resource_changes?.find((c) => c.type === "aws_db_instance");
    expect(db?.change.before).toMatchObject({ instance_class: "db.t4g.medium" });
    expect(db?.change.after_sensitive).toEqual({ password: true, tags: {}, tags_all: {} });
    expect(plan.terraform_version).toBe("1.11.4");
  });

  it("accepts text and parsed values alike, and hands the plan guard the same document", () => {
    const text = JSON.stringify(fixturePlan("noop"));
    expect(loadPlan(text)).toEqual(loadPlan(JSON.parse(text)));
    expect(guardPlan(fixturePlan("prod-change")).counts).toMatchObject({
      create: 2,
      update: 6,
      replace: 2,
      delete: 1,
    });
  });

  it("rejects what is not a terraform show -json plan with the guard's message", () => {
    expect(() => loadPlan("{", "x.json")).toThrow(PlanInputError);
    expect(() => loadPlan({ format_version: "0.1" }, "x.json")).toThrow(
      /x.json: not a terraform show -json plan: format_version/,
    );
    expect(() =>
      loadPlan({
        format_version: "1.2",
        resource_changes: [{ address: "a", type: "t", change: { actions: ["explode"] } }],
      }),
    ).toThrow(/resource_changes\.0\.change\.actions\.0/);
  });

  it("reads files", () => {
    expect(loadPlanFile(path.join(PLANS_DIR, "edge-create.json")).resource_changes).toHaveLength(6);
  });
});
