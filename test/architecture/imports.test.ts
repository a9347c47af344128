/**
 * "Arrows point one way" (/work/shared/STYLE.md, README.md): environments → stacks → constructs →
 * providers. Reads the import and export-from lines of every `.ts` file under the source folders,
 * resolves the relative ones to repository paths, and checks the directions:
 * - a construct never imports `environments/`, `policy/`, `stacks/` or `scripts/`;
 * - `constructs/k8s/` speaks only the cloud contracts, never `constructs/aws/` or `constructs/azure/`;
 * - no two files under `constructs/` import each other (type-only imports count: a construct and its
 *   `*-validation.ts` share a `*-props.ts` instead);
 * - `environments/` imports neither `stacks/` nor `policy/`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");
const SOURCE_DIRS = ["constructs", "stacks", "environments", "policy", "slo", "scripts"];

/**
 * `import … from "x"`, `import type … from "x"`, `export … from "x"` (across lines: the braces of an
 * import hold no `;`), and `import "x"`. Anchored at a line start, so TSDoc examples (` * import …`) and
 * strings do not count.
 */
const IMPORT_LINE = /^[ \t]*(?:import|export)\b(?:[^;"'`]*?\bfrom)?\s*["']([^"']+)["']/gm;

/** Every `.ts` file under `dir` (repository-relative, `/`-separated), sorted. */
function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.split(path.sep).includes("node_modules"))
    .map((f) => path.posix.join(dir, f.split(path.sep).join("/")))
    .sort();
}

/** The specifiers `text` imports or re-exports from. */
function specifiersOf(text: string): string[] {
  return [...text.matchAll(IMPORT_LINE)].map((m) => m[1]!);
}

const isFile = (p: string) => existsSync(p) && statSync(p).isFile();

/** The repository path a relative specifier of `from` names, or undefined when none exists. */
function resolveRelative(from: string, specifier: string): string | undefined {
  const base = path.resolve(ROOT, path.dirname(from), specifier);
  const candidates = [base, base.replace(/\.js$/, ".ts"), `${base}.ts`, path.join(base, "index.ts")];
  const hit = candidates.find(isFile);
  return hit && path.relative(ROOT, hit).split(path.sep).join("/");
}

interface Graph {
  /** File → the repository files it imports (package imports left out). */
  readonly edges: ReadonlyMap<string, readonly string[]>;
  /** `file: specifier` for relative imports that name no file: the scanner would miss an edge. */
  readonly unresolved: readonly string[];
}

/** The import graph of `files`; `read` gives a file's text (the file system, or a mutation of it). */
function importGraph(files: readonly string[], read: (file: string) => string): Graph {
  const edges = new Map<string, string[]>();
  const unresolved: string[] = [];
  for (const file of files) {
    const targets: string[] = [];
    for (const specifier of specifiersOf(read(file))) {
      if (!specifier.startsWith(".")) continue;
      const target = resolveRelative(file, specifier);
      if (target === undefined) unresolved.push(`${file}: ${specifier}`);
      else targets.push(target);
    }
    edges.set(file, [...new Set(targets)]);
  }
  return { edges, unresolved };
}

const under = (file: string, ...dirs: string[]) => dirs.some((d) => file.startsWith(`${d}/`));

/** `from -> to` for every import of a file under `fromDirs` into a file under `toDirs`. */
function crossings(graph: Graph, fromDirs: readonly string[], toDirs: readonly string[]): string[] {
  return [...graph.edges].flatMap(([from, targets]) =>
    under(from, ...fromDirs) ? targets.filter((t) => under(t, ...toDirs)).map((t) => `${from} -> ${t}`) : [],
  );
}

/** `a <-> b` for every pair of files under `dir` that import each other. */
function twoCycles(graph: Graph, dir: string): string[] {
  const cycles: string[] = [];
  for (const [a, targets] of graph.edges) {
    if (!under(a, dir)) continue;
    for (const b of targets) {
      if (a < b && under(b, dir) && graph.edges.get(b)?.includes(a)) cycles.push(`${a} <-> ${b}`);
    }
  }
  return cycles;
}

