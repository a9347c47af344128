import { describe, expect, it } from "vitest";
import { loadEnvironments } from "../../environments/load";
import { capacityOf, renderCapacity } from "../../scripts/capacity";
import { type Json, writeEnvironments } from "../environments/fixtures";

const byName = new Map(loadEnvironments().map((e) => [e.name, e]));

describe("npm run capacity", () => {
  it("reserves production's on-demand application nodes (30%) of one color, and nothing in dev", () => {
    const prod = capacityOf(byName.get("prod")!);
    expect(prod.find((l) => l.group === "application")).toEqual({
      environment: "prod",
      clusters: 2,
      group: "application",
      instanceType: "t3.large",
      nodes: 3,
      spotNodes: 2,
      reservedNodes: 1,
      reservedVcpus: 2,
      reservedMemoryGiB: 8,
    });
    expect(capacityOf(byName.get("dev")!).every((l) => l.reservedNodes === 0)).toBe(true);
  });

  it("prints the figures per environment and says that Terraform buys nothing", () => {
    const text = renderCapacity([...byName.values()].flatMap(capacityOf));
    expect(text).toContain("prod: reserve 2 vCPU and 8 GiB of steady on-demand capacity");
    expect(text).toContain("Savings Plans and Reserved Instances are purchases, made outside Terraform.");
  });

  it("never reserves more than the on-demand nodes", () => {
    const env = byName.get("staging")!;
    const aws = env.aws!;
    const all = {
      ...env,
      aws: {
        ...aws,
        kubernetes: {
          ...aws.kubernetes,
          applicationNodeGroup: {
            ...aws.kubernetes.applicationNodeGroup,
            spotPercent: 50,
            reservedPercent: 50,
          },
        },
      },
    };
    const app = capacityOf(all).find((l) => l.group === "application")!;
    expect(app.reservedNodes).toBe(app.nodes - app.spotNodes);
  });

  it("refuses a reserved share that overlaps the spot share", () => {
    const dir = writeEnvironments((envs) => {
      (((envs.prod.aws as Json).kubernetes as Json).applicationNodeGroup as Json).reservedPercent = 40;
      return undefined;
    });
    expect(() => loadEnvironments(dir)).toThrow(
      /aws\.kubernetes\.applicationNodeGroup\.reservedPercent: got 40; allowed: at most 30 \(100 - spotPercent\)/,
    );
  });
});
