/**
 * Adding a service is one entry per environment plus its SLO spec: this adds `orders` to dev and prod
 * from a fixture, builds the app, and checks in the synthesized output that the service is reachable
 * end to end: its host admitted by the Gateway and published, routed by its own VirtualService, in
 * Argo CD's project with an Application of its own, and (canary in prod) analysed by templates
 * compiled from its own spec.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadEnvironments, registryStackOf } from "../../environments/load";
import { summarize } from "../../scripts/synth";
import { parseSloSpec } from "../../slo/spec";
import { builtInSpecs, userServiceSpec } from "../../slo/specs";
import { synthApp } from "../../stacks/app";
import { type EnvName, type Json, writeEnvironments } from "../environments/fixtures";
import { type Attrs, deliveredObjects, readStack, resourcesOf, tempDir } from "../helpers";

/** The fixture's spec: user-service's SLOs, for a service named `orders`. */
const ordersSpec = parseSloSpec(
  JSON.parse(JSON.stringify(userServiceSpec).replaceAll("user-service", "orders")),
);

const ORDERS_HOST: Record<"dev" | "prod", string> = {
  dev: "orders.dev.platform.acme.example",
  prod: "orders.platform.acme.example",
};

function withOrders(envs: Record<EnvName, Json>): undefined {
  for (const name of ["dev", "prod"] as const) {
    const services = envs[name].services as Record<string, Json>;
    services.orders = {
      ...services["user-service"]!,
      imageTag: "2.0.1",
      hosts: [ORDERS_HOST[name]],
      slo: "orders",
      gitopsPath: undefined,
    };
  }
  return undefined;
}

let outdir: string;
let counts: ReturnType<typeof synthApp>;
beforeAll(() => {
  const envs = loadEnvironments(writeEnvironments(withOrders)).filter((e) => e.name !== "staging");
  outdir = tempDir("second-service");
  counts = synthApp(envs, outdir, { specs: [...builtInSpecs, ordersSpec] });
}, 120_000);

it("returns each stack's resource count, as the written files hold them", () => {
  expect(counts.length).toBeGreaterThan(5);
  expect(counts).toEqual(summarize(outdir));
});

const objects = (stack: string) => deliveredObjects(outdir, stack).map((d) => d.object as Attrs & Json);
const ofKind = (stack: string, kind: string) => objects(stack).filter((o) => o.kind === kind);
// biome-ignore lint/suspicious/noExplicitAny: free-form Kubernetes objects
const named = (stack: string, kind: string, name: string): any =>
  ofKind(stack, kind).find((o) => (o.metadata as Json).name === name);