/**
 * The `lines` whose key (the importing file of `from -> to`, or a whole `a <-> b` cycle) is not in
 * `allowed`, and the `allowed` keys that no line has any more.
 */
function againstAllowList(lines: readonly string[], allowed: readonly string[]) {
  const key = (line: string) => line.split(" -> ")[0]!;
  const keys = new Set(lines.map(key));
  return {
    notAllowed: lines.filter((l) => !allowed.includes(key(l))),
    notNeeded: allowed.filter((k) => !keys.has(k)),
  };
}

/**
 * Constructs that still import `environments/cidr.ts`, which now only re-exports `constructs/cidr.ts`.
 * Their owners switch the import line to `../cidr`; then this list is emptied and environments/cidr.ts
 * deleted. It can only shrink: an entry that no longer imports environments/ fails the test.
 */
const CONSTRUCTS_IMPORTING_ENVIRONMENTS: readonly string[] = [];

/**
 * Kubernetes constructs that still reach into a cloud's constructs (issue 12 moved the cloud-specific
 * add-ons, autoscaler, ExternalDNS and load balancer controller, to constructs/aws/, so none is left).
 * A file that must stay here a while goes on this list with a reason; the list can only shrink: an
 * entry that no longer imports constructs/aws/ or constructs/azure/ fails the test.
 */
const K8S_IMPORTING_A_CLOUD: readonly string[] = [];

/**
 * Pairs of construct files that still import each other, being untangled by their owners; the list
 * can only shrink: a pair that no longer forms a cycle fails the test, so whoever breaks it deletes
 * its line. The fix is the one the other constructs use: the types both need in a leaf file.
 */
const KNOWN_TWO_CYCLES: readonly string[] = [
  // EksCluster is being split (issue 12): its props, EksVersion and the resolved defaults go to a leaf.
  "constructs/aws/eks-cluster-validation.ts <-> constructs/aws/eks-cluster.ts",
  // ChartRelease reads SystemPods' type; system-pods.ts finds ChartRelease instances by class.
  "constructs/k8s/chart-release.ts <-> constructs/k8s/system-pods.ts",
];

const FILES = SOURCE_DIRS.flatMap(sources);
const readSource = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const GRAPH = importGraph(FILES, readSource);

/** The graph with `file`'s text replaced by `text` (a mutation the checks must catch). */
const mutated = (file: string, text: string) =>
  importGraph(FILES, (f) => (f === file ? text : readSource(f)));

describe("the import scan itself", () => {
  it("finds the source files and their imports", () => {
    expect(FILES).toEqual(
      expect.arrayContaining(["constructs/k8s/web-service.ts", "stacks/app.ts", "environments/schema.ts"]),
    );
    expect(GRAPH.edges.get("constructs/k8s/web-service.ts")).toEqual(
      expect.arrayContaining(["constructs/core.ts", "constructs/k8s/web-service-validation.ts"]),
    );
  });

  it("reads multi-line, type-only and re-export lines, and skips TSDoc examples", () => {
    const text = [
      "/**",
      ' * import { waive } from "../../policy/waive";',
      " */",
      'import type { A } from "./a";',
      "import {",
      "  b,",
      "  type C,",
      '} from "./b.js";',
      'export type { D } from "./d";',
      'export * from "./e";',
      'import "./side-effect";',
      "const s = \"import x from './not-an-import'\";",
    ].join("\n");
    expect(specifiersOf(text)).toEqual(["./a", "./b.js", "./d", "./e", "./side-effect"]);
  });

  it("resolves every relative import to a file", () => {
    expect(GRAPH.unresolved).toEqual([]);
  });
});

