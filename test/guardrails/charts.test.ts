/**
 * Every chart a stack installs is checked against the facts recorded from that chart's own
 * repository (`constructs/k8s/chart-facts/<chart>.json`: its published versions, the key paths of its
 * `values.yaml` at the pinned version, and the webhooks and aggregated APIs it registers):
 * - the pinned version is one the chart repository lists;
 * - every values key the project sets exists in that `values.yaml` (or sits under a free-form map,
 *   or is read by the chart's templates, with the template recorded as evidence);
 * - the control plane can reach every webhook and aggregated API through the security groups.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Attrs, CLUSTER_STACKS, readStack, resourcesOf, synthDir } from "../helpers";

interface ChartFacts {
  readonly chart: string;
  readonly repository: string;
  readonly readOn: string;
  readonly versionsSource: string;
  readonly versions: readonly string[];
  readonly pinned: string;
  readonly valuesSource: string;
  readonly values: Readonly<Record<string, "object" | "map" | "list" | "scalar" | "null">>;
  readonly templateKeys: Readonly<Record<string, string>>;
  readonly unknownKeys: Readonly<Record<string, string>>;
  readonly controlPlaneTargets: readonly { readonly containerPort: number; readonly kind: string }[];
}

const FACTS_DIR = join(__dirname, "..", "..", "constructs", "k8s", "chart-facts");
const FACTS: Record<string, ChartFacts> = Object.fromEntries(
  readdirSync(FACTS_DIR)
    .filter((f) => f.endsWith(".json"))
    .map((f) => {
      const facts = JSON.parse(readFileSync(join(FACTS_DIR, f), "utf8")) as ChartFacts;
      return [facts.chart, facts];
    }),
);

/** Dotted paths of every leaf the values set; a list counts as one leaf. Dots in keys are escaped. */
function valuePaths(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return prefix ? [prefix] : [];
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return prefix ? [prefix] : [];
  return entries.flatMap(([k, v]) => valuePaths(v, prefix ? `${prefix}.${k.replaceAll(".", "\\.")}` : k));
}

/** Whether the chart reads `path`: it is a key of values.yaml, under a free-form one, or template-read. */
function knownPath(facts: Pick<ChartFacts, "values" | "templateKeys">, path: string): boolean {
  const parts = path.split(/(?<!\\)\./);
  for (let n = parts.length; n > 0; n--) {
    const prefix = parts.slice(0, n).join(".");
    if (facts.templateKeys[prefix] !== undefined) return true;
    const kind = facts.values[prefix];
    if (kind === undefined) continue;
    // The path itself, or a prefix whose content the chart takes whole.
    return n === parts.length || kind === "map" || kind === "null" || kind === "list";
  }
  return false;
}

/** The charts released from a repository in a stack, with their values. */
function chartReleases(stack: string) {
  return Object.values(resourcesOf(readStack(synthDir(), stack), "helm_release"))
    .filter((r) => r.repository !== undefined)
    .map((r) => ({
      name: String(r.name),
      chart: String(r.chart),
      repository: String(r.repository),
      version: String(r.version),
      values: ((r.values as string[] | undefined) ?? []).map((v) => JSON.parse(v) as unknown),
    }));
}

const STACKS = ["bootstrap", "dev", "staging", "prod", "prod-blue", "prod-green"] as const;

describe("the recorded chart facts", () => {
  it.each(Object.values(FACTS).map((f) => [f.chart, f] as const))("%s names its sources", (_, f) => {
    expect(f.readOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(f.versionsSource).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{7,40}:\S+/);
    expect(f.valuesSource).toMatch(/^[\w.-]+\/[\w.-]+@\S+:\S+values\.yaml/);
    expect(f.versions).toContain(f.pinned);
    expect(Object.keys(f.values).length).toBeGreaterThan(10);
    expect(f.unknownKeys).toEqual({});
  });

  it("knows a path under a free-form map and rejects one that values.yaml does not have", () => {
    const facts = { values: { a: "object", "a.b": "scalar", m: "map" } as const, templateKeys: { t: "x" } };
    expect(knownPath(facts, "a.b")).toBe(true);
    expect(knownPath(facts, "m.anything.deep")).toBe(true);
    expect(knownPath(facts, "t.sub")).toBe(true);
    expect(knownPath(facts, "a.c")).toBe(false);
    expect(knownPath(facts, "a.b.c")).toBe(false);
    expect(knownPath(facts, "zzz")).toBe(false);
    expect(valuePaths({ a: { "x.y": 1, l: [1] }, e: {} })).toEqual(["a.x\\.y", "a.l", "e"]);
  });
});

describe.each(STACKS)("charts installed by %s", (stack) => {
  const releases = chartReleases(stack);

  it("pins each chart to a version its repository lists", () => {
    for (const r of releases) {
      const facts = FACTS[r.chart];
      expect(facts, `${r.name}: no chart-facts/${r.chart}.json`).toBeDefined();
      expect(r.repository, r.name).toBe(facts!.repository);
      expect(facts!.versions, `${r.name}: ${r.chart} ${r.version} is not a released version`).toContain(
        r.version,
      );
      expect(r.version, `${r.name}: the facts were read at ${facts!.pinned}`).toBe(facts!.pinned);
    }
  });

  it("sets only values keys that the pinned chart reads", () => {
    const unknown = releases.flatMap((r) =>
      r.values
        .flatMap((v) => valuePaths(v))
        .filter((p) => !knownPath(FACTS[r.chart]!, p))
        .map((p) => `${r.chart}: ${p}`),
    );
    expect(unknown).toEqual([]);
  });
});

/** Ports the rules on `to` admit from `from` (security groups given by logical-name fragment). */
function portsBetween(doc: Attrs, from: string, to: string): [number, number][] {
  return Object.values(resourcesOf(doc, "aws_vpc_security_group_ingress_rule"))
    .filter(
      (r) =>
        String(r.security_group_id).includes(to) &&
        String(r.referenced_security_group_id ?? "").includes(from) &&
        (r.ip_protocol === "tcp" || r.ip_protocol === "-1"),
    )
    .map((r) => (r.ip_protocol === "-1" ? [0, 65535] : [Number(r.from_port), Number(r.to_port)]));
}

describe.each(CLUSTER_STACKS)("control plane to webhooks in %s", (stack) => {
  const doc = readStack(synthDir(), stack);
  const open = portsBetween(doc, "SecurityGroups_ClusterSecurityGroup", "SecurityGroups_NodeSecurityGroup");

  it("reaches every webhook and aggregated API that an installed chart registers", () => {
    const needed = chartReleases(stack).flatMap((r) =>
      FACTS[r.chart]!.controlPlaneTargets.map((t) => ({
        chart: r.chart,
        kind: t.kind,
        port: t.containerPort,
      })),
    );
    expect(needed.map((n) => n.port)).toEqual(expect.arrayContaining([15017, 9443, 10250]));
    const unreachable = needed.filter((n) => !open.some(([lo, hi]) => lo <= n.port && n.port <= hi));
    expect(unreachable).toEqual([]);
  });

  it("opens no other port from the control plane than the kubelet, 443 and those webhooks", () => {
    const needed = new Set([
      443,
      10250,
      ...chartReleases(stack).flatMap((r) => FACTS[r.chart]!.controlPlaneTargets.map((t) => t.containerPort)),
    ]);
    expect(open.filter(([lo, hi]) => lo !== hi || !needed.has(lo))).toEqual([]);
  });
});
