import { describe, expect, it } from "vitest";
import {
  isDnsLabel,
  isPinnedImage,
  parseQuantity,
  quantityAtMost,
  scaleQuantity,
} from "../../../constructs/k8s/k8s-validation";

describe("parseQuantity", () => {
  it.each([
    ["250m", 0.25],
    ["1", 1],
    ["1.5", 1.5],
    [".5", 0.5],
    ["100n", 1e-7],
    ["256Mi", 256 * 2 ** 20],
    ["1Gi", 2 ** 30],
    ["1G", 1e9],
    ["2k", 2000],
    ["1e3", 1000],
    ["5E-1", 0.5],
  ])("reads %s as %d", (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 12);
  });

  it.each(["", "one", "-1", "1 Gi", "1gi", "1KiB", "Mi"])("rejects %j", (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });

  it("compares across suffixes, numerically", () => {
    expect(quantityAtMost("500m", "1")).toBe(true);
    expect(quantityAtMost("1000m", "1")).toBe(true);
    expect(quantityAtMost("2", "1500m")).toBe(false);
    expect(quantityAtMost("512Mi", "1Gi")).toBe(true);
    expect(quantityAtMost("1G", "1Gi")).toBe(true);
    expect(quantityAtMost("1Gi", "1G")).toBe(false);
    expect(quantityAtMost("bad", "1")).toBe(false);
  });

  it("scales keeping the suffix", () => {
    expect([
      scaleQuantity("4", 2),
      scaleQuantity("8Gi", 2),
      scaleQuantity("1.5", 2),
      scaleQuantity("500m", 2),
    ]).toEqual(["8", "16Gi", "3", "1000m"]);
  });
});

describe("isPinnedImage", () => {
  it.each([
    "ghcr.io/acme/user-service:1.4.2",
    "registry.example.com:5000/acme/user-service:v1",
    `ghcr.io/acme/user-service@sha256:${"a".repeat(64)}`,
    `ghcr.io/acme/user-service:1.4.2@sha256:${"b".repeat(64)}`,
  ])("accepts %s", (image) => {
    expect(isPinnedImage(image)).toBe(true);
  });

  it.each([
    "ghcr.io/acme/user-service",
    "ghcr.io/acme/user-service:latest",
    "registry.example.com:5000/acme/user-service",
    "ghcr.io/acme/user-service@sha256:abc",
    "ghcr.io/acme/user-service:",
  ])("rejects %s", (image) => {
    expect(isPinnedImage(image)).toBe(false);
  });
});

describe("isDnsLabel", () => {
  it("accepts RFC 1123 labels up to the length given", () => {
    expect(isDnsLabel("user-service")).toBe(true);
    expect(isDnsLabel("a".repeat(63))).toBe(true);
    expect(isDnsLabel("a".repeat(64))).toBe(false);
    expect(isDnsLabel("abc", 2)).toBe(false);
    expect(isDnsLabel("-abc")).toBe(false);
    expect(isDnsLabel("Abc")).toBe(false);
    expect(isDnsLabel("a.b")).toBe(false);
  });
});
