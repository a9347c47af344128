import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
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
import { loadPlan } from "../../scripts/preview/plan";
import rawPrices from "../../scripts/preview/prices.json";
import { synthDiffPlan } from "../../scripts/preview/synth-diff";
import { synthDir } from "../helpers";
import { fixturePlan } from "./fixtures";

const H = PRICES.hoursPerMonth;
/** A Terraform reference as cdktf writes it: `ref("a.b.id")` is the expression for `a.b.id`. */
const ref = (target: string) => ["$", "{", target, "}"].join("");
const usd = (p: Priced) => (p.kind === "priced" ? p.usd : Number.NaN);
const ec2 = (t: string) => PRICES.ec2InstanceHourly[t]!.usd;
const ENV_DIR = path.join(__dirname, "..", "..", "environments");

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

  it("prices Azure at the region the environments deploy to", () => {
    const locations = readdirSync(ENV_DIR)
      .filter((f) => f.endsWith(".json"))
      .map(
        (f) => JSON.parse(readFileSync(path.join(ENV_DIR, f), "utf8")) as { azure?: { location?: string } },
      )
      .flatMap((e) => (e.azure?.location === undefined ? [] : [e.azure.location]));
    expect(locations.length).toBeGreaterThan(0);
    for (const location of locations) expect(location).toBe(PRICES.azure.region);
  });

  it("names a source for every Azure and CloudFlare number read, and says how every estimate was made", () => {
    const entries: Array<{ path: string; basis: string; source?: string; note?: string }> = [];
    const walk = (v: unknown, at: string) => {
      if (typeof v !== "object" || v === null) return;
      if ("basis" in v) entries.push({ path: at, ...(v as { basis: string }) });
      for (const [k, c] of Object.entries(v)) walk(c, `${at}.${k}`);
    };
    walk(PRICES.azure, "azure");
    walk(PRICES.cloudflare, "cloudflare");
    expect(entries.length).toBeGreaterThan(40);
    for (const e of entries) {
      if (e.basis === "read") expect(e.source, e.path).toMatch(/./);
      else expect(e.note, e.path).toMatch(/./);
      if (e.source !== undefined) expect(PRICES.sources[e.source], e.path).toBeDefined();
    }
  });

  it("rejects an Azure price that names an unknown source", () => {
    const bad = structuredClone(rawPrices) as typeof rawPrices;
    bad.azure.privateEndpointHourly.source = "nowhere";
    expect(() => PriceTableSchema.parse(bad)).toThrow(/source nowhere is not in sources/);
  });

  it("prices every resource of every synthesized stack, Azure and CloudFlare included", () => {
    const stacks = readSynthesizedStacks(synthDir());
    const priced = new Set<string>();
    for (const { name, doc } of stacks) {
      const cost = costOfDoc(doc);
      expect([...cost.unpriced], name).toEqual([]);
      for (const line of cost.lines) priced.add(line.type);
    }
    // The types that cost money come out as priced lines, not as free or usage-based.
    for (const type of [
      "azurerm_kubernetes_cluster",
      "azurerm_kubernetes_cluster_node_pool",
      "azurerm_postgresql_flexible_server",
      "azurerm_managed_redis",
      "azurerm_container_registry",
      "azurerm_private_endpoint",
      "cloudflare_load_balancer",
      "cloudflare_load_balancer_pool",
    ])
      expect(priced, type).toContain(type);
  });

  it("prices the edge's CloudFlare Load Balancing as one subscription and the origins beyond those it includes", () => {
    const edge = readSynthesizedStacks(synthDir()).find((s) => s.name === "prod-edge")!.doc;
    const cost = costOfDoc(edge);
    const cf = PRICES.cloudflare;
    const pools = Object.values(edge.resource?.cloudflare_load_balancer_pool ?? {});
    const origins = pools.reduce((n, p) => n + (p.origins as unknown[]).length, 0);
    expect(origins).toBeGreaterThan(cf.loadBalancingIncludedOrigins.value);
    const lb = cost.lines.filter((l) => l.type.startsWith("cloudflare_")).reduce((n, l) => n + l.usd, 0);
    expect(lb).toBeCloseTo(
      cf.loadBalancingMonthly.usd +
        (origins - cf.loadBalancingIncludedOrigins.value) * cf.loadBalancingOriginMonthly.usd,
      6,
    );
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
    ["aws_vpn_connection", { type: "ipsec.1" }, PRICES.vpnConnectionHourly.usd * H],
  ])("prices %s", (type, values, expected) => {
    expect(usd(priceResource(type, values))).toBeCloseTo(expected, 6);
  });

  it("tells free, usage-based and not priced apart", () => {
    expect(priceResource("aws_security_group", {})).toEqual({ kind: "free" });
    expect(priceResource("helm_release", {})).toEqual({ kind: "free" });
    expect(priceResource("aws_cloudwatch_log_group", {})).toMatchObject({ kind: "usage" });
    expect(priceResource("azurerm_cosmosdb_account", {})).toEqual({
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

describe("priceResource on Azure", () => {
  const az = PRICES.azure;
  const vm = (size: string) => az.vmHourly[size]!.usd;
  const pool = { vm_size: "Standard_D4ds_v5", node_count: 2, min_count: 1, os_disk_type: "Ephemeral" };

  it("prices an AKS cluster: the tier's cluster hour plus the default pool's VMs", () => {
    const cluster = { sku_tier: "Standard", default_node_pool: { ...pool, node_count: 3 } };
    const priced = priceResource("azurerm_kubernetes_cluster", cluster);
    expect(usd(priced)).toBeCloseTo((az.aksClusterHourly.Standard!.usd + 3 * vm("Standard_D4ds_v5")) * H, 6);
    expect(priced).toMatchObject({ detail: "AKS Standard tier + 3 × Standard_D4ds_v5", estimate: false });
    const premium = priceResource("azurerm_kubernetes_cluster", { ...cluster, sku_tier: "Premium" });
    expect(usd(premium) - usd(priced)).toBeCloseTo(
      (az.aksClusterHourly.Premium!.usd - az.aksClusterHourly.Standard!.usd) * H,
      6,
    );
    // azurerm's default tier is Free: the VMs only.
    expect(usd(priceResource("azurerm_kubernetes_cluster", { default_node_pool: pool }))).toBeCloseTo(
      2 * vm("Standard_D4ds_v5") * H,
      6,
    );
  });

  it("does not price an AKS cluster whose tier or default pool VM size it does not know", () => {
    expect(
      priceResource("azurerm_kubernetes_cluster", { sku_tier: "Gold", default_node_pool: pool }),
    ).toEqual({
      kind: "unpriced",
      why: "AKS tier Gold not in the price table",
    });
    const unknownVm = { sku_tier: "Standard", default_node_pool: { ...pool, vm_size: "Standard_X9" } };
    expect(priceResource("azurerm_kubernetes_cluster", unknownVm)).toEqual({
      kind: "unpriced",
      why: "default node pool: VM size Standard_X9 not in the price table",
    });
  });

  it("prices a node pool by VM size times node_count, else min_count", () => {
    expect(usd(priceResource("azurerm_kubernetes_cluster_node_pool", pool))).toBeCloseTo(
      2 * vm("Standard_D4ds_v5") * H,
      6,
    );
    const { node_count: _, ...autoscaled } = { ...pool, vm_size: "Standard_D8ds_v5", min_count: 3 };
    expect(usd(priceResource("azurerm_kubernetes_cluster_node_pool", autoscaled))).toBeCloseTo(
      3 * vm("Standard_D8ds_v5") * H,
      6,
    );
    expect(priceResource("azurerm_kubernetes_cluster_node_pool", { vm_size: "Standard_D4ds_v5" })).toEqual({
      kind: "unpriced",
      why: "node count unknown",
    });
  });

  it("prices a spot pool at the spot factor of the pay-as-you-go price, as an estimate", () => {
    const spot = priceResource("azurerm_kubernetes_cluster_node_pool", { ...pool, priority: "Spot" });
    expect(usd(spot)).toBeCloseTo(2 * vm("Standard_D4ds_v5") * az.spotPriceFactor.value * H, 6);
    expect(az.spotPriceFactor.value).toBeLessThan(1);
    expect(spot).toMatchObject({
      estimate: true,
      detail: expect.stringContaining("spot at 35% of pay-as-you-go"),
    });
  });

  it("says when a pool's managed OS disks are left out", () => {
    const { os_disk_type: _, ...managed } = pool;
    expect(priceResource("azurerm_kubernetes_cluster_node_pool", managed)).toMatchObject({
      detail: "2 × Standard_D4ds_v5 (managed OS disks not priced)",
    });
  });

  it("prices a PostgreSQL flexible server: SKU hours, storage per GB-month, zone-redundant HA twice", () => {
    const server = { sku_name: "GP_Standard_D4ds_v5" };
    const single = usd(priceResource("azurerm_postgresql_flexible_server", server));
    expect(single).toBeCloseTo(az.postgresFlexibleHourly.GP_Standard_D4ds_v5!.usd * H, 6);
    const ha = { ...server, high_availability: { mode: "ZoneRedundant", standby_availability_zone: "2" } };
    expect(usd(priceResource("azurerm_postgresql_flexible_server", ha))).toBeCloseTo(2 * single, 6);
    const stored = usd(
      priceResource("azurerm_postgresql_flexible_server", { ...server, storage_mb: 131072 }),
    );
    expect(stored - single).toBeCloseTo(128 * az.postgresStorageGbMonth.usd, 6);
    expect(priceResource("azurerm_postgresql_flexible_server", { sku_name: "GP_Standard_D96ds_v5" })).toEqual(
      {
        kind: "unpriced",
        why: "PostgreSQL flexible server SKU GP_Standard_D96ds_v5 not in the price table",
      },
    );
  });

  it("prices Managed Redis by SKU, two instances with high availability (the default)", () => {
    const one = az.managedRedisHourly.Balanced_B5!.usd * H;
    expect(usd(priceResource("azurerm_managed_redis", { sku_name: "Balanced_B5" }))).toBeCloseTo(2 * one, 6);
    expect(
      usd(
        priceResource("azurerm_managed_redis", { sku_name: "Balanced_B5", high_availability_enabled: false }),
      ),
    ).toBeCloseTo(one, 6);
    expect(priceResource("azurerm_managed_redis", { sku_name: "Balanced_B3" })).toEqual({
      kind: "unpriced",
      why: "Managed Redis SKU Balanced_B3 not in the price table",
    });
  });

  it("prices a container registry per day, and each geo-replication again", () => {
    const days = H / 24;
    const premium = az.containerRegistryDaily.Premium!.usd;
    const replicated = {
      sku: "Premium",
      georeplications: [{ location: "northeurope" }, { location: "uksouth" }],
    };
    const priced = priceResource("azurerm_container_registry", replicated);
    expect(usd(priced)).toBeCloseTo(3 * premium * days, 6);
    expect(priced).toMatchObject({ detail: "Premium registry + 2 geo-replications" });
    expect(usd(priceResource("azurerm_container_registry", { sku: "Premium" }))).toBeCloseTo(
      premium * days,
      6,
    );
    expect(priceResource("azurerm_container_registry", { sku: "Classic" })).toEqual({
      kind: "unpriced",
      why: "container registry SKU Classic not in the price table",
    });
  });

  it.each([
    [
      "azurerm_public_ip",
      { sku: "Standard", allocation_method: "Static" },
      az.publicIpHourly.Standard!.usd * H,
    ],
    ["azurerm_public_ip", { sku: "Standard", sku_tier: "Global" }, az.publicIpHourly.Global!.usd * H],
    [
      "azurerm_virtual_network_gateway",
      { sku: "VpnGw1AZ" },
      az.virtualNetworkGatewayHourly.VpnGw1AZ!.usd * H,
    ],
    ["azurerm_virtual_network_gateway", { sku: "VpnGw2" }, az.virtualNetworkGatewayHourly.VpnGw2!.usd * H],
    ["azurerm_private_endpoint", {}, az.privateEndpointHourly.usd * H],
    ["azurerm_private_dns_zone", { name: "privatelink.azurecr.io" }, az.privateDnsZoneMonthly.usd],
    ["azurerm_dns_zone", { name: "example.com" }, az.dnsZoneMonthly.usd],
    [
      "azurerm_key_vault_key",
      { key_type: "RSA-HSM", key_size: 3072 },
      az.keyVaultHsmKeyMonthly["RSA-HSM 3072"]!.usd,
    ],
    ["azurerm_key_vault_key", { key_type: "RSA-HSM" }, az.keyVaultHsmKeyMonthly["RSA-HSM 2048"]!.usd],
  ])("prices %s %j", (type, values, expected) => {
    expect(usd(priceResource(type, values))).toBeCloseTo(expected, 6);
  });

  it("does not price a public IP or gateway SKU it does not know", () => {
    expect(priceResource("azurerm_public_ip", { sku: "Basic" })).toEqual({
      kind: "unpriced",
      why: "Basic public IP not in the price table",
    });
    expect(priceResource("azurerm_virtual_network_gateway", { sku: "ErGw1AZ" })).toEqual({
      kind: "unpriced",
      why: "ErGw1AZ gateway not in the price table",
    });
  });

  it.each([
    "azurerm_storage_account",
    "azurerm_key_vault",
    "azurerm_log_analytics_workspace",
    "azurerm_virtual_network_gateway_connection",
  ])("lists %s as usage-based", (type) => {
    expect(priceResource(type, {})).toMatchObject({ kind: "usage", why: expect.stringMatching(/./) });
  });

  it("lists a software-protected key as usage-based", () => {
    expect(priceResource("azurerm_key_vault_key", { key_type: "RSA", key_size: 2048 })).toMatchObject({
      kind: "usage",
    });
  });

  it.each([
    "azurerm_resource_group",
    "azurerm_role_assignment",
    "azurerm_network_security_group",
    "azurerm_network_security_rule",
    "azurerm_subnet",
    "azurerm_virtual_network",
    "azurerm_private_dns_zone_virtual_network_link",
    "azurerm_user_assigned_identity",
    "azurerm_federated_identity_credential",
    "azurerm_management_lock",
    "cloudflare_zone",
    "cloudflare_zone_setting",
    "cloudflare_ruleset",
    "cloudflare_dns_record",
  ])("lists %s as free", (type) => {
    expect(priceResource(type, {})).toEqual({ kind: "free" });
  });
});

describe("priceResource on CloudFlare Load Balancing", () => {
  const cf = PRICES.cloudflare;
  const origin = (address: string) => ({ address, name: address, enabled: true });
  const lbPool = (name: string, origins: number) => ({
    name,
    origins: Array.from({ length: origins }, (_, i) => origin(`${name}-${i}.example`)),
  });
  const stack = (resource: Record<string, Record<string, Record<string, unknown>>>) => ({ resource });

  it("charges the subscription once, on the load balancer whose name sorts first", () => {
    const doc = stack({
      cloudflare_load_balancer: { B: { name: "b.example" }, A: { name: "a.example" } },
    });
    const ctx = contextOf(doc);
    expect(usd(priceResource("cloudflare_load_balancer", { name: "a.example" }, ctx))).toBeCloseTo(
      cf.loadBalancingMonthly.usd,
      6,
    );
    expect(priceResource("cloudflare_load_balancer", { name: "b.example" }, ctx)).toMatchObject({
      kind: "priced",
      usd: 0,
      detail: "covered by the account's Load Balancing subscription",
    });
    expect(costOfDoc(doc).usd).toBeCloseTo(cf.loadBalancingMonthly.usd, 6);
  });

  it("charges the origins beyond those the subscription includes, the first pools by name taking those", () => {
    const doc = stack({
      cloudflare_load_balancer_pool: { Z: lbPool("z", 1), A: lbPool("a", 3), M: lbPool("m", 2) },
    });
    const ctx = contextOf(doc);
    const included = cf.loadBalancingIncludedOrigins.value;
    expect(included).toBe(2);
    expect(usd(priceResource("cloudflare_load_balancer_pool", lbPool("a", 3), ctx))).toBeCloseTo(
      cf.loadBalancingOriginMonthly.usd,
      6,
    );
    expect(usd(priceResource("cloudflare_load_balancer_pool", lbPool("m", 2), ctx))).toBeCloseTo(
      2 * cf.loadBalancingOriginMonthly.usd,
      6,
    );
    expect(costOfDoc(doc).usd).toBeCloseTo((6 - included) * cf.loadBalancingOriginMonthly.usd, 6);
    // Alone, a pool's first two origins are included.
    expect(priceResource("cloudflare_load_balancer_pool", lbPool("solo", 2))).toMatchObject({
      usd: 0,
      detail: "2 × origin included in the subscription",
    });
  });

  it("charges dynamic steering once; a steering policy it has no price for is not priced", () => {
    const doc = stack({
      cloudflare_load_balancer: {
        A: { name: "a.example" },
        B: { name: "b.example", steering_policy: "dynamic_latency" },
        C: { name: "c.example", steering_policy: "dynamic_latency" },
      },
    });
    expect(costOfDoc(doc).usd).toBeCloseTo(cf.loadBalancingMonthly.usd + cf.dynamicSteeringMonthly.usd, 6);
    expect(priceResource("cloudflare_load_balancer", { name: "a.example", steering_policy: "geo" })).toEqual({
      kind: "unpriced",
      why: "steering policy geo not in the price table",
    });
  });

  it("includes health checks at the subscription's interval and charges faster ones once", () => {
    expect(priceResource("cloudflare_load_balancer_monitor", { interval: 60 })).toEqual({ kind: "free" });
    const doc = stack({
      cloudflare_load_balancer_monitor: {
        Slow: { name: "slow", interval: 60 },
        Fast: { name: "fast", interval: 15 },
        Faster: { name: "faster", interval: 10 },
      },
    });
    expect(costOfDoc(doc).usd).toBeCloseTo(cf.fastHealthChecksMonthly.usd, 6);
  });

  it("in a plan without a synthesized stack, counts the plan's own load balancers and pools", () => {
    const create = (type: string, name: string, after: Record<string, unknown>) => ({
      address: `${type}.${name}`,
      mode: "managed",
      type,
      name,
      provider_name: "registry.terraform.io/cloudflare/cloudflare",
      change: { actions: ["create"], before: null, after },
    });
    const plan = loadPlan({
      format_version: "1.2",
      resource_changes: [
        create("cloudflare_load_balancer", "A", { name: "a.example" }),
        create("cloudflare_load_balancer", "B", { name: "b.example" }),
        create("cloudflare_load_balancer", "C", { name: "c.example" }),
        create("cloudflare_load_balancer_pool", "P", lbPool("p", 1)),
        create("cloudflare_load_balancer_pool", "Q", lbPool("q", 2)),
      ],
    });
    expect(costOfPlan(plan).usd).toBeCloseTo(
      cf.loadBalancingMonthly.usd + cf.loadBalancingOriginMonthly.usd,
      6,
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
