import { describe, expect, it } from "vitest";
import { checkNodeGroups, type NodeCount, splitCapacity } from "../../../constructs/aws/eks-capacity";
import { Validator } from "../../../constructs/validation";

const n = (minSize: number, desiredSize: number, maxSize: number): NodeCount => ({
  minSize,
  desiredSize,
  maxSize,
});

describe("splitCapacity", () => {
  it.each([
    [0, n(3, 3, 20), { onDemand: n(3, 3, 20), spot: undefined }],
    [70, n(3, 3, 20), { onDemand: n(1, 1, 6), spot: n(2, 2, 14) }],
    [100, n(3, 3, 20), { onDemand: undefined, spot: n(3, 3, 20) }],
    [50, n(1, 1, 3), { onDemand: n(1, 1, 1), spot: n(0, 0, 2) }],
    [99, n(1, 2, 2), { onDemand: n(1, 1, 1), spot: n(0, 1, 1) }],
    [2, n(3, 3, 20), { onDemand: n(3, 3, 20), spot: undefined }],
  ])("splits at %i percent spot", (percent, total, expected) => {
    expect(splitCapacity(total, percent)).toEqual(expected);
  });

  it("preserves totals, keeps an on-demand node below 100% and keeps min <= desired <= max", () => {
    for (let percent = 0; percent <= 100; percent++) {
      for (const total of [n(0, 0, 1), n(1, 1, 1), n(1, 2, 5), n(3, 3, 20), n(2, 7, 9)]) {
        const { onDemand = n(0, 0, 0), spot = n(0, 0, 0) } = splitCapacity(total, percent);
        for (const key of ["minSize", "desiredSize", "maxSize"] as const) {
          expect(onDemand[key] + spot[key]).toBe(total[key]);
          if (percent < 100 && total[key] >= 1) expect(onDemand[key]).toBeGreaterThanOrEqual(1);
        }
        for (const g of [onDemand, spot]) {
          expect(g.minSize).toBeLessThanOrEqual(g.desiredSize);
          expect(g.desiredSize).toBeLessThanOrEqual(g.maxSize);
        }
      }
    }
  });
});

describe("checkNodeGroups", () => {
  const system = { instanceType: "t3.medium", minSize: 2, desiredSize: 2, maxSize: 5 };
  const app = { ...n(3, 3, 20), instanceType: "t3.large", spotPercent: 70, spotInstanceTypes: ["t3.large"] };

  it("accepts the environments' settings and allows no spot types when spot is 0%", () => {
    const v = new Validator("test");
    checkNodeGroups(v, system, app, 50);
    checkNodeGroups(v, system, { ...app, spotPercent: 0, spotInstanceTypes: [] }, 50);
    expect(() => v.throwIfAny()).not.toThrow();
  });

  it("reports non-integer counts on maxSize", () => {
    const v = new Validator("test");
    checkNodeGroups(v, { ...system, desiredSize: 2.5 }, app, 50);
    expect(() => v.throwIfAny()).toThrowError(
      /systemNodeGroup\.maxSize: got 5; allowed: an integer of at least 1/,
    );
  });
});
