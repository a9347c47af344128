/**
 * Literal secrets: a password, token or key written into the configuration as text rather than as a
 * reference (`${...}`) to where the secret lives (a generated `random_password`, a Secrets Manager
 * secret, a Kubernetes Secret filled out of band). A literal ends up in git, in every synthesized
 * `cdk.tf.json` and in plan files.
 *
 * Where it looks, in any block of a stack (resources, data sources, providers, variables, outputs, the
 * `terraform` block):
 * - attributes named like a secret (`password`, `master_password`, `secret_string`, `auth_token`,
 *   `client_secret`, `private_key`, `access_key`, `connection_string`, ...) and every write-only
 *   argument (`*_wo`), at any depth;
 * - `{ name, value }` pairs whose name is a secret's (container `env`, helm `set`);
 * - every value of helm `set_sensitive`;
 * - helm `values` documents (YAML or JSON), walked the same way (`adminPassword`, `password`, `token`,
 *   `secret`, ...);
 * - the values of `data` / `string_data` / `binary_data` of `kubernetes_secret(_v1)` and
 *   `kubernetes_secret_v1_data`, and `data` / `stringData` of Secret manifests, except keys naming a
 *   user (`user`, `username`, `login`);
 * - URLs with a password in them (`postgres://app:hunter2@host`);
 * - variables and outputs that are `sensitive` or named like a secret, with a literal `default` / `value`;
 * - the `terraform` block (backend settings such as `access_key`, `token`).
 *
 * Not a secret: the empty string (a placeholder filled out of band), any value holding `${`
 * (a reference, or `$${...}` text a program substitutes), and names of a secret's location or settings
 * (`*_arn`, `*_id`, `*_name`, `*_file`, `*_version`, `existingSecret`, `secretName`, ...).
 */
import type { JsonObject, ResourceView } from "../types.js";
import { readValuesText } from "./k8s/helm.js";
import { blocks, isObject } from "./values.js";

/** Attribute names that hold a secret. */
const SECRET_KEY =
  /(password|passwd|secret|secret_?string|token|private_?key|secret_?key|access_?key|api_?key|connection_?string|_wo)$/i;
/** Names of a secret's location or settings, not the secret itself. */
const NOT_A_SECRET =
  /(_arn|_id|_name|_file|_path|_strategy|_kms_key_id|_version|_ref|existingsecret|secretname|secretref|secretkeyref)$/i;
/** Secret data keys that name a user rather than hold a credential. */
const USER_KEY = /(^|[-_.])(user|username|login)$/i;
/** `scheme://user:password@host` with a password that is not a reference. */
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:([^\s@/]+)@/i;
/** A values string that is one Terraform expression, e.g. `${yamlencode(...)}`: unknown at synth time. */
const WHOLE_EXPRESSION = /^\$\{[\s\S]*\}$/;

const SECRET_TYPES = new Set(["kubernetes_secret", "kubernetes_secret_v1", "kubernetes_secret_v1_data"]);
const SECRET_DATA_KEYS = ["data", "string_data", "binary_data"];

/** True for a value written as text: a non-empty string without `${`, or a number. */
export function isLiteralValue(value: unknown): boolean {
  if (typeof value === "number") return true;
  return typeof value === "string" && value.trim() !== "" && !value.includes("${");
}

/** True for an attribute name that holds a secret. */
export function isSecretName(name: string): boolean {
  const last = name.split(".").pop() ?? name;
  return SECRET_KEY.test(last) && !NOT_A_SECRET.test(last);
}

/** Where a literal secret is, e.g. `values[0].grafana.adminPassword`. */
export interface SecretHit {
  path: string;
  value: string | number;
}

function join(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path === "" ? key : `${path}.${key}`;
}

function secretData(node: JsonObject, keys: readonly string[], path: string): SecretHit[] {
  return keys.flatMap((key) => {
    const data = node[key];
    if (!isObject(data)) return [];
    return Object.entries(data)
      .filter(([name, value]) => !USER_KEY.test(name) && isLiteralValue(value))
      .map(([name, value]) => ({ path: join(join(path, key), name), value: value as string | number }));
  });
}

/** Literal secrets anywhere under `node`. */
export function findLiteralSecrets(node: unknown, path = ""): SecretHit[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => findLiteralSecrets(v, join(path, i)));
  if (typeof node === "string") {
    const credential = URL_CREDENTIALS.exec(node)?.[1];
    return credential !== undefined && isLiteralValue(credential) ? [{ path, value: node }] : [];
  }
  if (!isObject(node)) return [];
  const hits: SecretHit[] = [];
  if (node.kind === "Secret") hits.push(...secretData(node, ["data", "stringData"], path));
  if (typeof node.name === "string" && isSecretName(node.name) && isLiteralValue(node.value)) {
    hits.push({ path: `${path} (${node.name})`, value: node.value as string | number });
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === "//") continue;
    const here = join(path, key);
    if (isSecretName(key) && isLiteralValue(value))
      hits.push({ path: here, value: value as string | number });
    else if (!(node.kind === "Secret" && (key === "data" || key === "stringData"))) {
      hits.push(...findLiteralSecrets(value, here));
    }
  }
  return hits;
}

function helmHits(values: JsonObject): SecretHit[] {
  const hits: SecretHit[] = [];
  (Array.isArray(values.values) ? values.values : []).forEach((text, i) => {
    if (typeof text !== "string" || WHOLE_EXPRESSION.test(text.trim())) return;
    let doc: unknown;
    try {
      doc = readValuesText(text);
    } catch {
      return; // not YAML; helm rejects it at apply time
    }
    hits.push(...findLiteralSecrets(doc, `values[${i}]`));
  });
  blocks(values.set_sensitive).forEach((entry, i) => {
    if (isLiteralValue(entry.value)) {
      hits.push({
        path: `set_sensitive[${i}] (${String(entry.name)})`,
        value: entry.value as string | number,
      });
    }
  });
  return hits;
}

/** Every literal secret of one block of a stack. */
export function literalSecretsOf(view: ResourceView): SecretHit[] {
  const { type, values } = view;
  if (type === "variable" || type === "output") {
    const key = type === "variable" ? "default" : "value";
    const secret = values.sensitive === true || isSecretName(view.name);
    return secret && isLiteralValue(values[key]) ? [{ path: key, value: values[key] as string }] : [];
  }
  const rest: JsonObject = { ...values };
  const hits: SecretHit[] = [];
  if (SECRET_TYPES.has(type)) {
    hits.push(...secretData(values, SECRET_DATA_KEYS, ""));
    for (const key of SECRET_DATA_KEYS) delete rest[key];
  }
  if (type === "helm_release") {
    hits.push(...helmHits(values));
    delete rest.values;
    delete rest.set_sensitive;
  }
  return [...hits, ...findLiteralSecrets(rest)];
}

/** A value shown without giving it away: its first two characters and its length. */
export function redact(value: string | number): string {
  const text = String(value);
  return `"${text.slice(0, 2)}…" (${text.length} chars)`;
}
