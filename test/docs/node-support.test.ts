/**
 * The Node versions the project supports, as README.md and CONTRIBUTING.md state them, against
 * package.json `engines`, the installed dependency tree (package-lock.json) and the Node that CI sets
 * up (.github/actions/node/action.yml, or .nvmrc when there is one).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

type Version = readonly [number, number, number];

/** `20`, `20.19`, `20.x`, `20.19.0`: missing or wildcard parts as `undefined`. */
function partial(text: string): (number | undefined)[] {
  const parts = text.replace(/^v/, "").split(".");
  if (parts.length > 3 || parts.some((p) => !/^(\d+|x|X|\*)$/.test(p))) {
    throw new Error(`unsupported version "${text}"`);
  }
  return [0, 1, 2].map((i) =>
    parts[i] === undefined || /^[xX*]$/.test(parts[i]!) ? undefined : Number(parts[i]),
  );
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

const floor = (p: (number | undefined)[]): Version => [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0];

/** The exclusive upper bound of a partial version: `20` -> 21.0.0, `20.19` -> 20.20.0. */
function ceiling(p: (number | undefined)[]): Version | undefined {
  if (p[0] === undefined) return undefined;
  if (p[1] === undefined) return [p[0] + 1, 0, 0];
  if (p[2] === undefined) return [p[0], p[1] + 1, 0];
  return undefined;
}

/** One comparator (`>=20.19`, `^20.19.0`, `20`, `*`) of an npm `engines` range. */
function satisfiesOne(comparator: string, v: Version): boolean {
  const m = /^(>=|<=|>|<|\^|~|=)?(.*)$/.exec(comparator)!;
  const op = m[1] ?? "";
  const text = m[2]!;
  if (text === "*" || text === "") return true;
  const p = partial(text);
  const low = floor(p);
  switch (op) {
    case ">=":
      return compare(v, low) >= 0;
    case ">":
      return compare(v, low) > 0;
    case "<":
      return compare(v, low) < 0;
    case "<=":
      return compare(v, low) <= 0;
    case "^": {
      const high: Version = low[0] > 0 ? [low[0] + 1, 0, 0] : [0, low[1] + 1, 0];
      return compare(v, low) >= 0 && compare(v, high) < 0;
    }
    case "~": {
      const high: Version = p[1] === undefined ? [low[0] + 1, 0, 0] : [low[0], low[1] + 1, 0];
      return compare(v, low) >= 0 && compare(v, high) < 0;
    }
    default: {
      const high = ceiling(p);
      return high ? compare(v, low) >= 0 && compare(v, high) < 0 : compare(v, low) === 0;
    }
  }
}

/** Whether Node `version` satisfies an npm `engines.node` range (the forms npm packages use). */
function acceptsNode(range: string, version: string): boolean {
  const v = floor(partial(version));
  return range.split("||").some((set) =>
    set
      .trim()
      .replace(/(>=|<=|>|<|\^|~|=)\s+/g, "$1")
      .split(/\s+/)
      .every((c) => satisfiesOne(c, v)),
  );
}

/** The lowest Node of each `||` branch of a range such as `^20.19.0 || >=22.12.0`. */
function floors(range: string): string[] {
  return range.split("||").map((set) => {
    const low = /(?:>=|\^|~)?\s*(\d+(?:\.\d+){0,2})/.exec(set.trim())?.[1];
    if (!low) throw new Error(`no lower bound in "${set}"`);
    return low;
  });
}

const pkg = JSON.parse(read("package.json")) as { engines: { node: string } };
const ENGINES = pkg.engines.node;
const lock = JSON.parse(read("package-lock.json")) as {
  packages: Record<string, { version?: string; dev?: boolean; engines?: { node?: string } | string[] }>;
};

/** Installed packages (present in node_modules, so other platforms' binaries are left out) and their `engines.node`. */
const installed = Object.entries(lock.packages)
  .filter(([where]) => where !== "" && existsSync(path.join(ROOT, where, "package.json")))
  .map(([where, p]) => ({
    name: where.replace(/^.*node_modules\//, ""),
    dev: p.dev === true,
    node: Array.isArray(p.engines) ? undefined : p.engines?.node,
  }));

/**
 * The schema packages whose current majors declare `node >=22`. The tests need them (Istio's v1 APIs
 * exist only in @kubernetes-models/istio 3.x); they run on Node 20.20 regardless. CONTRIBUTING.md names
 * them; when CI moves to Node 22 this list and the Node 20 branch of `engines` go.
 */
const NODE_22_ONLY = [
  "@kubernetes-models/apimachinery",
  "@kubernetes-models/argo-cd",
  "@kubernetes-models/argo-rollouts",
  "@kubernetes-models/base",
  "@kubernetes-models/istio",
  "@kubernetes-models/validate",
  "kubernetes-models",
];

describe("acceptsNode (the range reader these checks use)", () => {
  it.each([
    [">=20.19", "20.19.0", true],
    [">=20.19", "20.18.9", false],
    ["^20.19.0 || >=22.12.0", "21.7.0", false],
    ["^20.19.0 || >=22.12.0", "22.11.0", false],
    ["^20.19.0 || >=22.12.0", "24.1.0", true],
    [">= 10.*", "20.19.0", true],
    ["4.x || >=6.0.0", "5.0.0", false],
    [">=16 || 14 >=14.17", "14.17.0", true],
    [">=16 || 14 >=14.17", "15.0.0", false],
    [">=6 <7 || >=8", "7.1.0", false],
    ["^20.19.0 || ^22.13.0 || >=23.5.0", "22.12.0", false],
    ["*", "20.19.0", true],
    [">=22", "20.20.2", false],
  ])("%s with %s: %s", (range, version, expected) => {
    expect(acceptsNode(range, version)).toBe(expected);
  });
});

describe("Node support", () => {
  it("README.md states package.json's engines range and links the details", () => {
    const readme = read("README.md");
    expect(readme).toContain(`\`${ENGINES}\``);
    expect(readme).toContain("CONTRIBUTING.md");
  });

  it.each(
    floors(ENGINES),
  )("every installed package accepts Node %s, except the documented ones", (version) => {
    const refusing = installed.filter((p) => p.node !== undefined && !acceptsNode(p.node, version));
    const expected = version.startsWith("20.") ? NODE_22_ONLY : [];
    expect(refusing.map((p) => p.name).sort()).toEqual(expected);
    expect(
      refusing.filter((p) => !p.dev).map((p) => p.name),
      "runtime dependencies",
    ).toEqual([]);
  });

  it("CONTRIBUTING.md names each package that refuses the oldest supported Node", () => {
    const contributing = read("CONTRIBUTING.md");
    for (const name of NODE_22_ONLY) expect(contributing).toContain(`\`${name}\``);
  });

  it("the Node that CI sets up is inside engines, and CONTRIBUTING.md says which it is", () => {
    const nvmrc = path.join(ROOT, ".nvmrc");
    const action = read(".github/actions/node/action.yml");
    const ci = existsSync(nvmrc)
      ? readFileSync(nvmrc, "utf8").trim()
      : /echo "version=(\d+(?:\.\d+)*)"/.exec(action)?.[1];
    expect(ci, "CI's Node version (.nvmrc or .github/actions/node/action.yml)").toBeDefined();
    const major = Number(ci!.replace(/^v/, "").split(".")[0]);
    // setup-node with a bare major installs that line's newest release.
    const newest = ci!.includes(".") ? ci! : `${major}.99.0`;
    expect(acceptsNode(ENGINES, newest), `Node ${newest} against ${ENGINES}`).toBe(true);
    expect(read("CONTRIBUTING.md")).toContain(`CI runs Node ${major}`);
  });

  it("this machine's Node is inside engines", () => {
    expect(acceptsNode(ENGINES, process.versions.node), `${process.versions.node} against ${ENGINES}`).toBe(
      true,
    );
  });
});
