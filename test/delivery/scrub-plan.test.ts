import { describe, expect, it } from "vitest";
import { scrub, scrubPlan } from "../../.github/scripts/scrub-plan";
import { parsePlan } from "../../policy/plan-guard";

/** A `terraform show -json` plan in miniature, with sensitive values where Terraform prints them. */
const PLAN = {
  format_version: "1.2",
  terraform_version: "1.11.4",
  prior_state: { values: { root_module: { resources: [{ values: { result: "s3cret-prior" } }] } } },
  planned_values: { root_module: { resources: [{ values: { result: "s3cret-planned" } }] } },
  configuration: { provider_config: {} },
  resource_changes: [
    {
      address: "random_password.Master",
      type: "random_password",
      change: {
        actions: ["delete", "create"],
        replace_paths: [["length"]],
        before: { result: "s3cret-before", length: 16, keepers: [{ token: "s3cret-nested" }, { name: "a" }] },
        after: { result: null, length: 20, keepers: [{ token: "s3cret-nested" }, { name: "a" }] },
        before_sensitive: { result: true, keepers: [{ token: true }, {}] },
        after_sensitive: { result: true, keepers: [{ token: true }, {}] },
        after_unknown: { result: true },
      },
    },
  ],
  output_changes: {
    Token: {
      actions: ["update"],
      before: "s3cret-output",
      after: "s3cret-output2",
      before_sensitive: true,
      after_sensitive: true,
    },
    LiveColor: {
      actions: ["update"],
      before: "blue",
      after: "green",
      before_sensitive: false,
      after_sensitive: false,
    },
  },
};

describe("scrub-plan", () => {
  it("removes every value the plan marks sensitive, and the state and configuration copies", () => {
    const scrubbed = scrubPlan(PLAN as never);
    expect(JSON.stringify(scrubbed)).not.toContain("s3cret");
    expect(Object.keys(scrubbed).sort()).toEqual([
      "format_version",
      "output_changes",
      "resource_changes",
      "terraform_version",
    ]);
  });

  it("keeps what the preview and the plan guard read: actions, replace paths, masks, other values", () => {
    const scrubbed = scrubPlan(PLAN as never);
    const [change] = scrubbed.resource_changes!;
    expect(change!.change).toMatchObject({
      actions: ["delete", "create"],
      replace_paths: [["length"]],
      before: { result: null, length: 16, keepers: [{ token: null }, { name: "a" }] },
      after_sensitive: PLAN.resource_changes[0]!.change.after_sensitive,
      after_unknown: { result: true },
    });
    expect(scrubbed.output_changes!.LiveColor).toMatchObject({ before: "blue", after: "green" });
    expect(parsePlan(JSON.stringify(scrubbed)).resource_changes).toHaveLength(1);
  });

  it("treats a missing mask as not sensitive and a `true` mask as covering the whole subtree", () => {
    expect(scrub({ a: 1, b: [1, 2] }, undefined)).toEqual({ a: 1, b: [1, 2] });
    expect(scrub({ a: { b: "x" } }, { a: true })).toEqual({ a: null });
    expect(scrub(undefined, true)).toBeUndefined();
  });
});
