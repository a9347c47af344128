/**
 * Claims of README.md, CONTRIBUTING.md, policy/README.md and slo/README.md that code can check: the
 * files they cite exist, the `npm run` commands they name are scripts (and every script is named), the
 * environment files' optional keys are the ones listed, and the Helm values figure is measured.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENVIRONMENTS_DIR } from "../../environments/load";
import { readStack, resourcesOf, synthDir } from "../helpers";

const ROOT = path.resolve(__dirname, "..", "..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const DOCS = ["README.md", "CONTRIBUTING.md", "policy/README.md", "slo/README.md"];
/** Source files whose comments cite other files (kept true with the docs). */
const SOURCES = ["slo/k8s-types.ts", "slo/cli-main.ts", "policy/rules/eks/supported-version.ts"];

const ROOTS = /^(\.ci|\.github|constructs|environments|policy|scripts|slo|stacks|test)\//;
const ROOT_FILES =
  /^(main\.ts|package\.json|CONTRIBUTING\.md|README\.md|tsconfig\.json|vitest\.config\.mts|cdktf\.json|biome\.json)$/;
const FILE = /\.(ts|mts|cjs|json|md|yml|yaml|txt)$/;

/** Repository paths a text cites: in backticks (docs) or bare (source comments). */
function citedPaths(text: string, bare: boolean): string[] {
  const tokens = bare
    ? (text.match(
        /(?:\.ci|\.github|constructs|environments|policy|scripts|slo|stacks|test)\/[\w./-]+\.\w+/g,
      ) ?? [])
    : [...text.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]!);
  return [
    ...new Set(
      tokens
        .map((t) => t.replace(/[.,;:)]+$/, "").replace(/#.*$/, ""))
        .filter((t) => !/[<>*{}$]/.test(t))
        .filter((t) => (ROOTS.test(t) || ROOT_FILES.test(t)) && (FILE.test(t) || t.endsWith("/"))),
    ),
  ];
}

describe("cited files exist", () => {
  it.each(DOCS)("%s", (doc) => {
    const missing = citedPaths(read(doc), false).filter((p) => !existsSync(path.join(ROOT, p)));
    expect(missing).toEqual([]);
  });

  it.each(SOURCES)("%s (comments)", (file) => {
    const cited = citedPaths(read(file), true).filter((p) => !p.endsWith(".js"));
    const missing = cited.filter((p) => !existsSync(path.join(ROOT, p)));
    expect(missing).toEqual([]);
  });

  it("README.md's links to CONTRIBUTING.md land on headings that exist", () => {
    const anchors = [...read("README.md").matchAll(/\(CONTRIBUTING\.md#([\w-]+)\)/g)].map((m) => m[1]!);
    const headings = [...read("CONTRIBUTING.md").matchAll(/^#+ (.+)$/gm)].map((m) =>
      m[1]!
        .toLowerCase()
        .replace(/[^\w\s-]/g, "")
        .replace(/\s+/g, "-"),
    );
    expect(anchors.length).toBeGreaterThan(0);
    for (const anchor of anchors) expect(headings).toContain(anchor);
  });
});

describe("npm scripts", () => {
  const scripts = Object.keys(
    (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts,
  );
  const named = (doc: string) =>
    [...read(doc).matchAll(/npm run (?:--silent )?([a-z][\w-]*)/g)].map((m) => m[1]!);

  it.each(DOCS)("%s names only scripts that package.json defines", (doc) => {
    expect(named(doc).filter((s) => !scripts.includes(s))).toEqual([]);
  });

  it("README.md or CONTRIBUTING.md names every script package.json defines", () => {
    const documented = new Set([...named("README.md"), ...named("CONTRIBUTING.md")]);
    expect(scripts.filter((s) => s !== "test" && !documented.has(s))).toEqual([]);
  });
});

describe("environment files: the same keys except the listed optional ones", () => {
  type Json = Record<string, unknown>;
  const files = ["dev", "staging", "prod"];
  const docs = Object.fromEntries(
    files.map((f) => [f, JSON.parse(readFileSync(path.join(ENVIRONMENTS_DIR, `${f}.json`), "utf8")) as Json]),
  );

  /** Every object key path of a document (`a`, `a.b`, ...), through nested objects only. */
  function keyPaths(doc: Json, prefix = ""): string[] {
    return Object.entries(doc).flatMap(([k, v]) => {
      const p = prefix ? `${prefix}.${k}` : k;
      return v !== null && typeof v === "object" && !Array.isArray(v) ? [p, ...keyPaths(v as Json, p)] : [p];
    });
  }

  /** The shallowest paths that some files have and others lack, with the files that have each. */
  function differing(): Record<string, string[]> {
    const has = Object.fromEntries(files.map((f) => [f, new Set(keyPaths(docs[f]!))]));
    const all = [...new Set(files.flatMap((f) => [...has[f]!]))].sort();
    const result: Record<string, string[]> = {};
    for (const p of all) {
      const holders = files.filter((f) => has[f]!.has(p));
      const parent = p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : undefined;
      const parentEverywhere = parent === undefined || files.every((f) => has[f]!.has(parent));
      if (holders.length < files.length && parentEverywhere) result[p] = holders;
    }
    return result;
  }

  it("README.md lists exactly those keys, each with the files that set it", () => {
    const readme = read("README.md");
    const section = readme.slice(readme.indexOf("## Environments"));
    const listed = Object.fromEntries(
      [...section.matchAll(/^- `([\w.]+)` \(([a-z, ]+)\):/gm)].map((m) => [m[1]!, m[2]!.split(", ")]),
    );
    expect(listed).toEqual(differing());
  });
});

describe("README.md's figures", () => {
  it("states the Helm values per cluster stack within 15% of what the synth writes", () => {
    const dir = synthDir();
    const stacks = Object.keys(
      (
        JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")) as {
          stacks: Record<string, unknown>;
        }
      ).stacks,
    );
    const stated = /about (\d+) kB of values per cluster\s+stack/.exec(read("README.md"))?.[1];
    expect(stated, "README: 'about <n> kB of values per cluster stack'").toBeDefined();
    const perStack = stacks
      .map((stack) => ({
        stack,
        kB:
          Object.values(resourcesOf(readStack(dir, stack), "helm_release"))
            .flatMap((r) => (r.values as string[] | undefined) ?? [])
            .reduce((n, v) => n + Buffer.byteLength(v), 0) / 1000,
      }))
      .filter((s) => s.kB > 0);
    expect(perStack.length).toBeGreaterThanOrEqual(4);
    for (const { stack, kB } of perStack) {
      expect(
        Math.abs(kB - Number(stated)) / Number(stated),
        `${stack}: ${kB.toFixed(0)} kB of Helm values; README says about ${stated} kB`,
      ).toBeLessThanOrEqual(0.15);
    }
  });
});
