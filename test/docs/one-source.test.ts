/**
 * Facts that live in one place and are read by several: the EKS versions (constructs/aws/limits.ts,
 * read by the environment schema, EksCluster and policy rule PLAT-EKS-004), and the Alertmanager
 * business-hours timezone (`monitoring.alertTimezone` of the environment files, read by the stacks and
 * by `npm run slo`).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { EksVersion } from "../../constructs/aws/eks-cluster";
import { EKS_VERSIONS } from "../../constructs/aws/limits";
import { loadEnvironments } from "../../environments/load";
import { EnvironmentSchema } from "../../environments/schema";
import { evaluate } from "../../policy/engine";
import { stackOf } from "../../policy/lib/fixture";
import supportedVersion from "../../policy/rules/eks/supported-version";
import { clusterAlertTimezone, runCli } from "../../slo/cli-main";
import { dev, synthEks } from "../constructs/aws/eks-fixtures";
import { loadRaw } from "../environments/fixtures";
import { CLUSTER_STACKS, errorOf, problem, readStack, resourcesOf, synthDir, tempDir } from "../helpers";

/** Every minor from 1.20 to 1.45: far enough on both sides of any list this repo will hold. */
const CANDIDATES = Array.from({ length: 26 }, (_, i) => `1.${20 + i}`);
const allowed = new Set<string>(EKS_VERSIONS);

describe("EKS versions: constructs/aws/limits.ts is the only list", () => {
  it("is a non-empty list of 1.NN minors", () => {
    expect(EKS_VERSIONS.length).toBeGreaterThan(0);
    for (const v of EKS_VERSIONS) expect(v).toMatch(/^1\.\d{2}$/);
  });

  it.each(CANDIDATES)("policy rule PLAT-EKS-004 accepts %s exactly when the list holds it", (version) => {
    const findings = evaluate(
      "test",
      stackOf({ aws_eks_cluster: { main: { version } } }),
      { stack: "test", tier: "production" },
      [supportedVersion],
      { waivers: [] },
    );
    expect(findings.length === 0, `findings: ${JSON.stringify(findings)}`).toBe(allowed.has(version));
  });

  it.each(CANDIDATES)("the environment schema accepts %s exactly when the list holds it", (version) => {
    const dev = loadRaw("dev");
    ((dev.aws as Record<string, unknown>).kubernetes as Record<string, unknown>).version = version;
    const result = EnvironmentSchema.safeParse(dev);
    const versionProblems = result.success
      ? []
      : result.error.issues.filter((i) => i.path.join(".") === "aws.kubernetes.version");
    expect(versionProblems.length === 0).toBe(allowed.has(version));
  });

  it("the policy rule's description and fix name the same versions", () => {
    expect(supportedVersion.description).toContain(`(${EKS_VERSIONS.join(", ")})`);
    expect(supportedVersion.fix).toContain(EKS_VERSIONS.join(", "));
  });

  it("the cluster construct accepts each listed version and refuses one outside, naming the list", () => {
    for (const version of EKS_VERSIONS) expect(() => synthEks(dev, { version })).not.toThrow();
    const outside = CANDIDATES.find((v) => !allowed.has(v))! as EksVersion;
    expect(errorOf(() => synthEks(dev, { version: outside }))).toContain(
      problem("version", outside, `one of ${EKS_VERSIONS.join(", ")}`),
    );
  });
});

describe("Alertmanager timezone: monitoring.alertTimezone is the only default", () => {
  /** `time_intervals` of the Alertmanager config in a cluster stack's kube-prometheus-stack values. */
  function clusterIntervals(stack: string): unknown {
    const releases = Object.values(resourcesOf(readStack(synthDir(), stack), "helm_release"));
    const values = releases
      .filter((r) => r.name === "kube-prometheus-stack")
      .flatMap((r) => (r.values as string[]).map((v) => parse(v) as { alertmanager?: { config?: unknown } }));
    const config = values.find((v) => v.alertmanager?.config)?.alertmanager?.config as
      | { time_intervals?: unknown }
      | undefined;
    expect(config, `${stack}: kube-prometheus-stack values with alertmanager.config`).toBeDefined();
    return config!.time_intervals;
  }

  it("npm run slo without --timezone writes the business hours every cluster gets", () => {
    const out = tempDir("slo-out");
    const err: string[] = [];
    const code = runCli(["--out", out], {
      stdout: { write: () => true },
      stderr: { write: (t) => err.push(t) },
    });
    expect(code, err.join("")).toBe(0);
    const written = parse(readFileSync(path.join(out, "alertmanager.yaml"), "utf8")) as {
      time_intervals: unknown;
    };
    for (const stack of CLUSTER_STACKS)
      expect(clusterIntervals(stack), stack).toEqual(written.time_intervals);
  });

  it("takes the timezone from the environment files", () => {
    const zones = new Set(loadEnvironments().map((e) => e.monitoring.alertTimezone));
    expect(zones.size).toBe(1);
    expect(clusterAlertTimezone()).toBe([...zones][0]);
  });

  it("asks for --timezone when the environments disagree, naming each", () => {
    const envs = [
      { name: "dev", monitoring: { alertTimezone: "Europe/Dublin" } },
      { name: "prod", monitoring: { alertTimezone: "America/New_York" } },
    ];
    expect(() => clusterAlertTimezone(envs)).toThrow(
      "the environments' alert timezones differ (dev Europe/Dublin, prod America/New_York); pass --timezone",
    );
  });

  it("an explicit --timezone still wins", () => {
    const out = tempDir("slo-out");
    expect(
      runCli(["--out", out, "--timezone", "UTC"], {
        stdout: { write: () => true },
        stderr: { write: () => true },
      }),
    ).toBe(0);
    expect(readFileSync(path.join(out, "alertmanager.yaml"), "utf8")).toContain("location: UTC");
  });
});
