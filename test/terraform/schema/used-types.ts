/** Which providers, resource types and data source types the synthesized stacks use. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** One provider, by its source address, and the types the stacks use from it. */
export interface UsedProvider {
  /** Fully qualified source address, e.g. "registry.terraform.io/hashicorp/aws". */
  source: string;
  /** The local names the stacks give it in `required_providers`, e.g. ["aws"]. */
  localNames: string[];
  /** The version constraints written in `required_providers`, e.g. ["6.25.0"]. */
  versionConstraints: string[];
  /** Resource types, sorted. */
  resources: string[];
  /** Data source types, sorted. */
  dataSources: string[];
}

interface StackJson {
  terraform?: { required_providers?: Record<string, { source?: string; version?: string }> };
  provider?: Record<string, unknown>;
  resource?: Record<string, Record<string, { provider?: string }>>;
  data?: Record<string, Record<string, { provider?: string }>>;
}

/** Terraform's own provider (`terraform_remote_state`, `terraform_data`); it needs no schema from us. */
const BUILTIN_LOCAL_NAME = "terraform";

/** Expands a `required_providers` source ("aws", "hashicorp/aws") to its full address. */
export function normalizeSource(source: string): string {
  const parts = source.toLowerCase().split("/");
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `registry.terraform.io/${parts[0]}/${parts[1]}`;
  return parts.join("/");
}

/** The local provider name a resource or data source belongs to, as Terraform decides it. */
function localNameOf(type: string, config: { provider?: string }): string {
  if (typeof config.provider === "string") return config.provider.split(".")[0]!;
  return type.split("_")[0]!;
}

/**
 * Reads every `stacks/<name>/cdk.tf.json` under a cdktf output folder and returns, per provider source
 * address (sorted), the resource and data source types the stacks use. Providers that are required but
 * whose types are unused are listed too, since their configuration block still needs a schema.
 */
export function listUsedTypes(synthDir: string): Record<string, UsedProvider> {
  const stacksDir = join(synthDir, "stacks");
  if (!existsSync(stacksDir)) {
    throw new Error(`${stacksDir} does not exist; run \`npm run synth\` first or pass a cdktf output folder`);
  }
  const used = new Map<string, UsedProvider>();
  const entry = (source: string) => {
    let p = used.get(source);
    if (!p) {
      p = { source, localNames: [], versionConstraints: [], resources: [], dataSources: [] };
      used.set(source, p);
    }
    return p;
  };
  const addUnique = (list: string[], value: string | undefined) => {
    if (value !== undefined && !list.includes(value)) list.push(value);
  };

  for (const stack of readdirSync(stacksDir).sort()) {
    const file = join(stacksDir, stack, "cdk.tf.json");
    if (!existsSync(file)) continue;
    const doc = JSON.parse(readFileSync(file, "utf8")) as StackJson;
    const required = doc.terraform?.required_providers ?? {};
    const sourceOf = (local: string) => normalizeSource(required[local]?.source ?? local);
    for (const [local, req] of Object.entries(required)) {
      const p = entry(sourceOf(local));
      addUnique(p.localNames, local);
      addUnique(p.versionConstraints, req.version);
    }
    for (const local of Object.keys(doc.provider ?? {})) addUnique(entry(sourceOf(local)).localNames, local);
    const collect = (blocks: StackJson["resource"], pick: (p: UsedProvider) => string[]) => {
      for (const [type, instances] of Object.entries(blocks ?? {})) {
        const locals = new Set(Object.values(instances).map((config) => localNameOf(type, config)));
        for (const local of locals) {
          if (local === BUILTIN_LOCAL_NAME && !(local in required)) continue;
          addUnique(pick(entry(sourceOf(local))), type);
        }
      }
    };
    collect(doc.resource, (p) => p.resources);
    collect(doc.data, (p) => p.dataSources);
  }

  const result: Record<string, UsedProvider> = {};
  for (const source of [...used.keys()].sort()) {
    const p = used.get(source)!;
    result[source] = {
      ...p,
      localNames: p.localNames.sort(),
      versionConstraints: p.versionConstraints.sort(),
      resources: p.resources.sort(),
      dataSources: p.dataSources.sort(),
    };
  }
  return result;
}
