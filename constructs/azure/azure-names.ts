/**
 * Naming rules of the globally unique Azure names the storage and vault constructs derive, as functions
 * so a construct reports every broken rule at once (the pattern of constructs/aws/s3-bucket-name.ts).
 * Source: "Naming rules and restrictions for Azure resources" (Microsoft.Storage/storageAccounts,
 * Microsoft.KeyVault/vaults, Microsoft.Resources/resourceGroups).
 */
import { createHash } from "node:crypto";

/** One broken naming rule: what is allowed and how to fix it. */
export interface NameProblem {
  readonly allowed: string;
  readonly hint: string;
}

export const STORAGE_ACCOUNT_NAME_MAX = 24;
export const KEY_VAULT_NAME_MAX = 24;

function collect(rules: readonly [boolean, string, string][]): NameProblem[] {
  return rules.filter(([ok]) => !ok).map(([, allowed, hint]) => ({ allowed, hint }));
}

/** Every rule a storage account name breaks: 3 to 24 lower-case letters and digits, unique in Azure. */
export function storageAccountNameProblems(name: string): NameProblem[] {
  return collect([
    [
      name.length >= 3 && name.length <= STORAGE_ACCOUNT_NAME_MAX,
      `3 to ${STORAGE_ACCOUNT_NAME_MAX} characters`,
      `shorten the name (it has ${name.length} characters)`,
    ],
    [
      /^[a-z0-9]*$/.test(name),
      "lower-case letters and digits only",
      "drop dashes, dots and capitals: the name is the host label <name>.blob.core.windows.net",
    ],
  ]);
}

/** Every rule a Key Vault name breaks: 3 to 24 letters, digits and single dashes, unique in Azure. */
export function keyVaultNameProblems(name: string): NameProblem[] {
  return collect([
    [
      name.length >= 3 && name.length <= KEY_VAULT_NAME_MAX,
      `3 to ${KEY_VAULT_NAME_MAX} characters`,
      `shorten the name (it has ${name.length} characters)`,
    ],
    [/^[A-Za-z0-9-]*$/.test(name), "letters, digits and dashes only", "drop dots, underscores and spaces"],
    [/^[A-Za-z]/.test(name), "a name that starts with a letter", "prefix the organisation, e.g. acme-"],
    [/[A-Za-z0-9]$/.test(name), "a name that ends with a letter or digit", "trim the trailing dash"],
    [!name.includes("--"), "no two consecutive dashes", "replace `--` with a single dash"],
  ]);
}

/** Every rule a resource group name breaks: 1 to 90 word characters, dashes, dots and parentheses. */
export function resourceGroupNameProblems(name: string): NameProblem[] {
  return collect([
    [name.length >= 1 && name.length <= 90, "1 to 90 characters", `it has ${name.length} characters`],
    [
      /^[A-Za-z0-9_.()-]*$/.test(name),
      "letters, digits, underscores, dashes, dots and parentheses only",
      "replace other characters with dashes",
    ],
    [!name.endsWith("."), "a name that does not end with a dot", "trim the trailing dot"],
  ]);
}

/** Four hex digits that tell apart two names cut to the same prefix. */
function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 4);
}

/**
 * The storage account name for `prefix` and `purpose`: their letters and digits, lower-cased, e.g.
 * `acme-prod` + `blob` gives `acmeprodblob`. A longer result keeps its first 20 characters and adds four
 * hex digits of a hash of the full text, so the name is the same on every synth and two purposes never
 * collide. Uniqueness across Azure comes from the prefix: start it with the organisation.
 */
export function storageAccountNameFor(prefix: string, purpose: string): string {
  const name = `${prefix}${purpose}`.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (name.length <= STORAGE_ACCOUNT_NAME_MAX) return name;
  return `${name.slice(0, STORAGE_ACCOUNT_NAME_MAX - 4)}${shortHash(`${prefix}/${purpose}`)}`;
}

/**
 * The Key Vault name for `prefix` and `purpose`, e.g. `acme-prod` + `kv` gives `acme-prod-kv`: lower case,
 * other characters turned into single dashes. A longer result keeps its first 19 characters and adds a
 * dash and four hex digits of a hash of the full text (deterministic, as {@link storageAccountNameFor}).
 */
export function keyVaultNameFor(prefix: string, purpose: string): string {
  const name = `${prefix}-${purpose}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (name.length <= KEY_VAULT_NAME_MAX) return name;
  const head = name.slice(0, KEY_VAULT_NAME_MAX - 5).replace(/-+$/, "");
  return `${head}-${shortHash(`${prefix}/${purpose}`)}`;
}

/**
 * The storage account of an environment's static website (the edge's Azure static-assets origin):
 * `edge.static.azureAccountName` when set, else `<letters and digits of name>staticweb`, e.g.
 * `prodstaticweb`. The schema checks `edge.static.azureWebHost` against it.
 */
export function azureStaticAccountNameOf(envName: string, configured?: string): string {
  return configured ?? storageAccountNameFor(`${envName}-static`, "web");
}