describe.each([
  ["dev", "dev"],
  ["prod-blue", "prod"],
  ["prod-green", "prod"],
] as const)("a second service in %s", (stack, env) => {
  const host = ORDERS_HOST[env];

  it("is admitted by the Gateway", () => {
    const gateway = ofKind(stack, "Gateway")[0] as { spec: { servers: { hosts: string[] }[] } };
    for (const server of gateway.spec.servers) expect(server.hosts).toContain(host);
  });

  it("is routed by its own VirtualService to its own Service", () => {
    const vs = named(stack, "VirtualService", "orders");
    expect(vs.metadata.namespace).toBe("orders");
    expect(vs.spec.hosts).toContain(host);
    const destinations = vs.spec.http.flatMap((h: { route: { destination: { host: string } }[] }) =>
      h.route.map((r) => r.destination.host),
    );
    expect(new Set(destinations)).toEqual(new Set(["orders.orders.svc.cluster.local"]));
    // user-service's routes do not answer for the new host.
    expect(named(stack, "VirtualService", "user-service").spec.hosts).not.toContain(host);
  });

  it("has its namespace, workload and PodMonitor", () => {
    const namespaces = Object.values(resourcesOf(readStack(outdir, stack), "kubernetes_namespace_v1")).map(
      (n) => ((n.metadata as Attrs[])[0] ?? (n.metadata as Attrs)).name ?? (n.metadata as Attrs).name,
    );
    expect(JSON.stringify(namespaces)).toContain('"orders"');
    const kind = env === "prod" ? "Rollout" : "Deployment";
    // From its own repository in the environment's registry (`dev-registry`; prod's foundation owns prod's).
    expect(named(stack, kind, "orders").spec.template.spec.containers[0].image).toMatch(/^\$\{.+\}:2\.0\.1$/);
    const registry = readStack(outdir, env === "prod" ? "prod" : registryStackOf(stack));
    const repos = Object.values(resourcesOf(registry, "aws_ecr_repository")).map((r) => r.name);
    expect(repos).toContain(`${env}/orders`);
    expect(named(stack, "PodMonitor", "orders").metadata.namespace).toBe("orders");
  });

  it("is a destination of Argo CD's project, with an Application of its own", () => {
    const project = ofKind(stack, "AppProject")[0] as { spec: { destinations: { namespace: string }[] } };
    expect(project.spec.destinations.map((d) => d.namespace)).toEqual(["orders", "user-service"]);
    const app = named(stack, "Application", "orders");
    expect(app.spec.destination.namespace).toBe("orders");
    expect(app.spec.source.path).toBe(`environments/${env}/orders`);
  });

  it("reaches the database as its own role", () => {
    const secret = Object.values(resourcesOf(readStack(outdir, stack), "kubernetes_secret_v1")).find((s) =>
      JSON.stringify(s.metadata).includes('"orders-database"'),
    );
    expect(JSON.stringify(secret)).toContain("orders");
  });
});

describe("the second service's delivery and SLOs", () => {
  it("runs prod's canary analysis from its own spec, in its namespace", () => {
    const templates = ofKind("prod-blue", "AnalysisTemplate").filter(
      (t) => (t.metadata as Json).namespace === "orders",
    );
    expect(templates.length).toBeGreaterThan(0);
    expect(JSON.stringify(templates)).toContain('namespace=\\"orders\\"');
    expect(JSON.stringify(templates)).not.toContain("user-service");
    const rollout = named("prod-blue", "Rollout", "orders");
    expect(JSON.stringify(rollout.spec.strategy.canary)).toContain(
      (templates[0]!.metadata as Json).name as string,
    );
  });

  it("compiles its SLO rules and dashboards next to user-service's", () => {
    const rules = ofKind("prod-blue", "PrometheusRule").map((r) => (r.metadata as Json).name);
    expect(rules.some((n) => String(n).includes("orders"))).toBe(true);
    expect(rules.some((n) => String(n).includes("user-service"))).toBe(true);
  });

  it("publishes its host: in dev through the gateway's DNS name, in prod at the live color", () => {
    expect(JSON.stringify(resourcesOf(readStack(outdir, "dev"), "helm_release"))).toContain(ORDERS_HOST.dev);
    const records = resourcesOf(readStack(outdir, "prod"), "aws_route53_record");
    const forEach = Object.values(records).map((r) => JSON.stringify(r.for_each ?? ""));
    expect(forEach.join(" ")).toContain(ORDERS_HOST.prod);
  });

  it("leaves the live hostname and the color names on the service production.hostnameService names", () => {
    const vs = named("prod-blue", "VirtualService", "user-service");
    expect(vs.spec.hosts).toEqual(
      expect.arrayContaining(["app.platform.acme.example", "blue.platform.acme.example"]),
    );
    expect(named("prod-blue", "VirtualService", "orders").spec.hosts).not.toContain(
      "app.platform.acme.example",
    );
  });
});

describe("a service whose SLO spec does not exist", () => {
  it("fails the synth naming the field, the value and the known specs", () => {
    const envs = loadEnvironments(
      writeEnvironments((e) => {
        ((e.dev.services as Record<string, Json>)["user-service"] as Json).slo = "orders";
        return undefined;
      }),
    ).filter((e) => e.name === "dev");
    expect(() => synthApp(envs, tempDir("missing-spec"))).toThrow(
      'services.user-service.slo: got "orders"; allowed: user-service; hint: add the service\'s spec under slo/specs/ and list it in slo/specs/index.ts',
    );
  });
});
