import { describe, expect, it } from "vitest";
import { ConfigError } from "../../environments/errors";
import { loadEnvironments, parseEnvironments } from "../../environments/load";
import { RULE_GROUPS } from "../../environments/rules";
import type { Environment } from "../../environments/schema";
import { loadRaw, setPath } from "./fixtures";

/** Top-level settings a rule group reads, recorded on every checked-in environment. */
function readsOf(rule: (typeof RULE_GROUPS)[number]["rule"]): string[] {
  const seen = new Set<string>();
  for (const env of loadEnvironments()) {
    const proxy = new Proxy(env, {
      get(target, key, receiver) {
        if (typeof key === "string") seen.add(key);
        return Reflect.get(target, key, receiver);
      },
    }) as Environment;
    rule(proxy, { addIssue: () => undefined } as never);
  }
  return [...seen].sort();
}

describe("cross-field rule groups", () => {
  it.each(RULE_GROUPS.map((g) => [g.name, g] as const))("%s declares exactly what it reads", (_, group) => {
    expect([...group.reads].sort()).toEqual(readsOf(group.rule));
  });

  it("report every problem of a file in one run, though some field is invalid", () => {
    const doc = loadRaw("prod");
    setPath(doc, "database.multiAz", false);
    setPath(doc, "network.privateSubnetCidrs.1", "10.0.10.0/24");
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
    expect(message).toMatch(/network\.privateSubnetCidrs\.1: got "10\.0\.10\.0\/24"/);
    expect(message).toMatch(
      /recovery\.rtoMinutes\.critical: got 15; allowed: at least 60 without database\.multiAz/,
    );
  });
});
