import { describe, expect, it } from "vitest";
import {
  dependencyOrder,
  dependentsOf,
  detectChangedStacks,
  type ManifestStack,
  main,
  readManifest,
  toMatrix,
} from "../../scripts/preview/changed-stacks";
import { synthDir, tempDir } from "../helpers";
import { writeSynthOut } from "./fixtures";

const vpc = (cidr: string) => ({ resource: { aws_vpc: { Vpc: { cidr_block: cidr } } } });
const chart = (dir: string, hash: string) => ({
  resource: { helm_release: { Release: { chart: `${dir}/assets/Chart/${hash}`, name: "raw" } } },
});

function manifest(entries: Record<string, string[]>): Map<string, ManifestStack> {
  return new Map(
    Object.entries(entries).map(([name, dependencies]) => [
      name,
      { name, dependencies, synthesizedStackPath: `stacks/${name}/cdk.tf.json` },
    ]),
  );
}

describe("detectChangedStacks", () => {
  it("finds changed, dependent (transitively), added and removed stacks", () => {
    const base = writeSynthOut({
      net: { doc: vpc("10.0.0.0/16") },
      app: { doc: vpc("10.1.0.0/16"), dependencies: ["net"] },
      web: { doc: vpc("10.2.0.0/16"), dependencies: ["app"] },
      solo: { doc: vpc("10.3.0.0/16") },
      old: { doc: vpc("10.4.0.0/16") },
    });
    const head = writeSynthOut({
      net: { doc: vpc("10.9.0.0/16") },
      app: { doc: vpc("10.1.0.0/16"), dependencies: ["net"] },
      web: { doc: vpc("10.2.0.0/16"), dependencies: ["app"] },
      solo: { doc: vpc("10.3.0.0/16") },
      edge: { doc: vpc("10.5.0.0/16"), dependencies: ["solo"] },
    });
    const changes = detectChangedStacks(base, head);
    expect(changes).toEqual({
      stacks: ["net", "app", "edge", "web", "old"],
      reasons: { net: "changed", app: "dependent", web: "dependent", edge: "added", old: "removed" },
      changed: ["net"],
      dependents: ["app", "web"],
      added: ["edge"],
      removed: ["old"],
      unchanged: ["solo"],
    });
    expect(toMatrix(changes).include).toContainEqual({ stack: "web", reason: "dependent" });
  });

  it("ignores key order, comment keys, asset hashes and absolute roots, but not asset contents", () => {
    const baseRoot = tempDir("preview-base-root");
    const headRoot = tempDir("preview-head-root");
    const base = writeSynthOut({
      ordered: {
        doc: { resource: { aws_vpc: { Vpc: { cidr_block: "10.0.0.0/16", tags: { a: "1", b: "2" } } } } },
      },
      meta: { doc: { "//": { metadata: { version: "0.21.0" } }, ...vpc("10.0.0.0/16") } },
      hashed: {
        doc: chart(".", "0123456789ABCDEF0123456789ABCDEF"),
        assets: { "Chart/0123456789ABCDEF0123456789ABCDEF/Chart.yaml": "name: raw" },
      },
      rooted: { doc: { resource: { local_file: { F: { filename: `${baseRoot}/out/x.txt` } } } } },
      content: {
        doc: chart(".", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        assets: { "Chart/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/values.yaml": "a: 1" },
      },
    });
    const head = writeSynthOut({
      ordered: {
        doc: { resource: { aws_vpc: { Vpc: { tags: { b: "2", a: "1" }, cidr_block: "10.0.0.0/16" } } } },
      },
      meta: { doc: { "//": { metadata: { version: "0.22.0" } }, ...vpc("10.0.0.0/16") } },
      hashed: {
        doc: chart(".", "FEDCBA9876543210FEDCBA9876543210"),
        assets: { "Chart/FEDCBA9876543210FEDCBA9876543210/Chart.yaml": "name: raw" },
      },
      rooted: { doc: { resource: { local_file: { F: { filename: `${headRoot}/out/x.txt` } } } } },
      content: {
        doc: chart(".", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        assets: { "Chart/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/values.yaml": "a: 2" },
      },
    });
    const changes = detectChangedStacks(base, head, { baseRoots: [baseRoot], headRoots: [headRoot] });
    expect(changes.changed).toEqual(["content"]);
    expect(changes.unchanged).toEqual(["hashed", "meta", "ordered", "rooted"]);
  });

  it("finds nothing between two synths of the same tree", () => {
    const dir = synthDir();
    const changes = detectChangedStacks(dir, dir);
    expect(changes.stacks).toEqual([]);
    expect(changes.unchanged).toEqual([...readManifest(dir).keys()].sort());
  });

  it("reads dependencies from the real manifest, with no stack list in the code", () => {
    const real = readManifest(synthDir());
    expect(dependentsOf(real, ["prod"])).toEqual(new Set(["prod-blue", "prod-green"]));
    const order = dependencyOrder(real);
    expect(order.indexOf("prod")).toBeLessThan(order.indexOf("prod-blue"));
  });

  it("orders dependencies first and survives cycles and unknown names", () => {
    const m = manifest({ c: ["b"], b: ["a", "missing"], a: [], x: ["y"], y: ["x"] });
    expect(dependencyOrder(m)).toEqual(["a", "b", "c", "y", "x"]);
    expect(dependentsOf(m, ["a"])).toEqual(new Set(["b", "c"]));
  });

  it("names the missing manifest", () => {
    expect(() => readManifest(tempDir("preview-empty"))).toThrow(/manifest.json not found; synthesize first/);
  });
});

describe("changed-stacks CLI", () => {
  it("prints the change set and a matrix, or only the matrix", () => {
    const base = writeSynthOut({
      a: { doc: vpc("10.0.0.0/16") },
      b: { doc: vpc("10.1.0.0/16"), dependencies: ["a"] },
    });
    const head = writeSynthOut({
      a: { doc: vpc("10.7.0.0/16") },
      b: { doc: vpc("10.1.0.0/16"), dependencies: ["a"] },
    });
    const out: string[] = [];
    expect(main(["--base-dir", base, "--head-dir", head], (t) => out.push(t))).toBe(0);
    const full = JSON.parse(out[0]!);
    expect(full.stacks).toEqual(["a", "b"]);
    expect(full.any).toBe(true);
    expect(full.matrix).toEqual({
      include: [
        { stack: "a", reason: "changed" },
        { stack: "b", reason: "dependent" },
      ],
    });
    expect(main(["--base-dir", base, "--head-dir", head, "--matrix"], (t) => out.push(t))).toBe(0);
    expect(JSON.parse(out[1]!)).toEqual(full.matrix);
  });

  it("exits 2 without both folders", () => {
    expect(main(["--base-dir", "x"], () => undefined)).toBe(2);
  });
});
