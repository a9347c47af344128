import { describe, expect, it } from "vitest";
import { readSynthesizedStacks } from "../../policy/synth-out";
import {
  contextOf,
  costOfDoc,
  costOfPlan,
  formatUsd,
  mergeKnown,
  PRICES,
  type Priced,
  PriceTableSchema,
  priceResource,
} from "../../scripts/preview/cost";
import rawPrices from "../../scripts/preview/prices.json";
import { synthDiffPlan } from "../../scripts/preview/synth-diff";
import { synthDir } from "../helpers";
import { fixturePlan } from "./fixtures";

const H = PRICES.hoursPerMonth;
/** A Terraform reference as cdktf writes it: `ref("a.b.id")` is the expression for `a.b.id`. */
const ref = (target: string) => ["$", "{", target, "}"].join("");
const usd = (p: Priced) => (p.kind === "priced" ? p.usd : Number.NaN);
const ec2 = (t: string) => PRICES.ec2InstanceHourly[t]!.usd;

describe("the price table", () => {
  it("is pinned: region, date read, and a source or a note for every number", () => {
    expect(PRICES.region).toBe("eu-west-1");
    expect(PRICES.pricesReadOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const entries: Array<{ basis: string; source?: string; note?: string }> = [];
    const walk = (v: unknown) => {
      if (typeof v !== "object" || v === null) return;
      if ("basis" in v) entries.push(v as { basis: string });
      for (const c of Object.values(v)) walk(c);
    };
    walk(PRICES);
    expect(entries.length).toBeGreaterThan(30);
    for (const e of entries) expect(e.source ?? e.note, JSON.stringify(e)).toBeTruthy();
    for (const e of entries.filter((x) => x.basis === "estimate")) expect(e.note ?? e.source).toBeTruthy();
  });

  it("rejects a price that names an unknown source", () => {
    const bad = structuredClone(rawPrices) as typeof rawPrices;
    bad.natGatewayHourly.source = "nowhere";
    expect(() => PriceTableSchema.parse(bad)).toThrow(/source nowhere is not in sources/);
  });

  it("prices every instance, database, cache and node type the AWS stacks use", () => {
    for (const { name, doc } of readSynthesizedStacks(synthDir())) {
      const unpriced = [...costOfDoc(doc).unpriced.keys()];
      // The table holds AWS eu-west-1 list prices; Azure's are not in it yet, and the comment lists
      // those resources as not priced rather than as free.
      const provider = JSON.stringify(doc.provider ?? {});
      if (provider.includes("azurerm") || provider.includes("cloudflare")) {
        expect(
          unpriced.filter((t) => !t.startsWith("azurerm_") && !t.startsWith("cloudflare_")),
          name,
        ).toEqual([]);
        expect(unpriced.length, name).toBeGreaterThan(0);
      } else expect(unpriced, name).toEqual([]);
    }
  });
});

describe("priceResource", () => {
  it("prices an on-demand node group: desired nodes, first type, root volume from the launch template", () => {
    const doc = {
      resource: {
        aws_launch_template: {
          Lt: {
            block_device_mappings: { device_name: "/dev/xvda", ebs: { volume_size: 50, volume_type: "gp3" } },
          },
        },
      },
    };
    const priced = priceResource(
      "aws_eks_node_group",
      {
        capacity_type: "ON_DEMAND",
        instance_types: ["t3.large", "m5.large"],
        scaling_config: { desired_size: 3, min_size: 1, max_size: 9 },
        launch_template: { id: ref("aws_launch_template.Lt.id") },
      },
      contextOf(doc),
    );
    expect(usd(priced)).toBeCloseTo(3 * (ec2("t3.large") * H + 50 * PRICES.ebsGbMonth.gp3!.usd), 6);
    expect(priced).toMatchObject({ detail: "3 × t3.large + 3 × 50 GB gp3" });
  });

  it("prices spot capacity at the spot factor of the mean on-demand price of its types", () => {
    const types = ["t3.large", "t3a.large", "m5.large"];
    const priced = priceResource("aws_eks_node_group", {
      capacity_type: "SPOT",
      instance_types: types,
      scaling_config: [{ desired_size: 2 }],
      disk_size: 20,
    });
    const mean = types.reduce((n, t) => n + ec2(t), 0) / types.length;
    expect(usd(priced)).toBeCloseTo(
      2 * (mean * PRICES.spotPriceFactor.value * H + 20 * PRICES.ebsGbMonth.gp3!.usd),
      6,
    );
    expect(priced).toMatchObject({ estimate: true });
  });

  it("prices RDS: Multi-AZ doubles instance and storage; a replica takes engine and storage from its source", () => {
    const primary = {
      engine: "postgres",
      instance_class: "db.r6g.large",
      multi_az: true,
      allocated_storage: 50,
      storage_type: "gp3",
    };
    const hourly = PRICES.rdsInstanceHourly.postgres!["db.r6g.large"]!.usd;
    const gb = PRICES.rdsStorageGbMonth.gp3!.usd;
    expect(usd(priceResource("aws_db_instance", primary))).toBeCloseTo(2 * hourly * H + 2 * 50 * gb, 6);
    const ctx = contextOf({ resource: { aws_db_instance: { Primary: primary } } });
    const replica = {
      instance_class: "db.r6g.large",
      multi_az: false,
      storage_type: "gp3",
      replicate_source_db: ref("aws_db_instance.Primary.identifier"),
    };
    expect(usd(priceResource("aws_db_instance", replica, ctx))).toBeCloseTo(hourly * H + 50 * gb, 6);
  });

  it("prices ElastiCache by node type and node count", () => {
    const node = PRICES.elasticacheNodeHourly["cache.r6g.large"]!.usd;
    expect(
      usd(
        priceResource("aws_elasticache_replication_group", {
          node_type: "cache.r6g.large",
          num_cache_clusters: 3,
        }),
      ),
    ).toBeCloseTo(3 * node * H, 6);
    expect(
      usd(
        priceResource("aws_elasticache_replication_group", {
          node_type: "cache.r6g.large",
          num_node_groups: 2,
          replicas_per_node_group: 1,
        }),
      ),
    ).toBeCloseTo(4 * node * H, 6);
  });

  it.each([
    ["aws_nat_gateway", {}, PRICES.natGatewayHourly.usd * H],
    ["aws_eip", { domain: "vpc" }, PRICES.publicIpv4Hourly.usd * H],
    ["aws_eks_cluster", { name: "x" }, PRICES.eksClusterHourly.standard!.usd * H],
    ["aws_lb", { load_balancer_type: "network" }, PRICES.loadBalancerHourly.network!.usd * H],
    ["aws_s3_bucket", { bucket: "b" }, PRICES.s3AssumedGbPerBucket.value * PRICES.s3StandardGbMonth.usd],
    ["aws_kms_key", {}, PRICES.kmsKeyMonthly.usd],
    ["aws_ebs_volume", { size: 100, type: "gp3" }, 100 * PRICES.ebsGbMonth.gp3!.usd],
  ])("prices %s", (type, values, expected) => {
    expect(usd(priceResource(type, values))).toBeCloseTo(expected, 6);
  });

  it("tells free, usage-based and not priced apart", () => {
    expect(priceResource("aws_security_group", {})).toEqual({ kind: "free" });
    expect(priceResource("helm_release", {})).toEqual({ kind: "free" });
    expect(priceResource("aws_cloudwatch_log_group", {})).toMatchObject({ kind: "usage" });
    expect(priceResource("azurerm_kubernetes_cluster", {})).toEqual({
      kind: "unpriced",
      why: "type not in the price table",
    });
    expect(priceResource("aws_db_instance", { engine: "oracle-ee", instance_class: "db.r6g.large" })).toEqual(
      {
        kind: "unpriced",
        why: "oracle-ee db.r6g.large not in the price table",
      },
    );
  });
});

describe("costOfPlan", () => {
  it("is after-state of creates and updates minus before-state of deletes and updates", () => {
    const cost = costOfPlan(fixturePlan("prod-change"));
    const line = (address: string) => cost.lines.find((l) => l.address === address)?.usd;
    const db = PRICES.rdsInstanceHourly.postgres!;
    expect(line("aws_db_instance.Database_Primary_1B138CD9")).toBeCloseTo(
      2 * (db["db.r6g.large"]!.usd - db["db.t4g.medium"]!.usd) * H,
      6,
    );
    const spotNode =
      (["t3.large", "t3a.large", "m5.large"].reduce((n, t) => n + ec2(t), 0) / 3) *
      PRICES.spotPriceFactor.value *
      H;
    // Two more nodes; each node's 50 GB root volume comes from the launch template the plan references by id.
    expect(line("aws_eks_node_group.Cluster_NodeGroups_ApplicationSpotNodeGroup_898A5F39")).toBeCloseTo(
      2 * (spotNode + 50 * PRICES.ebsGbMonth.gp3!.usd),
      6,
    );
    expect(line("aws_nat_gateway.Network_NatGatewayB_5E3A7C21")).toBeCloseTo(
      PRICES.natGatewayHourly.usd * H,
      6,
    );
    expect(line("aws_s3_bucket.Storage_Logs_Bucket_F246DA3E")).toBeCloseTo(
      -100 * PRICES.s3StandardGbMonth.usd,
      6,
    );
    // The replaced cache keeps its node type and count: no cost change, no line.
    expect(line("aws_elasticache_replication_group.Cache_ReplicationGroup_BFE59FF3")).toBeUndefined();
    expect(cost.usd).toBeCloseTo(
      cost.lines.reduce((n, l) => n + l.usd, 0),
      6,
    );
  });

  it("fills what the plan leaves unknown from the synthesized configuration", () => {
    const headDoc = {
      resource: {
        aws_launch_template: {
          Cluster_NodeGroups_SystemLaunchTemplate_D40BEE21: {
            block_device_mappings: { ebs: { volume_size: 80, volume_type: "gp3" } },
          },
        },
        aws_eks_node_group: {
          Cluster_NodeGroups_SystemNodeGroup_65C2A26C: {
            launch_template: {
              id: ref("aws_launch_template.Cluster_NodeGroups_SystemLaunchTemplate_D40BEE21.id"),
            },
          },
        },
      },
    };
    const cost = costOfPlan(fixturePlan("edge-create"), { headDoc });
    const nodes = cost.lines.find((l) => l.type === "aws_eks_node_group")!;
    expect(nodes.detail).toBe("2 × t3.medium + 2 × 80 GB gp3");
    expect([...cost.unpriced.keys()]).toEqual(["aws_globalaccelerator_accelerator"]);
    expect([...cost.usageBased.keys()]).toEqual(["aws_cloudwatch_log_group"]);
  });

  it("for a synth diff equals head total minus base total", () => {
    const stacks = readSynthesizedStacks(synthDir());
    const staging = stacks.find((s) => s.name === "staging")!.doc;
    const prod = stacks.find((s) => s.name === "prod")!.doc;
    const delta = costOfPlan(synthDiffPlan(staging, prod), { baseDoc: staging, headDoc: prod });
    expect(delta.usd).toBeCloseTo(costOfDoc(prod).usd - costOfDoc(staging).usd, 6);
  });

  it("merges plan values over configuration, with one-element block lists", () => {
    expect(
      mergeKnown({ a: { id: ref("x.y.id") }, b: 1 }, { a: [{ id: null, v: 2 }], b: null, c: 3 }),
    ).toEqual({
      a: [{ id: ref("x.y.id"), v: 2 }],
      b: 1,
      c: 3,
    });
  });
});

describe("formatUsd", () => {
  it.each([
    [1234.5, true, "+$1,234.50"],
    [-5, true, "-$5.00"],
    [0.001, true, "$0.00"],
    [12, false, "$12.00"],
  ])("%d (signed %s) -> %s", (n, signed, text) => expect(formatUsd(n, signed)).toBe(text));
});
