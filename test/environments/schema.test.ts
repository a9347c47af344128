import { describe, expect, it } from "vitest";
import { ConfigError } from "../../environments/errors";
import { loadEnvironments, parseEnvironments, stackNamesOf } from "../../environments/load";
import { EnvironmentSchema } from "../../environments/schema";
import { ENV_FILES, type EnvName, type Json, loadRaw, setPath } from "./fixtures";

function problemsFor(name: EnvName, path: string, value: unknown): string {
  const doc = setPath(loadRaw(name), path, value);
  try {
    parseEnvironments(new Map([[`${name}.json`, doc]]));
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error(`expected ${path}=${JSON.stringify(value)} to be rejected`);
}

describe("environment data", () => {
  it("parses every checked-in environment", () => {
    const envs = loadEnvironments();
    expect(envs.map((e) => e.name)).toEqual(["dev", "prod", "staging"]);
    expect(envs.flatMap(stackNamesOf)).toEqual([
      "dev-registry",
      "dev",
      "prod",
      "prod-blue",
      "prod-green",
      "prod-edge",
      "prod-azure",
      "prod-azure-blue",
      "prod-azure-green",
      "staging-registry",
      "staging",
      "staging-azure",
      "staging-azure-cluster",
    ]);
  });

  it("seeds the source document's values", () => {
    const prod = EnvironmentSchema.parse(loadRaw("prod"));
    expect(prod.aws!.network).toMatchObject({
      vpcCidr: "10.0.0.0/16",
      publicSubnetCidrs: ["10.0.1.0/24", "10.0.2.0/24"],
      privateSubnetCidrs: ["10.0.10.0/24", "10.0.20.0/24"],
      databaseSubnetCidrs: ["10.0.100.0/24", "10.0.200.0/24"],
    });
    // The source document's t3.medium x 2 cannot hold the system pods under custom networking
    // (12 pods per node); see the README's "Deviations".
    expect(prod.aws!.kubernetes.systemNodeGroup).toMatchObject({
      instanceType: "m6i.large",
      minSize: 3,
      maxSize: 5,
    });
    expect(prod.aws!.kubernetes.applicationNodeGroup).toMatchObject({
      instanceType: "t3.large",
      minSize: 3,
      maxSize: 20,
      spotPercent: 70,
    });
    expect(prod.aws!.database).toMatchObject({
      instanceClass: "db.r6g.large",
      multiAz: true,
      backupRetentionDays: 30,
    });
    expect(prod.monitoring).toMatchObject({ prometheusRetention: "30d", prometheusStorage: "100Gi" });
    expect(prod.recovery).toEqual({
      rtoMinutes: { critical: 15, standard: 60, nonCritical: 240 },
      rpoMinutes: { transactional: 5, userContent: 15, analytics: 60 },
    });
    // Either color may be live: the switch is a routine change of this one value.
    expect(["blue", "green"]).toContain(prod.production?.liveColor);
  });

  it.each([
    ["dev", 1, "100m", "128Mi", true, "debug"],
    ["staging", 2, "250m", "256Mi", false, "info"],
    ["prod", 5, "500m", "512Mi", false, "warn"],
  ] as const)("sets the %s user-service to %i replicas, %s/%s, debug %s, log level %s", (name, replicas, cpu, memory, debug, logLevel) => {
    const w = EnvironmentSchema.parse(loadRaw(name)).services["user-service"];
    expect(w).toMatchObject({ replicas, requests: { cpu, memory }, debug, logLevel });
  });

  it("differs between environments only in data: every file has the same keys", () => {
    const keys = (o: unknown, prefix = ""): string[] =>
      o && typeof o === "object" && !Array.isArray(o)
        ? Object.entries(o as Json).flatMap(([k, v]) => [`${prefix}${k}`, ...keys(v, `${prefix}${k}.`)])
        : [];
    // Optional settings: production's block, the non-production zone (production's is in its block),
    // the gateway certificate that dev goes without, the Azure side (staging and prod; dev is AWS only)
    // and production's private link between its clouds (azure.interconnect).
    const required = (name: EnvName) =>
      keys(loadRaw(name)).filter(
        (k) =>
          !k.startsWith("production") &&
          !k.startsWith("aws.dns") &&
          !k.startsWith("azure") &&
          !k.startsWith("edge") &&
          k !== "platform.tlsCredentialName",
      );
    const azure = (name: EnvName) =>
      keys(loadRaw(name)).filter((k) => k.startsWith("azure") && !k.startsWith("azure.interconnect"));
    expect(azure("prod")).toEqual(azure("staging"));
    expect(required("staging")).toEqual(required("dev"));
    expect(required("prod")).toEqual(required("dev"));
    expect(ENV_FILES).toHaveLength(3);
  });
});

describe("cross-field rules, one test each", () => {
  it.each<[string, EnvName, string, unknown, RegExp]>([
    [
      "subnet inside the VPC",
      "dev",
      "aws.network.privateSubnetCidrs.0",
      "10.1.10.0/24",
      /aws\.network\.privateSubnetCidrs\.0: got "10\.1\.10\.0\/24"; allowed: a subnet inside 10\.0\.0\.0\/16/,
    ],
    [
      "subnets don't overlap",
      "dev",
      "aws.network.databaseSubnetCidrs.1",
      "10.0.20.0/24",
      /databaseSubnetCidrs\.1: got "10\.0\.20\.0\/24"; allowed: a block that does not overlap aws\.network\.privateSubnetCidrs\.1/,
    ],
    [
      "one subnet per zone",
      "dev",
      "aws.availabilityZones",
      ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
      /aws\.network\.publicSubnetCidrs: got .*; allowed: one subnet per availability zone \(3/,
    ],
    [
      "min <= max",
      "dev",
      "aws.kubernetes.systemNodeGroup.minSize",
      6,
      /systemNodeGroup\.minSize: got 6; allowed: at most maxSize \(5\)/,
    ],
    [
      "min <= desired <= max",
      "dev",
      "aws.kubernetes.applicationNodeGroup.desiredSize",
      21,
      /applicationNodeGroup\.desiredSize: got 21; allowed: between minSize and maxSize \(3\.\.20\)/,
    ],
    [
      "spot share 0..100",
      "prod",
      "aws.kubernetes.applicationNodeGroup.spotPercent",
      101,
      /spotPercent: got 101; allowed: at most 100; hint/,
    ],
    [
      "production multi-AZ",
      "prod",
      "aws.database.multiAz",
      false,
      /aws\.database\.multiAz: got false; allowed: true in production/,
    ],
    [
      "production deletion protection",
      "prod",
      "deletionProtection",
      false,
      /deletionProtection: got false; allowed: true in production/,
    ],
    [
      "production replicas",
      "prod",
      "services.user-service.replicas",
      1,
      /services\.user-service\.replicas: got 1; allowed: at least 2 in production/,
    ],
    [
      "RDS retention limit",
      "prod",
      "aws.database.backupRetentionDays",
      36,
      /backupRetentionDays: got 36; allowed: at most 35; hint/,
    ],
    [
      "CloudWatch retention values",
      "dev",
      "aws.network.flowLogRetentionDays",
      45,
      /flowLogRetentionDays: got 45; allowed: one of 1, 3, 5/,
    ],
    [
      "ElastiCache retention limit",
      "dev",
      "aws.cache.snapshotRetentionDays",
      40,
      /snapshotRetentionDays: got 40; allowed: at most 35; hint/,
    ],
    [
      "transactional RPO",
      "prod",
      "recovery.rpoMinutes.transactional",
      1,
      /rpoMinutes\.transactional: got 1; allowed: at least 5 \(RDS point-in-time recovery granularity\)/,
    ],
    [
      "user-content RPO",
      "staging",
      "recovery.rpoMinutes.userContent",
      15,
      /rpoMinutes\.userContent: got 15; allowed: at least 60 with aws\.storage\.crossRegionReplication=false/,
    ],
    [
      "canary weights increase",
      "staging",
      "services.user-service.canarySteps.1.weightPercent",
      5,
      /canarySteps\.1\.weightPercent: got 5; allowed: more than the previous step \(5\)/,
    ],
    [
      "NAT per zone outside dev",
      "staging",
      "aws.network.natGateways",
      "single",
      /natGateways: got "single"; allowed: "one-per-az" in staging/,
    ],
  ])("%s", (_rule, env, path, value, message) => {
    const text = problemsFor(env, path, value);
    expect(text).toMatch(message);
    expect(text).toMatch(/hint: \S/);
  });
});
