/**
 * Refuses to apply a synthesized stack that still holds the shipped placeholders: the
 * documentation address ranges (RFC 5737), the AWS documentation account IDs and the `.example`
 * names (RFC 2606). They make `npm run synth` and every offline test work on a fresh clone, but an
 * apply with them fails late (nobody reaches the EKS API from 203.0.113.0/28) or does something
 * nobody meant. `.ci/deploy` runs this before `terraform init`.
 *
 *   tsx scripts/deployable.ts <cdk.tf.json>...   exit 0: no placeholder; exit 1: each one listed
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

export interface Placeholder {
  /** JSON path inside the stack, e.g. `resource.aws_eks_cluster.Cluster.vpc_config.0.public_access_cidrs.0`. */
  readonly path: string;
  /** The placeholder itself (the matching part of the string). */
  readonly value: string;
  readonly why: string;
}

const RULES: readonly { readonly pattern: RegExp; readonly why: string }[] = [
  {
    pattern: /\b(192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}(\/\d{1,2})?\b/,
    why: "a documentation address range (RFC 5737): use the deployer's real egress or VPC ranges",
  },
  {
    pattern: /\b(111122223333|123456789012|444455556666)\b/,
    why: "an AWS documentation account ID: use the real account's role ARNs",
  },
  {
    pattern: /\b(?:[a-z0-9-]+\.)*(?:[a-z0-9-]+\.example|example\.(?:com|org|net))\b/,
    why: "a reserved example name (RFC 2606): use the real DNS zone",
  },
  {
    pattern: /\b0{32}\b/,
    why: "an all-zero CloudFlare id: use the real account and zone ids",
  },
  {
    pattern: /\b0{8}-0{4}-0{4}-0{4}-0{12}\b/,
    why: "the nil GUID: use the real Azure subscription, tenant, group or principal object ID",
  },
];

/** Every string in the stack that matches a placeholder rule, with its path. */
export function placeholdersIn(doc: unknown, path = ""): Placeholder[] {
  if (typeof doc === "string") {
    return RULES.flatMap((r) =>
      [...new Set(Array.from(doc.matchAll(new RegExp(r.pattern, "g")), (m) => m[0]))].map((value) => ({
        path,
        value,
        why: r.why,
      })),
    );
  }
  if (doc === null || typeof doc !== "object") return [];
  return Object.entries(doc as Record<string, unknown>).flatMap(([k, v]) =>
    // cdktf's bookkeeping (construct paths, stack metadata) is not deployed.
    k === "//" ? [] : placeholdersIn(v, path ? `${path}.${k}` : k),
  );
}

function main(files: readonly string[]): number {
  if (files.length === 0) {
    console.error("usage: tsx scripts/deployable.ts <cdk.tf.json>...");
    return 2;
  }
  let found = 0;
  for (const file of files) {
    const placeholders = placeholdersIn(JSON.parse(readFileSync(file, "utf8")));
    found += placeholders.length;
    for (const p of placeholders) console.error(`${file}: ${p.path}: ${JSON.stringify(p.value)}: ${p.why}`);
  }
  if (found > 0) {
    console.error(
      `${found} placeholder(s): replace them (environments/*.json, slo/specs, the Alertmanager receivers) before an apply`,
    );
    return 1;
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href)
  process.exitCode = main(process.argv.slice(2));
