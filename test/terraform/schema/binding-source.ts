/**
 * Finds the prebuilt cdktf provider packages in node_modules and reads the generated TypeScript of one
 * resource, data source or provider module. The packages ship compiled JavaScript, but every file carries
 * an inline source map whose `sourcesContent` is the generator's original TypeScript, including the
 * `// name - computed: …, optional: …, required: …` line it writes above each attribute. That line is
 * the only place the computed flag of a settable attribute survives, so the source map is required.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface ProviderPackage {
  /** Package folder, e.g. /repo/node_modules/@cdktf/provider-aws. */
  dir: string;
  packageName: string;
  packageVersion: string;
  /** Source address the bindings were generated for, e.g. "registry.terraform.io/hashicorp/aws". */
  source: string;
  /** Provider version the bindings were generated from, e.g. "6.25.0". */
  providerVersion: string;
}

export type ModuleKind = "resource" | "data" | "provider";

interface PackageJson {
  name: string;
  version: string;
  cdktf?: { provider?: { name?: string; version?: string } };
}

/** Every `@cdktf/provider-*` package that holds generated bindings (has lib/provider). */
export function findProviderPackages(nodeModules: string): ProviderPackage[] {
  const scopeDir = join(nodeModules, "@cdktf");
  if (!existsSync(scopeDir)) return [];
  const found: ProviderPackage[] = [];
  for (const name of readdirSync(scopeDir).sort()) {
    const dir = join(scopeDir, name);
    if (!name.startsWith("provider-") || !existsSync(join(dir, "lib", "provider", "index.js"))) continue;
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageJson;
    let source = pkg.cdktf?.provider?.name;
    let providerVersion = pkg.cdktf?.provider?.version;
    if (!source || !providerVersion) {
      // Older packages lack the "cdktf" section; the provider module records the same facts.
      const ts = readModuleSource(join(dir, "lib", "provider"));
      source ??= `registry.terraform.io/${/terraformProviderSource: '([^']+)'/.exec(ts)?.[1] ?? ""}`;
      providerVersion ??= /providerVersion: '([^']+)'/.exec(ts)?.[1];
    }
    if (!providerVersion) throw new Error(`${dir}: cannot tell which provider version it was generated from`);
    found.push({
      dir,
      packageName: pkg.name,
      packageVersion: pkg.version,
      source: source.toLowerCase(),
      providerVersion,
    });
  }
  return found;
}

const RESERVED_MODULE_NAMES = new Set([
  "string",
  "object",
  "function",
  "implements",
  "interface",
  "let",
  "package",
  "private",
  "protected",
  "public",
  "static",
  "yield",
  "await",
  "license",
  "version",
  "provider",
]);

/**
 * The folder under lib/ that the generator wrote for a type, by the generator's own naming rule
 * (provider prefix dropped from resources, "data_" added to data sources, reserved names suffixed with
 * "_resource"), confirmed against the module's `tfResourceType`. Falls back to scanning every module.
 */
export function moduleDir(pkg: ProviderPackage, kind: ModuleKind, type: string): string {
  const lib = join(pkg.dir, "lib");
  if (kind === "provider") return join(lib, "provider");
  const providerName = pkg.source.split("/").pop()!;
  let base = kind === "data" ? `data_${type}` : type.replace(new RegExp(`^${providerName}_`), "");
  if (base === "index") base = "index_resource";
  else if (RESERVED_MODULE_NAMES.has(base.toLowerCase())) base = `${base}_resource`;
  const candidate = join(lib, base.replace(/_/g, "-"));
  if (declaredType(candidate) === type) return candidate;
  for (const name of readdirSync(lib)) {
    const dir = join(lib, name);
    if (name.startsWith("data-") === (kind === "data") && declaredType(dir) === type) return dir;
  }
  throw new Error(`${pkg.packageName}@${pkg.packageVersion} has no ${kind} ${type}`);
}

function declaredType(dir: string): string | undefined {
  const file = join(dir, "index.js");
  if (!existsSync(file)) return undefined;
  return /\.tfResourceType = "([^"]+)";/.exec(readFileSync(file, "utf8"))?.[1];
}

/**
 * The generated TypeScript of one module folder: index plus any `index-structs/structsN` shards,
 * concatenated. Reads `.ts` files where present (fresh generator output), else the source maps of `.js`.
 */
export function readModuleSource(dir: string): string {
  const parts: string[] = [];
  const visit = (d: string) => {
    for (const name of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(d, name.name);
      if (name.isDirectory()) visit(path);
      else if (name.name.endsWith(".ts") && !name.name.endsWith(".d.ts"))
        parts.push(readFileSync(path, "utf8"));
      else if (name.name.endsWith(".js") && !existsSync(path.replace(/\.js$/, ".ts"))) {
        parts.push(sourceFromSourceMap(path));
      }
    }
  };
  visit(dir);
  return parts.join("\n");
}

function sourceFromSourceMap(jsFile: string): string {
  const js = readFileSync(jsFile, "utf8");
  const match = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(js);
  if (!match) throw new Error(`${jsFile} has no inline source map; cannot recover the generated TypeScript`);
  const map = JSON.parse(Buffer.from(match[1]!, "base64").toString("utf8")) as { sourcesContent?: string[] };
  const source = map.sourcesContent?.[0];
  if (!source) throw new Error(`${jsFile}: its source map has no sourcesContent`);
  return source;
}
