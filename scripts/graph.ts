/**
 * The stack graph, read from a synthesized app: each stack with its backend, its main resources
 * (counted by family) and the stacks it depends on (manifest `dependencies` plus the
 * `terraform_remote_state` reads that cdktf's cross-stack references compile to). Rendered as a
 * Mermaid flowchart for the README; CI reads the same graph to order deploys
 * (`.github/scripts/stacks.ts`).
 *
 *   npx tsx scripts/graph.ts                     # print the diagram of a fresh synth
 *   npx tsx scripts/graph.ts --write [README.md] # replace the block between the graph markers
 *   npx tsx scripts/graph.ts --dir cdktf.out     # read an existing synth instead
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ENVIRONMENTS_DIR } from "../environments/load";
import { synth } from "./synth";

type Attrs = Record<string, unknown>;
interface StackDoc {
  readonly terraform?: { readonly backend?: Record<string, Attrs> };
  readonly resource?: Record<string, Record<string, Attrs>>;
  readonly data?: Record<string, Record<string, Attrs>>;
  readonly output?: Record<string, { readonly value?: unknown }>;
}

export interface StackNode {
  readonly name: string;
  /** Backend type (`s3`, `azurerm`, `local`, ...). */
  readonly backend: string;
  /** Stacks this one needs applied first, sorted. */
  readonly dependencies: readonly string[];
  /** Resource count per Terraform type. */
  readonly resources: Readonly<Record<string, number>>;
  readonly doc: StackDoc;
}

/** One stack reading another's outputs through remote state. */
export interface StackReference {
  readonly producer: string;
  readonly consumer: string;
  /** The producer's output names that the consumer reads, sorted. */
  readonly outputs: readonly string[];
}

export interface StackGraph {
  readonly stacks: readonly StackNode[];
  readonly references: readonly StackReference[];
}

export const GRAPH_START = "<!-- graph:start -->";
export const GRAPH_END = "<!-- graph:end -->";
/** Fields that identify a state location in a backend block and in a remote state's `config`. */
const STATE_LOCATION = ["bucket", "key", "path", "storage_account_name", "container_name", "organization"];

/** Reads `manifest.json` and every stack's `cdk.tf.json` from a synthesized output folder. */
export function readStackGraph(outdir: string): StackGraph {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { synthesizedStackPath: string; dependencies?: string[] }>;
  };
  const entries = Object.entries(manifest.stacks).sort(([a], [b]) => a.localeCompare(b));
  const docs = new Map(
    entries.map(([name, s]) => [
      name,
      JSON.parse(readFileSync(join(outdir, s.synthesizedStackPath), "utf8")) as StackDoc,
    ]),
  );
  const references = entries.flatMap(([consumer]) => remoteReads(consumer, docs));
  const stacks = entries.map(([name, s]): StackNode => {
    const doc = docs.get(name)!;
    const producers = references.filter((r) => r.consumer === name).map((r) => r.producer);
    const resources = Object.fromEntries(
      Object.entries(doc.resource ?? {})
        .map(([type, byName]) => [type, Object.keys(byName).length] as const)
        .sort(([a], [b]) => a.localeCompare(b)),
    );
    return {
      name,
      backend: Object.keys(doc.terraform?.backend ?? { local: {} })[0] ?? "local",
      dependencies: [...new Set([...(s.dependencies ?? []), ...producers])].sort(),
      resources,
      doc,
    };
  });
  return { stacks, references };
}