describe("arrows point one way", () => {
  it("(a) no construct imports environments/, policy/, stacks/ or scripts/", () => {
    const lines = crossings(GRAPH, ["constructs"], ["environments", "policy", "stacks", "scripts"]);
    const { notAllowed, notNeeded } = againstAllowList(lines, CONSTRUCTS_IMPORTING_ENVIRONMENTS);
    expect(notAllowed).toEqual([]);
    expect(notNeeded, "delete these from CONSTRUCTS_IMPORTING_ENVIRONMENTS").toEqual([]);
    // The allowance covers environments/ only.
    expect(lines.filter((l) => !l.includes(" -> environments/"))).toEqual([]);
  });

  it("(b) constructs/k8s/ imports neither constructs/aws/ nor constructs/azure/", () => {
    const lines = crossings(GRAPH, ["constructs/k8s"], ["constructs/aws", "constructs/azure"]);
    const { notAllowed, notNeeded } = againstAllowList(lines, K8S_IMPORTING_A_CLOUD);
    expect(notAllowed).toEqual([]);
    expect(notNeeded, "delete these from K8S_IMPORTING_A_CLOUD").toEqual([]);
  });

  it("(c) no two files under constructs/ import each other", () => {
    const { notAllowed, notNeeded } = againstAllowList(twoCycles(GRAPH, "constructs"), KNOWN_TWO_CYCLES);
    expect(notAllowed).toEqual([]);
    expect(notNeeded, "delete these from KNOWN_TWO_CYCLES").toEqual([]);
  });

  it("(d) environments/ imports neither stacks/ nor policy/", () => {
    expect(crossings(GRAPH, ["environments"], ["stacks", "policy"])).toEqual([]);
  });
});

describe("each check can fail", () => {
  const web = "constructs/k8s/web-service.ts";
  const withImport = (file: string, line: string) => `${line}\n${readSource(file)}`;

  it("(a) catches a construct importing policy/ or environments/", () => {
    const graph = mutated(web, withImport(web, 'import { waive } from "../../policy/waive";'));
    expect(crossings(graph, ["constructs"], ["policy"])).toEqual([`${web} -> policy/waive.ts`]);
    expect(crossings(GRAPH, ["constructs"], ["policy"])).toEqual([]);
    const env = mutated(
      web,
      withImport(web, 'import type { Environment } from "../../environments/schema";'),
    );
    const lines = crossings(env, ["constructs"], ["environments"]);
    expect(againstAllowList(lines, CONSTRUCTS_IMPORTING_ENVIRONMENTS).notAllowed).toEqual([
      `${web} -> environments/schema.ts`,
    ]);
  });

  it("catches an allow-list entry that is no longer needed", () => {
    const stale = "constructs/k8s/web-service.ts";
    expect(againstAllowList([], [stale]).notNeeded).toEqual([stale]);
    expect(againstAllowList([], CONSTRUCTS_IMPORTING_ENVIRONMENTS).notNeeded).toEqual(
      CONSTRUCTS_IMPORTING_ENVIRONMENTS,
    );
    expect(againstAllowList([], KNOWN_TWO_CYCLES).notNeeded).toEqual(KNOWN_TWO_CYCLES);
  });

  it("(b) catches a Kubernetes construct importing a cloud's construct", () => {
    const graph = mutated(web, withImport(web, 'import type { KmsKey } from "../aws/kms-key";'));
    const lines = crossings(graph, ["constructs/k8s"], ["constructs/aws", "constructs/azure"]);
    expect(againstAllowList(lines, K8S_IMPORTING_A_CLOUD).notAllowed).toEqual([
      `${web} -> constructs/aws/kms-key.ts`,
    ]);
  });

  it("(c) catches a type-only import back from a validation file", () => {
    const validation = "constructs/k8s/web-service-validation.ts";
    const graph = mutated(
      validation,
      withImport(validation, 'import type { WebService } from "./web-service";'),
    );
    expect(againstAllowList(twoCycles(graph, "constructs"), KNOWN_TWO_CYCLES).notAllowed).toEqual([
      `${validation} <-> ${web}`,
    ]);
  });

  it("(d) catches environments/ importing a stack", () => {
    const schema = "environments/schema.ts";
    const graph = mutated(schema, withImport(schema, 'import type { AppStack } from "../stacks/app";'));
    expect(crossings(graph, ["environments"], ["stacks", "policy"])).toEqual([`${schema} -> stacks/app.ts`]);
  });
});
