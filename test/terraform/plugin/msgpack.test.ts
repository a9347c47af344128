import { describe, expect, it } from "vitest";
import { BigNumber, type CtyType, type CtyValue, Dynamic, UNKNOWN, Unknown } from "./cty";
import { decode, encode } from "./msgpack";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const bytes = (h: string) => Buffer.from(h.replace(/\s+/g, ""), "hex");

describe("cty msgpack", () => {
  // Expected bytes follow go-cty's marshal.go with vmihailenco/msgpack (compact ints, float64).
  it.each<[string, CtyValue, CtyType, string]>([
    ["null of any type", null, ["list", "string"], "c0"],
    ["true", true, "bool", "c3"],
    ["a fixint", 7, "number", "07"],
    ["a negative fixint", -3, "number", "fd"],
    ["a uint16", 1000, "number", "cd03e8"],
    ["a negative int8", -100, "number", "d09c"],
    ["a negative int32", -70_000, "number", "d2fffeee90"],
    ["a negative int64", -(2 ** 40), "number", "d3ffffff0000000000"],
    ["a float64", 1.5, "number", "cb3ff8000000000000"],
    ["infinity", Number.POSITIVE_INFINITY, "number", "cb7ff0000000000000"],
    ["a number beyond int64 as decimal text", new BigNumber("1e400"), "number", "a531653430 30"],
    ["a string", "hi", "string", "a26869"],
    ["a wholly unknown value", UNKNOWN, "string", "d40000"],
    [
      "an object, keys sorted",
      { b: 1, a: "x", c: null },
      ["object", { b: "number", a: "string", c: "bool" }],
      "83 a161 a178 a162 01 a163 c0",
    ],
    ["a set with an unknown element", ["a", UNKNOWN], ["set", "string"], "92 a161 d40000"],
    ["a tuple", ["a", 1], ["tuple", ["string", "number"]], "92 a161 01"],
    ["a map", { k: true }, ["map", "bool"], "81 a16b c3"],
    [
      "a dynamic string, with its type as JSON bytes",
      new Dynamic("string", "hi"),
      "dynamic",
      "92 c408 22737472696e6722 a26869",
    ],
    ["a typed null in a dynamic slot", new Dynamic("string", null), "dynamic", "92 c408 22737472696e6722 c0"],
    [
      "a typed unknown in a dynamic slot",
      new Dynamic("string", UNKNOWN),
      "dynamic",
      "92 c408 22737472696e6722 d40000",
    ],
    ["a wholly dynamic unknown", UNKNOWN, "dynamic", "d40000"],
  ])("encodes %s exactly as go-cty", (_name, value, ty, expected) => {
    const b = encode(value, ty);
    expect(hex(b)).toBe(expected.replace(/\s+/g, ""));
    expect(decode(b, ty)).toEqual(value);
  });

  it.each<[string, CtyValue, CtyType]>([
    [
      "ints at every width",
      [0, 127, 128, 255, 256, 65535, 65536, 2 ** 32, 2 ** 53 - 1, -1, -32, -33, -129, -(2 ** 31) - 1],
      ["list", "number"],
    ],
    ["int64 beyond 2^53", [2n ** 63n - 1n, -(2n ** 63n), 2n ** 64n - 1n], ["list", "number"]],
    [
      "long and multi-byte strings",
      ["x".repeat(31), "y".repeat(32), "z".repeat(300), "é🤷".repeat(20_000)],
      ["list", "string"],
    ],
    ["big collections", Array.from({ length: 70_000 }, (_, i) => i % 2 === 0), ["list", "bool"]],
    [
      "nested objects with unknowns",
      { a: [{ b: UNKNOWN, c: { d: null } }] },
      ["object", { a: ["list", ["object", { b: "string", c: ["object", { d: "number" }] }]] }],
    ],
    [
      "an inferred dynamic object",
      new Dynamic(["object", { a: ["tuple", ["string", "bool"]] }], { a: ["x", true] }),
      "dynamic",
    ],
    [
      "a dynamic list block (tuple of objects)",
      { blk: new Dynamic(["tuple", [["object", { v: "dynamic" }]]], [{ v: null }]) },
      ["object", { blk: "dynamic" }],
    ],
  ])("round-trips %s", (_name, value, ty) => {
    expect(decode(encode(value, ty), ty)).toEqual(value);
  });

  it("writes an attribute missing from an object value as null", () => {
    expect(hex(encode({ a: "x" }, ["object", { a: "string", b: "bool" }]))).toBe("82a161a178a162c0");
  });

  it("gives a dynamic slot's plain JS value the type it looks like", () => {
    const b = encode({ kind: "ConfigMap", n: 1 }, "dynamic");
    expect(decode(b, "dynamic")).toEqual(
      new Dynamic(["object", { kind: "string", n: "number" }], { kind: "ConfigMap", n: 1 }),
    );
  });

  it("reads numbers that cty writes as decimal text, and strings written as bin", () => {
    expect(decode(bytes("a3 313233"), "number")).toBe(123);
    expect(decode(bytes("b4 3132333435363738393031323334353637383930"), "number")).toBe(
      12345678901234567890n,
    );
    expect(decode(bytes("a4 302e3130"), "number")).toEqual(new BigNumber("0.10"));
    expect(decode(bytes("c4 02 6869"), "string")).toBe("hi");
  });

  describe("refined unknowns", () => {
    // Payloads as go-cty's unknown.go writes them: a map of small-integer keys.
    it.each<[string, string, CtyType, Unknown["refinements"]]>([
      ["not null", "c7 03 0c 81 01 c2", "string", { notNull: true }],
      [
        "not null with a prefix (fixext8)",
        "d7 0c 82 01 c2 02 a3 61726e",
        "string",
        { notNull: true, stringPrefix: "arn" },
      ],
      ["a prefix (ext8)", "c7 07 0c 81 02 a4 61726e3a", "string", { stringPrefix: "arn:" }],
      ["a number lower bound", "c7 05 0c 81 03 92 00 c3", "number", { numberMin: [0, true] }],
      [
        "collection length bounds",
        "c7 05 0c 82 05 01 06 02",
        ["list", "string"],
        { lengthMin: 1, lengthMax: 2 },
      ],
    ])("decodes %s and writes it back byte for byte", (_name, h, ty, refinements) => {
      const v = decode(bytes(h), ty);
      expect(v).toBeInstanceOf(Unknown);
      expect((v as Unknown).refinements).toEqual(refinements);
      expect(hex(encode(v, ty))).toBe(h.replace(/\s+/g, ""));
      expect(hex(encode(new Unknown(refinements), ty))).toBe(h.replace(/\s+/g, ""));
    });

    it("treats a 0- or 1-byte extension of any type code as wholly unknown", () => {
      expect(decode(bytes("c7 00 00"), "string")).toEqual(new Unknown());
      expect(decode(bytes("d4 05 ff"), "number")).toEqual(new Unknown());
    });

    it("ignores refinement keys it does not know", () => {
      const v = decode(bytes("c7 05 0c 82 01 c2 09 c0"), "string") as Unknown;
      expect(v.refinements).toEqual({ notNull: true });
      expect(hex(encode(v, "string"))).toBe("c7050c8201c209c0");
    });
  });

  it.each<[string, string, CtyType, string]>([
    ["an attribute not in the type", "81 a17a 01", ["object", { a: "number" }], 'unsupported attribute "z"'],
    ["trailing bytes", "01 02", "number", "1 trailing bytes"],
    ["a truncated value", "a5 6869", "string", "unexpected end of input"],
    ["a dynamic value that is not a pair", "91 01", "dynamic", "2-element array"],
  ])("rejects %s", (_name, h, ty, message) => {
    expect(() => decode(bytes(h), ty)).toThrow(message);
  });

  it("refuses values that do not fit the type", () => {
    expect(() => encode(1, "string")).toThrow("needs a string");
    expect(() => encode("x", ["list", "string"])).toThrow("needs an array");
    expect(() => encode(Number.NaN, "number")).toThrow("needs a number");
  });
});
