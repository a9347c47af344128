/**
 * A worst-case estimate of a color rollback, end to end, from its parts: Terraform refreshes every
 * resource of the stack it applies, writes the ones the switch changes, and clients then see the
 * change after DNS propagation (none behind a proxy, else the record's TTL). The inputs are read from
 * the synthesized stacks; the per-resource costs are stated assumptions, not measurements of a cloud
 * API (this machine reaches none), printed beside the result so that a reader can redo the sum.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Assumptions (seconds), on the slow side of what the providers' APIs usually take. */
export const ROLLBACK_ASSUMPTIONS = {
  /** Terraform start, provider start and state lock/unlock. */
  fixedSeconds: 5,
  /** Reading one resource back from its API during refresh. */
  refreshSecondsPerResource: 1,
  /** Terraform's default parallelism: refreshes run 10 at a time. */
  parallelism: 10,
  /** Writing one changed resource (a load balancer's pool order, a Route 53 record change). */
  writeSecondsPerResource: 3,
} as const;

export interface RollbackPath {
  readonly label: string;
  readonly stack: string;
  /** Resources Terraform refreshes: the whole stack. */
  readonly resources: number;
  /** Resources the switch changes. */
  readonly changed: number;
  /** Seconds until clients follow: 0 when the edge proxies, else the record's TTL. */
  readonly propagationSeconds: number;
}

export interface RollbackEstimate extends RollbackPath {
  readonly planSeconds: number;
  readonly applySeconds: number;
  readonly totalSeconds: number;
}

export function estimateRollback(path: RollbackPath, a = ROLLBACK_ASSUMPTIONS): RollbackEstimate {
  const planSeconds =
    a.fixedSeconds + Math.ceil(path.resources / a.parallelism) * a.refreshSecondsPerResource;
  const applySeconds = path.changed * a.writeSecondsPerResource;
  return {
    ...path,
    planSeconds,
    applySeconds,
    totalSeconds: planSeconds + applySeconds + path.propagationSeconds,
  };
}

type Doc = { resource?: Record<string, Record<string, Record<string, unknown>>> };

function readDoc(outdir: string, stack: string): Doc | undefined {
  try {
    return JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as Doc;
  } catch {
    return undefined;
  }
}

const count = (doc: Doc) => Object.values(doc.resource ?? {}).reduce((n, r) => n + Object.keys(r).length, 0);

/**
 * The two paths: today's Route 53 switch (the foundation stack, its live-color record and one per
 * service host, the records' TTL) and the edge stack (its load balancers, proxied).
 */
export function rollbackPaths(outdir: string, production = "prod"): RollbackPath[] {
  const paths: RollbackPath[] = [];
  const foundation = readDoc(outdir, production);
  if (foundation) {
    // The switch's records are the CNAMEs (the live hostname, the service hosts); the zone's TXT
    // verification record never changes with the color.
    const records = Object.values(foundation.resource?.aws_route53_record ?? {}).filter(
      (r) => r.type === "CNAME",
    );
    const ttl = Math.max(0, ...records.map((r) => Number(r.ttl ?? 0)));
    paths.push({
      label: "Route 53 switch in the foundation",
      stack: production,
      resources: count(foundation),
      changed: 2,
      propagationSeconds: ttl,
    });
  }
  const edge = readDoc(outdir, `${production}-edge`);
  if (edge) {
    const lbs = Object.values(edge.resource?.cloudflare_load_balancer ?? {});
    // A switch changes the load balancers over the colors' pools; the static-assets one has no color.
    const switched = lbs.filter((lb) => /-(blue|green)_/.test(JSON.stringify(lb.default_pools ?? [])));
    paths.push({
      label: "edge switch (CloudFlare load balancers)",
      stack: `${production}-edge`,
      resources: count(edge),
      changed: switched.length,
      propagationSeconds: lbs.every((lb) => lb.proxied === true) ? 0 : 300,
    });
  }
  return paths;
}

export function renderRollback(estimates: readonly RollbackEstimate[], targetSeconds = 30): string[] {
  const a = ROLLBACK_ASSUMPTIONS;
  return [
    `rollback estimate (worst case; assumes ${a.fixedSeconds} s fixed, ${a.refreshSecondsPerResource} s per refresh at parallelism ${a.parallelism}, ${a.writeSecondsPerResource} s per write):`,
    ...estimates.map(
      (e) =>
        `  ${e.label.padEnd(42)} ${e.stack.padEnd(10)} ${String(e.resources).padStart(4)} resources, ${e.changed} changed: plan ${e.planSeconds} s + apply ${e.applySeconds} s + propagation ${e.propagationSeconds} s = ${e.totalSeconds} s; target < ${targetSeconds} s: ${e.totalSeconds < targetSeconds ? "met" : "missed"}`,
    ),
  ];
}
