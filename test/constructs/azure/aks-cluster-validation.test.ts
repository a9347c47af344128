/** Every problem AksCluster reports, each with its exact message, plus what production adds. */
import { describe, expect, it } from "vitest";
import { AksCluster } from "../../../constructs/azure/aks-cluster";
import { Testing } from "../../../constructs/core";
import { errorOf, problem } from "../../helpers";
import { type AksOverrides, devProps, NETWORK, prodProps } from "./aks-fixtures";

const build = (props: ReturnType<typeof prodProps>) => () =>
  Testing.synthScope((scope) => new AksCluster(scope, "Aks", props));
const prodError = (overrides: AksOverrides) => errorOf(build(prodProps(overrides)));
const devError = (overrides: AksOverrides) => errorOf(build(devProps(overrides)));

const NAME_RULE = "2..54 lower-case letters, digits and single dashes, starting with a letter";
const SIZES = "one of Standard_D2ds_v5, Standard_D4ds_v5, Standard_D8ds_v5, Standard_D16ds_v5";
const PRIVATE_SPACE = "a private range (10/8, 172.16/12, 192.168/16 or 100.64/10)";
const PUBLIC_RANGE =
  "a public IPv4 CIDR block of /8 or narrower, never 0.0.0.0/0 or AKS's 0.0.0.0/32 placeholder";
const system = prodProps().systemPool;
const app = prodProps().applicationPool;