/** The remote state reads of one stack, each matched to the stack whose backend it names. */
function remoteReads(consumer: string, docs: ReadonlyMap<string, StackDoc>): StackReference[] {
  const doc = docs.get(consumer)!;
  const text = JSON.stringify(doc);
  return Object.entries(doc.data?.terraform_remote_state ?? {}).flatMap(([dataName, remote]) => {
    const config = (remote.config ?? {}) as Attrs;
    const producer = [...docs].find(([name, other]) => {
      const backend = other.terraform?.backend?.[String(remote.backend)];
      return (
        name !== consumer &&
        backend !== undefined &&
        STATE_LOCATION.every((field) => config[field] === undefined || config[field] === backend[field])
      );
    })?.[0];
    if (!producer) return [];
    const used = new RegExp(
      `data\\.terraform_remote_state\\.${escapeRegExp(dataName)}\\.outputs\\.([\\w-]+)`,
      "g",
    );
    const outputs = [...new Set([...text.matchAll(used)].map((m) => m[1]!))].sort();
    return [{ producer, consumer, outputs }];
  });
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const counted = (n: number, one: string, many: string) => (n === 1 ? one : `${many}: ${n}`);
/** "VPC, 2 NAT gateways": a resource and how many of a related one it has. */
const join2 = (head: string, n: number, noun: string) =>
  n ? `${head}, ${n} ${noun}${n > 1 ? "s" : ""}` : head;
/** How an edge names the resources behind the outputs it carries: [one, many]. */
const NOUNS: Record<string, [string, string]> = {
  aws_vpc: ["VPC", "VPCs"],
  aws_subnet: ["subnet", "subnets"],
  aws_security_group: ["security group", "security groups"],
  aws_db_instance: ["DB instance", "DB instances"],
  aws_elasticache_replication_group: ["cache", "caches"],
  aws_route53_zone: ["Route 53 zone", "Route 53 zones"],
  aws_eks_cluster: ["EKS cluster", "EKS clusters"],
};
const ENGINES: Record<string, string> = { postgres: "PostgreSQL", mysql: "MySQL", mariadb: "MariaDB" };

/** Main resources of a stack, one line per family, in a fixed order; empty families are left out. */
export function resourceLines(stack: StackNode): string[] {
  const n = (type: string) => stack.resources[type] ?? 0;
  const byPrefix = (prefix: string) =>
    Object.entries(stack.resources)
      .filter(([t]) => t.startsWith(prefix))
      .reduce((sum, [, c]) => sum + c, 0);
  const lines = [
    n("aws_vpc") && join2(counted(n("aws_vpc"), "VPC", "VPCs"), n("aws_nat_gateway"), "NAT gateway"),
    n("aws_eks_cluster") &&
      join2(
        counted(n("aws_eks_cluster"), "EKS cluster", "EKS clusters"),
        n("aws_eks_node_group"),
        "node group",
      ),
    ...rdsLines(stack.doc.resource?.aws_db_instance ?? {}),
    ...Object.entries(countBy(stack.doc.resource?.aws_elasticache_replication_group ?? {}, "engine")).map(
      ([engine, c]) => `ElastiCache ${capitalize(engine)}${c > 1 ? ` ×${c}` : ""}`,
    ),
    n("aws_s3_bucket") && counted(n("aws_s3_bucket"), "S3 bucket", "S3 buckets"),
    n("aws_backup_vault") && `AWS Backup vaults: ${n("aws_backup_vault")}`,
    n("aws_route53_zone") && join2("Route 53 zone", n("aws_route53_record"), "record"),
    n("aws_ecr_repository") && `ECR repositories: ${n("aws_ecr_repository")}`,
    n("azurerm_virtual_network") && counted(n("azurerm_virtual_network"), "VNet", "VNets"),
    n("azurerm_kubernetes_cluster") &&
      counted(n("azurerm_kubernetes_cluster"), "AKS cluster", "AKS clusters"),
    n("azurerm_postgresql_flexible_server") &&
      counted(n("azurerm_postgresql_flexible_server"), "Azure PostgreSQL", "Azure PostgreSQL servers"),
    n("azurerm_managed_redis") &&
      counted(n("azurerm_managed_redis"), "Azure Managed Redis", "Azure Managed Redis instances"),
    n("azurerm_storage_account") && `Storage accounts: ${n("azurerm_storage_account")}`,
    n("azurerm_key_vault") && `Key vaults: ${n("azurerm_key_vault")}`,
    n("azurerm_container_registry") && `Container registries: ${n("azurerm_container_registry")}`,
    n("cloudflare_load_balancer") && `CloudFlare load balancers: ${n("cloudflare_load_balancer")}`,
    n("helm_release") && `Helm releases: ${n("helm_release")}`,
    byPrefix("kubernetes_") && `Kubernetes objects: ${byPrefix("kubernetes_")}`,
  ];
  return lines.filter((l): l is string => typeof l === "string");
}

/** "RDS PostgreSQL + 1 replica": primaries per engine, replicas counted against their source's engine. */
function rdsLines(instances: Record<string, Attrs>): string[] {
  const engineOf = (name: string): string => {
    const db = instances[name] ?? {};
    const source = /^\$\{aws_db_instance\.([^.]+)\./.exec(String(db.replicate_source_db ?? ""))?.[1];
    return source ? engineOf(source) : String(db.engine ?? "unknown");
  };
  const perEngine = new Map<string, { primaries: number; replicas: number }>();
  for (const [name, db] of Object.entries(instances)) {
    const entry = perEngine.get(engineOf(name)) ?? { primaries: 0, replicas: 0 };
    if (db.replicate_source_db) entry.replicas++;
    else entry.primaries++;
    perEngine.set(engineOf(name), entry);
  }
  return [...perEngine]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([engine, { primaries, replicas }]) => {
      const base = `RDS ${ENGINES[engine] ?? engine}${primaries > 1 ? ` ×${primaries}` : ""}`;
      return replicas ? `${base} + ${counted(replicas, "1 replica", "replicas")}` : base;
    });
}

function countBy(items: Record<string, Attrs>, field: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of Object.values(items))
    counts[String(item[field])] = (counts[String(item[field])] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** What a remote state read carries: the distinct resources behind the outputs, by type. */
function referenceLabel(ref: StackReference, producer: StackNode): string {
  const addresses = new Set<string>();
  for (const output of ref.outputs) {
    const value = String(producer.doc.output?.[output]?.value ?? "");
    const address = /^\$\{((?:data\.)?[a-z0-9_]+\.[^.}]+)/.exec(value)?.[1];
    if (address && !address.startsWith("data.")) addresses.add(address);
  }
  const types = countBy(Object.fromEntries([...addresses].map((a) => [a, { t: a.split(".")[0] }])), "t");
  const parts = Object.entries(types).map(([type, c]) => {
    const [one, many] = NOUNS[type] ?? [type, `${type} ×`];
    return c === 1 ? one : many.endsWith("×") ? `${many}${c}` : `${c} ${many}`;
  });
  return `remote state: ${ref.outputs.length} outputs<br/>${parts.join(", ")}`;
}

const nodeId = (name: string) => `stack_${name.replace(/[^A-Za-z0-9]/g, "_")}`;
const quote = (s: string) => `"${s.replaceAll('"', "#quot;")}"`;

/** The graph as a Mermaid flowchart: one node per stack, one edge per dependency. Deterministic. */
export function renderMermaid(graph: StackGraph): string {
  const byName = new Map(graph.stacks.map((s) => [s.name, s]));
  const lines = [
    "%% Generated by scripts/graph.ts from the synthesized app. Do not edit by hand.",
    "flowchart TB",
  ];
  for (const stack of graph.stacks) {
    const total = Object.values(stack.resources).reduce((a, b) => a + b, 0);
    const holds = stateHeldFor(stack, graph.stacks);
    const label = [
      `<b>${stack.name}</b> · ${total} resources`,
      `state: ${stack.backend}`,
      ...(holds.length ? [`state bucket of ${holds.join(", ")}`] : []),
      ...resourceLines(stack),
    ];
    lines.push(`  ${nodeId(stack.name)}[${quote(label.join("<br/>"))}]`);
  }
  for (const stack of graph.stacks) {
    for (const dep of stack.dependencies) {
      const ref = graph.references.find((r) => r.producer === dep && r.consumer === stack.name);
      const edge = ref ? `-->|${quote(referenceLabel(ref, byName.get(dep)!))}|` : "-.->|depends on|";
      lines.push(`  ${nodeId(dep)} ${edge} ${nodeId(stack.name)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Stacks whose S3 backend bucket is a bucket that `owner` creates. */
function stateHeldFor(owner: StackNode, stacks: readonly StackNode[]): string[] {
  const buckets = new Set(Object.values(owner.doc.resource?.aws_s3_bucket ?? {}).map((b) => b.bucket));
  return stacks
    .filter((s) => s.name !== owner.name && buckets.has(s.doc.terraform?.backend?.s3?.bucket))
    .map((s) => s.name);
}

/** The Markdown that sits between the graph markers. */
export function graphBlock(diagram: string): string {
  return `${GRAPH_START}\n\`\`\`mermaid\n${diagram}\`\`\`\n${GRAPH_END}`;
}

/** Replaces the graph block of a Markdown document; throws when the markers are missing. */
export function replaceGraphBlock(markdown: string, diagram: string, file = "the document"): string {
  const start = markdown.indexOf(GRAPH_START);
  const end = markdown.indexOf(GRAPH_END, start);
  if (start < 0 || end < 0) {
    throw new Error(
      `${file} has no ${GRAPH_START} ... ${GRAPH_END} block; add the two markers where the diagram goes`,
    );
  }
  return markdown.slice(0, start) + graphBlock(diagram) + markdown.slice(end + GRAPH_END.length);
}

/** Synthesizes the app into a temporary folder and renders its graph. */
export async function currentDiagram(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), "platform-graph-"));
  try {
    const outdir = join(root, "cdktf.out");
    const lines: string[] = [];
    const code = await synth({
      environmentsDir: ENVIRONMENTS_DIR,
      outdir,
      atomic: true,
      log: (l) => lines.push(l),
    });
    if (code !== 0) throw new Error(`synth failed (${code}):\n${lines.join("\n")}`);
    return renderMermaid(readStackGraph(outdir));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const { values, positionals } = parseArgs({
    options: { write: { type: "boolean", default: false }, dir: { type: "string" } },
    allowPositionals: true,
  });
  const diagram = values.dir ? Promise.resolve(renderMermaid(readStackGraph(values.dir))) : currentDiagram();
  diagram
    .then((text) => {
      if (!values.write) return void process.stdout.write(text);
      const file = positionals[0] ?? "README.md";
      writeFileSync(file, replaceGraphBlock(readFileSync(file, "utf8"), text, file));
      console.log(`updated the graph block in ${file}`);
    })
    .catch((err: unknown) => {
      console.error((err as Error).message);
      process.exitCode = 1;
    });
}
