/**
 * `sensitive` and `write_only`, which the bindings do not record (the generator never reads them).
 *
 * - sensitive: a hand-kept table of the attributes the real providers mark sensitive, for the types our
 *   stacks use (checked against the providers' published schemas). Everything else defaults to not
 *   sensitive. Terraform uses the flag to require `sensitive = true` on outputs and to refuse sensitive
 *   `for_each` values, so a missing entry hides such an error and a wrong one invents it.
 * - write_only: derived from HashiCorp's naming convention for write-only arguments: `<name>_wo` paired
 *   with a `<name>_wo_version` or `<name>_wo_revision` sibling that triggers updates. Inside a write-only
 *   nested attribute every field is write-only too, as Terraform requires.
 */
import type { AttributeJson, BlockJson } from "./types";

/** Per source address: keys are a resource type, `data.<type>` or `provider`; values are dotted paths. */
export const KNOWN_SENSITIVE: Record<string, Record<string, string[]>> = {
  "registry.terraform.io/hashicorp/aws": {
    aws_db_instance: ["password"],
    aws_elasticache_replication_group: ["auth_token"],
    aws_secretsmanager_secret_version: ["secret_string", "secret_binary", "secret_string_wo"],
    "data.aws_secretsmanager_random_password": ["random_password"],
  },
  "registry.terraform.io/hashicorp/helm": {
    helm_release: ["repository_password", "set_sensitive.value"],
  },
  "registry.terraform.io/hashicorp/kubernetes": {
    kubernetes_secret_v1: ["data", "binary_data"],
  },
  "registry.terraform.io/hashicorp/random": {
    random_password: ["result", "bcrypt_hash"],
  },
};

/** The attribute at a dotted path, through nested blocks and nested attributes. */
function attributeAt(block: BlockJson, path: string[]): AttributeJson | undefined {
  const [head, ...rest] = path;
  if (head === undefined) return undefined;
  if (rest.length === 0) return block.attributes?.[head];
  const nested = block.attributes?.[head]?.nested_type;
  if (nested) return attributeAt({ description_kind: "plain", attributes: nested.attributes }, rest);
  const child = block.block_types?.[head]?.block;
  return child ? attributeAt(child, rest) : undefined;
}

function markWriteOnly(attributes: Record<string, AttributeJson>, inherited: boolean): void {
  for (const [name, attr] of Object.entries(attributes)) {
    const own = /_wo$/.test(name) && (`${name}_version` in attributes || `${name}_revision` in attributes);
    if (own || inherited) attr.write_only = true;
    if (attr.nested_type) markWriteOnly(attr.nested_type.attributes, own || inherited);
  }
}

function markWriteOnlyInBlock(block: BlockJson): void {
  if (block.attributes) markWriteOnly(block.attributes, false);
  for (const child of Object.values(block.block_types ?? {})) markWriteOnlyInBlock(child.block);
}

/**
 * Applies both flags to one schema block in place. `key` is the resource type, `data.<type>` or
 * `provider`. Throws when the table names an attribute the schema lacks, so the table cannot rot.
 */
export function applySensitivity(source: string, key: string, block: BlockJson): void {
  markWriteOnlyInBlock(block);
  for (const path of KNOWN_SENSITIVE[source]?.[key] ?? []) {
    const attr = attributeAt(block, path.split("."));
    if (!attr) throw new Error(`KNOWN_SENSITIVE names ${source} ${key} ${path}, which the schema lacks`);
    attr.sensitive = true;
  }
}
