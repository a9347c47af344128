/**
 * Helm values, best effort. A `helm_release` hands values to a chart whose templates the policy engine
 * cannot render, so only what is explicit in the values is checked, at keys the common charts use:
 *
 * - `image: { tag }` / `image: "repo:tag"` objects anywhere in the tree (tag `latest` or an untagged
 *   string image fails; an absent tag means the chart's appVersion, which the chart version pins);
 * - `securityContext`, `containerSecurityContext` and `podSecurityContext` objects anywhere in the tree:
 *   only explicitly insecure settings fail (`allowPrivilegeEscalation: true`, `privileged: true`,
 *   `runAsNonRoot: false`, `runAsUser: 0`, `readOnlyRootFilesystem: false`, `capabilities.drop` without
 *   ALL), since an absent key means the chart's default, which may well be secure;
 * - top-level `replicaCount` (with `autoscaling.enabled`/`minReplicas`).
 *
 * Sources: each string of `values` (YAML or JSON; a whole-document interpolation such as
 * `${yamlencode(...)}` is skipped, references inside strings are read as text; see
 * {@link readValuesText}) and
 * the `set` blocks, turned into one more values document (`a.b.c=v`, with helm's true/false/number
 * inference).
 */
import { parse } from "yaml";
import type { JsonObject, ResourceView } from "../../types.js";
import { blocks, isObject } from "../values.js";

/** A value that is one Terraform expression and nothing else. */
const WHOLE_EXPRESSION = /^\$\{[\s\S]*\}$/;

/** One values document of a release. */
export interface HelmValues {
  /** `values[0]`, `values[1]`, ... or `set`. */
  source: string;
  doc: JsonObject;
}

/** A node found while walking values. */
export interface HelmNode {
  /** Dotted path from the root, e.g. `controller.image`. */
  path: string;
  value: unknown;
}

function inferScalar(value: unknown): unknown {
  if (value === "true") return true;
  if (value === "false") return false;
  if (typeof value === "string" && /^-?\d+$/.test(value)) return Number(value);
  return value;
}

function setDocument(entries: JsonObject[]): JsonObject {
  const doc: JsonObject = {};
  for (const entry of entries) {
    if (typeof entry.name !== "string") continue;
    const keys = entry.name.split(/(?<!\\)\./).map((k) => k.replace(/\\\./g, "."));
    let node = doc;
    keys.slice(0, -1).forEach((key) => {
      if (!isObject(node[key])) node[key] = {};
      node = node[key] as JsonObject;
    });
    node[keys[keys.length - 1]!] = inferScalar(entry.value);
  }
  return doc;
}

/**
 * Parses one values string as synthesized, before Terraform interpolates it. A reference inside a
 * JSON string may itself contain quotes (`"${lower("X")}"`), which is valid once Terraform has
 * substituted it but not before. When the text does not parse as it is, those quotes are escaped and
 * it is parsed again, so each reference reads as its own text. Throws when neither parses.
 */
export function readValuesText(text: string): unknown {
  // Most values are JSON (the stacks serialize them so); JSON.parse reads them far faster than the YAML
  // parser, with the same result.
  if (/^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // not plain JSON (a reference with quotes, or YAML flow style): the YAML path below decides
    }
  }
  try {
    return parse(text);
  } catch (error) {
    const escaped = escapeQuotesInInterpolations(text);
    if (escaped === text) throw error;
    return parse(escaped);
  }
}

/** Escapes `"` inside every `${ ... }` (not `$${`, which is a literal), honouring nested braces and strings. */
function escapeQuotesInInterpolations(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf("${", i);
    if (start < 0) break;
    if (start > 0 && text[start - 1] === "$") {
      out += text.slice(i, start + 2);
      i = start + 2;
      continue;
    }
    let depth = 0;
    let inString = false;
    let end = start + 2;
    for (; end < text.length; end++) {
      const c = text[end];
      if (inString) {
        if (c === "\\") end++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{") depth++;
      else if (c === "}") {
        if (depth === 0) break;
        depth--;
      }
    }
    out += text.slice(i, start) + text.slice(start, end + 1).replace(/(?<!\\)"/g, '\\"');
    i = end + 1;
  }
  return out + text.slice(i);
}

/** The values documents of a `helm_release`. Unparseable YAML is skipped. */
export function helmValuesOf(resource: ResourceView): HelmValues[] {
  const docs: HelmValues[] = [];
  const values = Array.isArray(resource.values.values) ? resource.values.values : [];
  values.forEach((text, i) => {
    // A whole document computed by Terraform (`${yamlencode(...)}`) cannot be read; a YAML document
    // with references inside some scalars can, and is.
    if (typeof text !== "string" || WHOLE_EXPRESSION.test(text.trim())) return;
    try {
      const doc = readValuesText(text);
      if (isObject(doc)) docs.push({ source: `values[${i}]`, doc });
    } catch {
      // Not YAML a linter can read; helm will reject it at apply time.
    }
  });
  const set = blocks(resource.values.set);
  if (set.length > 0) docs.push({ source: "set", doc: setDocument(set) });
  return docs;
}

/** Every node under keys accepted by `keyTest`, depth-first. */
export function findKeys(doc: JsonObject, keyTest: (key: string) => boolean, prefix = ""): HelmNode[] {
  const found: HelmNode[] = [];
  for (const [key, value] of Object.entries(doc)) {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    if (keyTest(key)) found.push({ path, value });
    if (isObject(value)) found.push(...findKeys(value, keyTest, path));
  }
  return found;
}

const SECURITY_CONTEXT_KEYS = new Set(["securityContext", "containerSecurityContext", "podSecurityContext"]);

/** Security-context objects in a values document. */
export function securityContexts(doc: JsonObject): Array<{ path: string; context: JsonObject }> {
  return findKeys(doc, (k) => SECURITY_CONTEXT_KEYS.has(k)).flatMap((n) =>
    isObject(n.value) ? [{ path: n.path, context: n.value }] : [],
  );
}

/**
 * Messages for every security context (in every values document of the release) where `bad` reports
 * a problem.
 */
export function helmSecurityContextFindings(
  resource: ResourceView,
  bad: (context: JsonObject) => string | undefined,
): string[] {
  return helmValuesOf(resource).flatMap(({ source, doc }) =>
    securityContexts(doc).flatMap(({ path, context }) => {
      const problem = bad(context);
      return problem === undefined ? [] : [`helm ${source} ${path}.${problem}`];
    }),
  );
}
