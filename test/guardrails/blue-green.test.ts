/**
 * Flipping the live color must only move traffic. Synthesizes the app with the other color and
 * compares every stack resource by resource: nothing stateful may change, and every resource that
 * changes must be a traffic-routing one.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadEnvironments } from "../../environments/load";
import { isStatefulType } from "../../policy/stateful-types";
import { synth } from "../../scripts/synth";
import { setPath, writeEnvironments } from "../environments/fixtures";
import { type Attrs, readStack, synthDir } from "../helpers";
import { stacksIn } from "../terraform/harness";

/** Resource types whose only job is to route traffic between colors. */
const TRAFFIC_TYPES = ["aws_route53_record", "cloudflare_load_balancer"];

type Resources = Record<string, Record<string, unknown>>;
const resources = (doc: Attrs) => (doc.resource ?? {}) as Record<string, Resources>;

function changedAddresses(before: Attrs, after: Attrs): string[] {
  const [a, b] = [resources(before), resources(after)];
  const types = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...types].flatMap((type) => {
    const names = new Set([...Object.keys(a[type] ?? {}), ...Object.keys(b[type] ?? {})]);
    return [...names]
      .filter((name) => JSON.stringify(a[type]?.[name]) !== JSON.stringify(b[type]?.[name]))
      .map((name) => `${type}.${name}`);
  });
}

describe("blue-green switch", async () => {
  const baseline = synthDir();
  // Flip to whichever color is idle in the shipped file, so the routine switch itself keeps CI green.
  const live = loadEnvironments().find((e) => e.name === "prod")!.production!.liveColor;
  const other = live === "blue" ? "green" : "blue";
  const flippedDir = join(
    writeEnvironments((envs) => void setPath(envs.prod, "production.liveColor", other)),
    "out",
  );
  const code = await synth({
    environmentsDir: join(flippedDir, ".."),
    outdir: flippedDir,
    atomic: true,
    log: () => {},
  });

  it("synthesizes the flipped configuration", () => {
    expect(code).toBe(0);
  });

  // Every stack of the app, AWS and Azure: the switch may touch none of them but the traffic records.
  const stacks = stacksIn(baseline);

  it("covers both clouds' stacks", () => {
    expect(stacks).toEqual(
      expect.arrayContaining(["prod", "prod-blue", "prod-azure", "prod-azure-blue", "staging-azure"]),
    );
  });

  it.each(stacks)("changes nothing stateful in %s", (stack) => {
    const changed = changedAddresses(readStack(baseline, stack), readStack(flippedDir, stack));
    expect(changed.filter((address) => isStatefulType(address.split(".")[0]!))).toEqual([]);
    expect(changed.filter((address) => !TRAFFIC_TYPES.includes(address.split(".")[0]!))).toEqual([]);
  });

  it("moves traffic at the edge alone: the load balancers of prod-edge, and nothing in any other stack", () => {
    for (const stack of stacks.filter((s) => s !== "prod-edge")) {
      expect(changedAddresses(readStack(baseline, stack), readStack(flippedDir, stack)), stack).toEqual([]);
    }
    const changed = changedAddresses(readStack(baseline, "prod-edge"), readStack(flippedDir, "prod-edge"));
    expect(changed.map((a) => a.replace(/_[0-9A-F]{8}$/, "")).sort()).toEqual([
      "cloudflare_load_balancer.LiveHostname_LoadBalancer",
      "cloudflare_load_balancer.ServiceHost-userplatformacmeexample_LoadBalancer",
    ]);
    for (const address of changed) {
      const [type, name] = address.split(".") as [string, string];
      const lb = resources(readStack(flippedDir, "prod-edge"))[type]?.[name] as { default_pools: string[] };
      expect(lb.default_pools.map((p) => /Pool-([a-z]+-[a-z]+)_/.exec(p)?.[1])).toEqual([
        `aws-${other}`,
        `azure-${other}`,
      ]);
    }
  });
});
