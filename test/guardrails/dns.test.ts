/**
 * Every hostname a gateway serves is published in public DNS: by a Route53 record in the cluster's
 * stack or in the stack it reads (the prod foundation), or by ExternalDNS from the gateway Service's
 * hostname annotation, into a zone that one of those stacks owns.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { HOSTNAME_ANNOTATION } from "../../constructs/aws/external-dns";
import { type Attrs, CLUSTER_STACKS, deliveredObjects, readStack, resourcesOf, synthDir } from "../helpers";

/** Stacks whose state a cluster stack reads: the production foundation for each color. */
const producers = (stack: string) => (stack.startsWith("prod-") ? ["prod"] : []);

/** Names of Route53 records, with a literal `for_each` set expanded. */
function recordNames(doc: Attrs): string[] {
  return Object.values(resourcesOf(doc, "aws_route53_record")).flatMap((r) => {
    const each = /^\$\{toset\((\[.*\])\)\}$/.exec(String(r.for_each ?? ""))?.[1];
    return each ? (JSON.parse(each) as string[]) : [String(r.name)];
  });
}

function valuesOf(doc: Attrs, release: string): Attrs[] {
  const r = Object.values(resourcesOf(doc, "helm_release")).find((x) => x.name === release);
  return ((r?.values as string[] | undefined) ?? []).map((t) => parse(t) as Attrs);
}

describe.each(CLUSTER_STACKS)("public DNS of %s", (stack) => {
  const dir = synthDir();
  const doc = readStack(dir, stack);
  const docs = [doc, ...producers(stack).map((p) => readStack(dir, p))];
  const zones = docs.flatMap((d) =>
    Object.values(resourcesOf(d, "aws_route53_zone")).map((z) => String(z.name)),
  );
  const filters = valuesOf(doc, "external-dns").flatMap(
    (v) => (v.domainFilters as string[] | undefined) ?? [],
  );
  const annotated = valuesOf(doc, "istio-ingressgateway").flatMap((v) => {
    const names = ((v.service as Attrs | undefined)?.annotations as Attrs | undefined)?.[HOSTNAME_ANNOTATION];
    return typeof names === "string" ? names.split(",") : [];
  });
  const inZone = (host: string, zone: string) => host === zone || host.endsWith(`.${zone}`);
  const published = new Set([
    ...docs.flatMap(recordNames),
    ...annotated.filter((h) => filters.some((f) => inZone(h, f)) && zones.some((z) => inZone(h, z))),
  ]);
  const served = deliveredObjects(dir, stack)
    .filter((d) => d.object.kind === "Gateway")
    .flatMap((d) => ((d.object.spec as Attrs).servers as { hosts: string[] }[]).flatMap((s) => s.hosts));

  it("publishes every host its gateway serves", () => {
    expect(served.length).toBeGreaterThan(0);
    expect([...new Set(served)].filter((h) => !published.has(h))).toEqual([]);
  });

  it("publishes only into zones this stack or its producer owns", () => {
    expect(zones.length).toBeGreaterThan(0);
    for (const f of filters) expect(zones).toContain(f);
  });
});
