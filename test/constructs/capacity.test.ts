import { describe, expect, it } from "vitest";
import { checkNodeCountOrder, splitCapacity } from "../../constructs/capacity";
import { Validator } from "../../constructs/validation";
import { errorOf, problem } from "../helpers";

const check = (g: { minSize: number; desiredSize: number; maxSize: number }, noun: "group" | "pool") =>
  errorOf(() => {
    const v = new Validator("test");
    checkNodeCountOrder(v, "pool", g, noun);
    v.throwIfAny();
  });

describe("shared node counts", () => {
  it("split the same way on both clouds: totals kept, on demand keeps a node below 100% spot", () => {
    expect(splitCapacity({ minSize: 3, desiredSize: 3, maxSize: 10 }, 70)).toEqual({
      onDemand: { minSize: 1, desiredSize: 1, maxSize: 3 },
      spot: { minSize: 2, desiredSize: 2, maxSize: 7 },
    });
    expect(splitCapacity({ minSize: 1, desiredSize: 1, maxSize: 2 }, 0).spot).toBeUndefined();
  });

  it("refuses min above max, and desired outside min..max, naming the bounds", () => {
    expect(check({ minSize: 4, desiredSize: 4, maxSize: 3 }, "pool")).toContain(
      problem("pool.minSize", 4, "at most maxSize (3)"),
    );
    expect(check({ minSize: 1, desiredSize: 5, maxSize: 3 }, "group")).toContain(
      problem("pool.desiredSize", 5, "between minSize and maxSize (1..3)"),
    );
    expect(() => {
      const v = new Validator("test");
      checkNodeCountOrder(v, "pool", { minSize: 1, desiredSize: 2, maxSize: 3 }, "pool");
      v.throwIfAny();
    }).not.toThrow();
  });
});
