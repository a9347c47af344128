import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  GRAPH_END,
  GRAPH_START,
  graphBlock,
  readStackGraph,
  renderMermaid,
  replaceGraphBlock,
  resourceLines,
  type StackGraph,
} from "../../scripts/graph";
import { readStack, resourcesOf, synthDir, tempDir } from "../helpers";
import { REPO } from "./workflow-files";

let cached: StackGraph | undefined;
const graph = () => {
  cached ??= readStackGraph(synthDir());
  return cached;
};
const node = (name: string) => graph().stacks.find((s) => s.name === name)!;

/** The graph block of a Markdown document, or a message saying that it has none. */
function embeddedBlock(markdown: string): string {
  const start = markdown.indexOf(GRAPH_START);
  const end = markdown.indexOf(GRAPH_END, start);
  return start < 0 || end < 0
    ? `no ${GRAPH_START} ... ${GRAPH_END} block`
    : markdown.slice(start, end + GRAPH_END.length);
}

describe("stack graph", () => {
  it("README.md embeds the diagram of the app as it is now (regenerate: npx tsx scripts/graph.ts --write)", () => {
    const readme = readFileSync(join(REPO, "README.md"), "utf8");
    expect(embeddedBlock(readme)).toBe(graphBlock(renderMermaid(graph())));
  });

  it("takes each stack's dependencies from the manifest and its remote state reads", () => {
    const manifest = JSON.parse(readFileSync(join(synthDir(), "manifest.json"), "utf8")) as {
      stacks: Record<string, { dependencies: string[] }>;
    };
    for (const stack of graph().stacks) {
      expect(stack.dependencies, stack.name).toEqual([...manifest.stacks[stack.name]!.dependencies].sort());
    }
    expect(graph().references.map((r) => `${r.producer} -> ${r.consumer}`)).toEqual([
      "dev-registry -> dev",
      "prod-azure -> prod-azure-blue",
      "prod-azure -> prod-azure-green",
      "prod -> prod-blue",
      "prod -> prod-green",
      "staging-registry -> staging",
      "staging-azure -> staging-azure-cluster",
    ]);
    for (const ref of graph().references) {
      const outputs = Object.keys(readStack(synthDir(), ref.producer).output as object);
      expect(outputs).toEqual(expect.arrayContaining([...ref.outputs]));
    }
  });

  it("names each stack's main resources from its synthesized JSON", () => {
    expect(resourceLines(node("prod"))).toEqual(
      expect.arrayContaining([
        "RDS PostgreSQL + 1 replica",
        "ElastiCache Redis",
        "S3 buckets: 7",
        "Route 53 zone, 7 records",
      ]),
    );
    const helm = Object.keys(resourcesOf(readStack(synthDir(), "prod-blue"), "helm_release")).length;
    expect(resourceLines(node("prod-blue"))).toEqual(
      expect.arrayContaining(["EKS cluster, 3 node groups", `Helm releases: ${helm}`]),
    );
    expect(resourceLines(node("prod-blue")).some((l) => l.startsWith("RDS"))).toBe(false);
  });

  it("draws one node per stack and an edge per dependency, the same every time", () => {
    const diagram = renderMermaid(graph());
    expect(diagram).toBe(renderMermaid(graph()));
    expect(diagram.split("\n")[1]).toBe("flowchart TB");
    for (const stack of graph().stacks) expect(diagram).toContain(`<b>${stack.name}</b>`);
    expect(diagram).toMatch(
      /^ {2}stack_prod -->\|"remote state: \d+ outputs<br\/>[^"]*VPC"\| stack_prod_blue$/m,
    );
    expect(diagram).toContain(
      "state bucket of dev, dev-registry, prod, prod-blue, prod-edge, prod-green, staging, staging-registry",
    );
    expect(diagram).not.toContain(synthDir());
  });

  it("replaces only the block between the markers, and says what is missing without them", () => {
    const doc = `# Title\n\n${GRAPH_START}\nold\n${GRAPH_END}\n\nrest\n`;
    const once = replaceGraphBlock(doc, "flowchart TB\n");
    expect(once).toBe(`# Title\n\n${graphBlock("flowchart TB\n")}\n\nrest\n`);
    expect(replaceGraphBlock(once, "flowchart TB\n")).toBe(once);
    expect(() => replaceGraphBlock("# no markers\n", "x", "README.md")).toThrow(
      `README.md has no ${GRAPH_START} ... ${GRAPH_END} block; add the two markers where the diagram goes`,
    );
  });

  it("`--write` updates a copy of the README, which the README check then accepts", () => {
    const readme = join(tempDir("graph-readme"), "README.md");
    writeFileSync(
      readme,
      `# platform-infra\n\n## Architecture\n\n${GRAPH_START}\n${GRAPH_END}\n\n## Stacks\n`,
    );
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "scripts/graph.ts", "--dir", synthDir(), "--write", readme],
      { cwd: REPO, encoding: "utf8" },
    );
    expect(run.status, run.stderr).toBe(0);
    const written = readFileSync(readme, "utf8");
    expect(embeddedBlock(written)).toBe(graphBlock(renderMermaid(graph())));
    expect(written.startsWith("# platform-infra\n\n## Architecture\n\n<!-- graph:start -->")).toBe(true);
    expect(written.endsWith("<!-- graph:end -->\n\n## Stacks\n")).toBe(true);
  });
});
