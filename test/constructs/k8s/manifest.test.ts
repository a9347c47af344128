import { describe, expect, it } from "vitest";
import { toManifest } from "../../../constructs/k8s/manifest";

describe("toManifest", () => {
  it("copies the object without shared references or undefined fields", () => {
    const shared = { type: "RuntimeDefault" };
    const object = {
      apiVersion: "v1",
      kind: "Thing",
      metadata: { name: "x" },
      a: shared,
      b: shared,
      c: undefined,
    };
    const copy = toManifest(object);
    expect(copy).toEqual({ apiVersion: "v1", kind: "Thing", metadata: { name: "x" }, a: shared, b: shared });
    expect(copy.a).not.toBe(copy.b);
    expect(copy).not.toHaveProperty("c");
  });

  it("refuses an object without a name", () => {
    expect(() => toManifest({ apiVersion: "v1", kind: "Thing", metadata: {} })).toThrowError(
      "Thing has no metadata.name",
    );
  });
});