describe("AksCluster validation", () => {
  it("accepts the production and development props", () => {
    expect(() => build(prodProps())()).not.toThrow();
    expect(() => build(devProps())()).not.toThrow();
  });

  it.each<[string, AksOverrides, string]>([
    ["an upper-case name", { name: "Prod_Blue" }, problem("name", "Prod_Blue", NAME_RULE)],
    ["a 55-character name", { name: "a".repeat(55) }, problem("name", "a".repeat(55), NAME_RULE)],
    [
      "a display-name location",
      { location: "West Europe" },
      problem("location", "West Europe", "an Azure region name such as westeurope"),
    ],
    [
      "a resource group ending in a dot",
      { resourceGroupName: "acme." },
      problem(
        "resourceGroupName",
        "acme.",
        "1..90 letters, digits, '_', '-', '.', '(' or ')', not ending in '.'",
      ),
    ],
    [
      "a version out of standard support",
      { kubernetesVersion: "1.34" as "1.35" },
      problem("kubernetesVersion", "1.34", "one of 1.35, 1.36"),
    ],
    [
      "a network without a private subnet",
      { network: { ...NETWORK, privateSubnetIds: [] } },
      problem("nodeSubnetId", undefined, "a subnet id (or network.privateSubnetIds[0])"),
    ],
    [
      "an admin group name",
      { adminGroupObjectIds: ["platform-admins"] },
      problem("adminGroupObjectIds[0]", "platform-admins", "an Entra group object id (a UUID)"),
    ],
    ["a tenant name", { tenantId: "contoso" }, problem("tenantId", "contoso", "an Entra tenant id (a UUID)")],
    [
      "a repeated zone",
      { zones: ["1", "1", "2"] },
      problem("zones", ["1", "1", "2"], "distinct zones from 1, 2, 3"),
    ],
    ["an unknown zone", { zones: ["4"] }, problem("zones", ["4"], "distinct zones from 1, 2, 3")],
    [
      "a NAT gateway AKS manages",
      { outboundType: "managedNATGateway" as "loadBalancer" },
      problem("outboundType", "managedNATGateway", "one of loadBalancer, userAssignedNATGateway"),
    ],
    [
      "an unknown tier",
      { skuTier: "Paid" as "Standard" },
      problem("skuTier", "Paid", "Standard or Premium in production"),
    ],
    ["a week of retention", { logRetentionDays: 7 }, problem("logRetentionDays", 7, "an integer 30..730")],
    [
      "Image Cleaner twice a day",
      { imageCleanerIntervalHours: 12 },
      problem("imageCleanerIntervalHours", 12, "an integer 24..2160"),
    ],
    [
      "an unknown VM size",
      { systemPool: { ...system, vmSize: "Standard_B2s" } },
      problem("systemPool.vmSize", "Standard_B2s", SIZES),
    ],
    [
      "an unknown spot VM size",
      { applicationPool: { ...app, spotVmSize: "Standard_D4as_v5" } },
      problem("applicationPool.spotVmSize", "Standard_D4as_v5", SIZES),
    ],
    [
      "minSize above maxSize",
      { applicationPool: { ...app, minSize: 8, desiredSize: 8, maxSize: 6 } },
      problem("applicationPool.minSize", 8, "at most maxSize (6)"),
    ],
    [
      "desiredSize above maxSize",
      { applicationPool: { ...app, desiredSize: 30 } },
      problem("applicationPool.desiredSize", 30, "between minSize and maxSize (3..20)"),
    ],
    [
      "a pool of at most 0 nodes",
      { applicationPool: { ...app, minSize: 0, desiredSize: 0, maxSize: 0 } },
      problem("applicationPool.maxSize", 0, "an integer 1..1000 (with non-negative integer min and desired)"),
    ],
    [
      "two system nodes over three zones in production",
      { systemPool: { ...system, minSize: 2, desiredSize: 2 } },
      problem("systemPool.minSize", 2, "at least 3 in production (one system node per zone)"),
    ],
    [
      "300 pods per node",
      { systemPool: { ...system, maxPods: 300 } },
      problem("systemPool.maxPods", 300, "an integer 10..250"),
    ],
    [
      "5 pods per node",
      { applicationPool: { ...app, maxPods: 5 } },
      problem("applicationPool.maxPods", 5, "an integer 10..250"),
    ],
    [
      "10 pods a node on 2 minimum nodes, where AKS wants room for 30 in a pool",
      { applicationPool: { ...app, maxPods: 10, minSize: 2, desiredSize: 2 } },
      problem("applicationPool.maxPods", 10, "at least 30 pods over the pool's 2 minimum nodes"),
    ],
    [
      "a spot share above 100",
      { applicationPool: { ...app, spotPercent: 120 } },
      problem("applicationPool.spotPercent", 120, "a number 0..100"),
    ],
    [
      "an OS disk larger than the temp disk",
      { osDiskSizeGiB: 200 },
      problem("osDiskSizeGiB", 200, "an integer 30..150 (the smallest temp disk of the pools' sizes)"),
    ],
    [
      "a surge above 100%",
      { maxSurge: "150%" },
      problem("maxSurge", "150%", "a node count such as 1, or a percentage 1%..100%"),
    ],
    [
      "a surge of 0",
      { maxSurge: "0" },
      problem("maxSurge", "0", "a node count such as 1, or a percentage 1%..100%"),
    ],
    [
      "a public pod range",
      { podCidr: "8.8.0.0/16" },
      problem("podCidr", "8.8.0.0/16", `${PRIVATE_SPACE}, /24 or wider`),
    ],
    [
      "a pod range narrower than a node's /24",
      { podCidr: "192.168.0.0/25" },
      problem("podCidr", "192.168.0.0/25", `${PRIVATE_SPACE}, /24 or wider`),
    ],
    [
      "a pod range inside the VNet",
      { podCidr: "10.20.128.0/17" },
      problem("podCidr", "10.20.128.0/17", "no overlap with the VNet 10.20.0.0/16"),
    ],
    [
      "a pod range used by a peered network",
      { connectedCidrs: ["192.168.64.0/18"] },
      problem("podCidr", "192.168.0.0/16", "no overlap with the connected range 192.168.64.0/18"),
    ],
    [
      "a pod range too small for the pools at their maximum",
      { podCidr: "192.168.0.0/20" },
      problem(
        "podCidr",
        "192.168.0.0/20",
        "room for 29 nodes (one /24 each, pools at their maximum plus surge); it has 16",
      ),
    ],
    [
      "a service range of /12",
      { serviceCidr: "172.16.0.0/12", dnsServiceIp: "172.16.0.10" },
      problem(
        "serviceCidr",
        "172.16.0.0/12",
        `${PRIVATE_SPACE}, /13 or narrower (AKS needs it smaller than /12)`,
      ),
    ],
    [
      "a service range inside the VNet",
      { serviceCidr: "10.20.0.0/24", dnsServiceIp: "10.20.0.10" },
      problem("serviceCidr", "10.20.0.0/24", "no overlap with the VNet 10.20.0.0/16"),
    ],
    [
      "a service range inside the pod range",
      { serviceCidr: "192.168.200.0/24", dnsServiceIp: "192.168.200.10" },
      problem("serviceCidr", "192.168.200.0/24", "no overlap with the pod range 192.168.0.0/16"),
    ],
    [
      "a DNS address outside the service range",
      { dnsServiceIp: "10.0.0.10" },
      problem(
        "dnsServiceIp",
        "10.0.0.10",
        "an address inside serviceCidr 172.16.0.0/16, not its network, first (the kubernetes service) or last address",
      ),
    ],
    [
      "the kubernetes service's address for DNS",
      { dnsServiceIp: "172.16.0.1" },
      problem(
        "dnsServiceIp",
        "172.16.0.1",
        "an address inside serviceCidr 172.16.0.0/16, not its network, first (the kubernetes service) or last address",
      ),
    ],
    [
      "a connected range that is no CIDR",
      { connectedCidrs: ["on-prem"] },
      problem("connectedCidrs[0]", "on-prem", "an IPv4 CIDR block"),
    ],
    [
      "the whole internet",
      { authorizedIpRanges: ["0.0.0.0/0"] },
      problem("authorizedIpRanges[0]", "0.0.0.0/0", PUBLIC_RANGE),
    ],
    [
      "AKS's cluster-only placeholder",
      { authorizedIpRanges: ["0.0.0.0/32"] },
      problem("authorizedIpRanges[0]", "0.0.0.0/32", PUBLIC_RANGE),
    ],
    [
      "a private range as a public source",
      { authorizedIpRanges: ["10.0.0.0/24"] },
      problem("authorizedIpRanges[0]", "10.0.0.0/24", PUBLIC_RANGE),
    ],
    [
      "201 authorized ranges",
      { authorizedIpRanges: Array.from({ length: 201 }, (_, i) => `198.51.100.${i}/32`) },
      problem("authorizedIpRanges", 201, "at most 200 ranges"),
    ],
    [
      "no path to the API server",
      { authorizedIpRanges: [] },
      problem("authorizedIpRanges/privateDeployerCidrs", [], "at least one range the deployer connects from"),
    ],
    [
      "a public and a private path at once",
      { privateDeployerCidrs: ["10.20.250.0/24"] },
      problem(
        "authorizedIpRanges/privateDeployerCidrs",
        { authorizedIpRanges: ["203.0.113.0/28"], privateDeployerCidrs: ["10.20.250.0/24"] },
        "one of the two: authorized ranges apply only to a public API server, and a private cluster has none",
      ),
    ],
  ])("refuses %s", (_, overrides, expected) => {
    expect(prodError(overrides)).toContain(expected);
  });

  it("refuses a private deployer range the VNet cannot reach, and accepts one in a connected network", () => {
    expect(devError({ privateDeployerCidrs: ["10.99.0.0/24"] })).toContain(
      problem(
        "privateDeployerCidrs[0]",
        "10.99.0.0/24",
        "a private range inside the VNet 10.20.0.0/16 or a connected range (none)",
      ),
    );
    expect(() =>
      build(devProps({ privateDeployerCidrs: ["10.99.0.0/24"], connectedCidrs: ["10.99.0.0/16"] }))(),
    ).not.toThrow();
  });

  it("checks every field of both maintenance windows", () => {
    const message = prodError({
      upgradeWindow: { dayOfWeek: "Sun" as "Sunday", startTime: "25:00", utcOffset: "UTC", durationHours: 2 },
      nodeOsUpgradeWindow: { dayOfWeek: "Saturday", startTime: "01:00", durationHours: 25 },
    });
    expect(message).toContain(
      problem(
        "upgradeWindow.dayOfWeek",
        "Sun",
        "one of Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday",
      ),
    );
    expect(message).toContain(problem("upgradeWindow.startTime", "25:00", "HH:mm, 00:00..23:59"));
    expect(message).toContain(
      problem("upgradeWindow.utcOffset", "UTC", "an offset such as +00:00 or -05:00"),
    );
    expect(message).toContain(problem("upgradeWindow.durationHours", 2, "an integer 4..24"));
    expect(message).toContain(problem("nodeOsUpgradeWindow.durationHours", 25, "an integer 4..24"));
    expect(message).toMatch(/^AksCluster stack\/Aks: 5 invalid prop\(s\)/);
  });

  it("collects every problem into one error that names the construct", () => {
    const message = prodError({ name: "X", kubernetesVersion: "1.30" as "1.35", authorizedIpRanges: [] });
    expect(message).toMatch(/^AksCluster stack\/Aks: 3 invalid prop\(s\)/);
  });

  describe("production versus development", () => {
    it("lets development run two zones, one system node and the Free tier; production refuses them", () => {
      const relaxed: AksOverrides = {
        zones: ["1", "2"],
        skuTier: "Free",
        systemPool: { vmSize: "Standard_D2ds_v5", minSize: 1, desiredSize: 1, maxSize: 2 },
      };
      expect(() => build(devProps(relaxed))()).not.toThrow();
      const message = prodError(relaxed);
      expect(message).toContain(problem("zones", ["1", "2"], "all of 1, 2, 3 in production"));
      expect(message).toContain(problem("skuTier", "Free", "Standard or Premium in production"));
      expect(message).toContain(
        problem("systemPool.minSize", 1, "at least 2 in production (one system node per zone)"),
      );
    });

    it("ignores the retention of a workspace it does not create", () => {
      expect(() =>
        build(prodProps({ logRetentionDays: 7, logAnalyticsWorkspaceId: "/subscriptions/0/x" }))(),
      ).not.toThrow();
    });
  });
});
