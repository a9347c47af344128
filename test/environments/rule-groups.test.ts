import { describe, expect, it } from "vitest";
import { ConfigError } from "../../environments/errors";
import { loadEnvironments, parseEnvironments } from "../../environments/load";
import { blocks, RULE_GROUPS } from "../../environments/rules";
import type { Environment } from "../../environments/schema";
import { loadRaw, setPath } from "./fixtures";

/**
 * Settings a rule group reads, recorded on every checked-in environment: top-level keys, and inside
 * the `aws` section its keys (`aws.network`); `aws` alone when only its presence is tested.
 */
function readsOf(rule: (typeof RULE_GROUPS)[number]["rule"]): string[] {
  const seen = new Set<string>();
  for (const env of loadEnvironments()) {
    const nested = (key: string, value: object) =>
      new Proxy(value, {
        get(target, inner, receiver) {
          if (typeof inner === "string") seen.add(`${key}.${inner}`);
          return Reflect.get(target, inner, receiver);
        },
      });
    const proxy = new Proxy(env, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof key !== "string") return value;
        seen.add(key);
        if (key === "aws" && value) return nested(key, value as object);
        return value;
      },
    }) as Environment;
    rule(proxy, { addIssue: () => undefined } as never);
  }
  // `aws` is read whenever one of its keys is; list it alone only when nothing inside it is read.
  if ([...seen].some((k) => k.startsWith("aws."))) seen.delete("aws");
  return [...seen].sort();
}

describe("cross-field rule groups", () => {
  it.each(RULE_GROUPS.map((g) => [g.name, g] as const))("%s declares exactly what it reads", (_, group) => {
    expect([...group.reads].sort()).toEqual(readsOf(group.rule));
  });

  it("report every problem of a file in one run, though some field is invalid", () => {
    const doc = loadRaw("prod");
    setPath(doc, "aws.database.multiAz", false);
    setPath(doc, "aws.network.privateSubnetCidrs.1", "10.0.10.0/24");
    setPath(doc, "monitoring.alertTimezone", "");
    let message = "";
    try {
      parseEnvironments(new Map([["prod.json", doc]]));
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      message = err.message;
    }
    // The retention fails the schema; the network's and the tier's cross-field rules still run.
    expect(message).toMatch(/monitoring\.alertTimezone: got ""/);
    expect(message).toMatch(/aws\.network\.privateSubnetCidrs\.1: got "10\.0\.10\.0\/24"/);
    expect(message).toMatch(
      /recovery\.rtoMinutes\.critical: got 15; allowed: at least 60 without aws\.database\.multiAz/,
    );
  });
});

describe("which issues stop a rule group", () => {
  it("an issue inside or above what the group reads; the aws section's presence only at aws", () => {
    expect(blocks(["aws", "network", "vpcCidr"], "aws.network")).toBe(true);
    expect(blocks(["aws", "database", "multiAz"], "aws.network")).toBe(false);
    expect(blocks(["aws"], "aws.network")).toBe(true);
    expect(blocks(["services", "user-service", "hosts", 0], "services")).toBe(true);
    expect(blocks(["aws", "network", "vpcCidr"], "aws")).toBe(false);
    expect(blocks(["aws"], "aws")).toBe(true);
  });
});
